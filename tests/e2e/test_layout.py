"""Layout in a real browser: the lists' filter bars are one aligned row of labelled, styled controls
on a desktop screen; on a phone (390 px wide) the home page, the filing form and the filing
history fit the screen, read as text (not columns of single characters), and every button can be
reached and pressed."""

import pytest
from playwright.sync_api import expect

from filings import workflow
from tests.filings.conftest import VALUES, pdf_upload

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def returned_filing(cast, settings, tmp_path):
    """t1's filing, submitted and returned with comments: a form with comments, buttons and history."""
    from filings import uploads

    settings.MEDIA_ROOT = tmp_path / "media"
    filing = workflow.save_filing(workflow.start_filing(cast.t1, by=cast.t1_staff), by=cast.t1_staff, **VALUES)
    uploads.add_attachment(filing, kind="election", upload=pdf_upload(), by=cast.t1_staff)
    uploads.add_attachment(filing, kind="signed_scan", upload=pdf_upload("scan.pdf"), by=cast.t1_staff)
    filing = workflow.submit_filing(filing, by=cast.t1_staff)
    return workflow.return_filing(filing, by=cast.d1_reviewer, comment="请补充辖区概况",
                                  field_comments={"host_profile": "概况太简略，请补充辖区人口和社区数量"})


def _fits_the_screen(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url}: the page is {overflow}px wider than the screen"


def _buttons_usable(page):
    """Every enabled button of the page's content lies inside the screen, keeps its words on one
    line (not a tall column of characters) and takes a click (nothing covers it)."""
    width = page.viewport_size["width"]
    buttons = page.locator("main :is(.btn, button, .list-group-item-action):visible:not([disabled])")
    assert buttons.count() > 0, page.url
    for i in range(buttons.count()):
        button = buttons.nth(i)
        box = button.bounding_box()
        label = button.inner_text().strip()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, f"{page.url}: {label} leaves the screen"
        assert box["height"] < 48, f"{page.url}: {label} is {box['height']}px tall"
        button.click(trial=True, timeout=3_000)


def _history_readable(page, table):
    """Each history row's content reads as lines of text: its cells are at least 250 px wide."""
    cells = page.locator(f"{table} tbody td:visible")
    assert cells.count() > 0
    for i in range(cells.count()):
        box = cells.nth(i).bounding_box()
        assert box["width"] >= 250, f"{page.url}: a history cell is {box['width']:.0f}px wide"
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5


def test_home_filing_form_and_history_on_a_phone(cast, signed_in, returned_filing):
    staff = signed_in(cast.t1_staff, PHONE)
    _fits_the_screen(staff)
    _buttons_usable(staff)
    staff.click(".navbar-toggler")
    expect(staff.locator("#mainnav .nav-link").first).to_be_visible()

    staff.goto(f"/filings/{returned_filing.pk}/")
    expect(staff.locator("#filing-form")).to_contain_text("概况太简略")
    _fits_the_screen(staff)
    _buttons_usable(staff)
    _history_readable(staff, "[data-testid=field-history]")

    admin = signed_in(cast.d1_admin, PHONE)
    admin.goto("/filings/history/")
    expect(admin.locator("[data-testid=filing-history]")).to_contain_text("莲花街道红十字会")
    _fits_the_screen(admin)
    _buttons_usable(admin)
    _history_readable(admin, "[data-testid=filing-history]")


LISTS = ["/members/", "/volunteers/", "/volunteers/records/", "/filings/", "/orgs/audit/"]


def test_filter_bars_are_one_aligned_row_of_labelled_styled_controls(cast, signed_in):
    """Each list's filter form (the page's GET form): every label above its control, the controls
    styled as the portal's and of one height on one line, 筛选 at the end of that line."""
    admin = signed_in(cast.d1_admin, DESKTOP)
    for path in LISTS:
        admin.goto(path)
        labels = admin.locator("main form[method=get] label[for]")
        bottoms, rows = [], []
        for i in range(labels.count()):
            label = labels.nth(i)
            control = admin.locator(f"#{label.get_attribute('for')}")
            if control.get_attribute("type") == "checkbox":
                continue
            box, above = control.bounding_box(), label.bounding_box()
            name = label.inner_text()
            assert above["y"] + above["height"] <= box["y"] + 1, f"{path}: {name} is not above its control"
            assert control.evaluate("e => getComputedStyle(e).borderTopLeftRadius") != "0px", \
                f"{path}: {name} is an unstyled control"
            bottoms.append(round(box["y"] + box["height"]))
            rows.append(round(above["y"]))
        assert len(bottoms) >= 2, path
        assert max(bottoms) - min(bottoms) <= 1, f"{path}: controls are not aligned ({bottoms})"
        assert max(rows) - min(rows) <= 1, f"{path}: the filters do not stand in one row ({rows})"
        button = admin.locator("main form[method=get] button[type=submit]").bounding_box()
        assert abs(button["y"] + button["height"] - max(bottoms)) <= 1, f"{path}: 筛选 is not on the row"


def test_filter_bars_wrap_on_a_phone(cast, signed_in):
    admin = signed_in(cast.d1_admin, PHONE)
    for path in LISTS:
        admin.goto(path)
        _fits_the_screen(admin)
        controls = admin.locator("main form[method=get] :is(select, input):visible")
        assert controls.count() >= 2, path
        for i in range(controls.count()):
            box = controls.nth(i).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], f"{path}: a filter leaves the screen"
        _buttons_usable(admin)
