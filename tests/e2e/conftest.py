"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium) against live_server.

``playwright install`` cannot download browsers here, so the system Chromium is launched
directly; scripts/install_system.sh installs it.
"""

import os

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make for
# set-up are still plain synchronous calls, which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def log_in(page, username: str, password: str = "Test#Portal2026"):
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/")
    return page


@pytest.fixture
def sign_in(page):
    def _sign_in(user, password="Test#Portal2026"):
        return log_in(page, user.username, password)

    return _sign_in


@pytest.fixture
def signed_in(browser, live_server):
    """``signed_in(user, viewport)``: a page of its own signed in as ``user`` on a screen of that
    size; every page is closed after the test."""
    contexts = []

    def _open(user, viewport):
        context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return log_in(page, user.username)

    yield _open
    for context in contexts:
        context.close()
