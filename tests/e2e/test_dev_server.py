"""scripts/dev_server.sh (what scripts/run.sh runs once everything is installed): it serves at the
address it prints, a background worker does the work pages queue (a ZIP of PDFs gets built), the
filed PDFs' QR codes open on that address, and stopping it (Ctrl-C) leaves nothing running."""

import io
import os
import queue
import re
import signal
import socket
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest
import segno
from PIL import Image, ImageChops
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
#: the test run's own settings stay out of the script's environment: it runs as a developer's shell would
TEST_ONLY = ("PYTEST_VERSION", "PYTEST_CURRENT_TEST", "PORTAL_TEST_RUN", "DATABASE_URL", "DEBUG", "SECRET_KEY",
             "SITE_URL", "ALLOWED_HOSTS", "TASKS_BACKEND", "STATS_CACHE_SECONDS", "SECURE_SSL_REDIRECT",
             "SECURE_COOKIES", "DJANGO_SETTINGS_MODULE")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(tmp_path, port_bind) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    return env | {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "MEDIA_ROOT": str(tmp_path / "media"),
                  "PORT_BIND": port_bind}


def _start(tmp_path, port_bind):
    proc = subprocess.Popen(["bash", "scripts/dev_server.sh"], cwd=ROOT, env=_env(tmp_path, port_bind),
                            stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    return proc, lines


def _wait_for(lines, pattern, seconds, seen):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        seen.append(line)
        if match := re.search(pattern, line):
            return match
    raise AssertionError(f"no line matching {pattern!r} within {seconds}s:\n" + "".join(seen[-40:]))


def _alive(pid: int) -> bool:
    try:
        return "jobs_worker" in Path(f"/proc/{pid}/cmdline").read_text()
    except FileNotFoundError:
        return False


@pytest.fixture
def dev_server(tmp_path):
    port = _free_port()
    proc, lines = _start(tmp_path, f"127.0.0.1:{port}")
    seen: list[str] = []
    try:
        worker = int(_wait_for(lines, r"后台任务进程已启动（PID (\d+)）", 300, seen).group(1))
        address = _wait_for(lines, r"演示平台：(\S+)", 30, seen).group(1)
        _wait_for(lines, r"Quit the server with|Starting development server", 60, seen)
        yield proc, port, address, worker, tmp_path
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                raise


def _qr_of(pdf: Path, tmp_path) -> Image.Image:
    """The QR code image a stamped PDF carries (poppler's pdfimages; the seal is the larger image)."""
    subprocess.run(["pdfimages", "-png", str(pdf), str(tmp_path / "img")], check=True)
    images = [Image.open(p) for p in sorted(tmp_path.glob("img-*.png"))]
    return min(images, key=lambda image: image.width).convert("L")


def test_serves_where_it_says_builds_zips_opens_qr_codes_and_stops_cleanly(dev_server, browser):
    proc, port, address, worker, tmp_path = dev_server
    assert address == f"http://127.0.0.1:{port}"
    assert _alive(worker)

    context = browser.new_context(base_url=address, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    log_in(page, "yj_reviewer", "Demo#Portal2026")
    page.goto("/filings/")
    page.click("#export-start")
    expect(page.locator("[data-job=download]")).to_be_visible(timeout=240_000)  # built by the worker

    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        token, stamped = db.execute("SELECT token, stamped_pdf FROM filings_filing WHERE status = 'filed'").fetchone()
    verify = f"{address}/filings/verify/{token}/"
    expected = io.BytesIO()
    segno.make(verify, error="m").save(expected, kind="png", scale=3, border=1)
    qr = _qr_of(tmp_path / "media" / stamped, tmp_path)
    assert ImageChops.difference(qr, Image.open(expected).convert("L")).getbbox() is None  # the QR holds `verify`
    page.goto(verify)
    expect(page.locator("main")).to_contain_text("该备案表真实有效")
    context.close()

    os.killpg(proc.pid, signal.SIGINT)
    proc.wait(timeout=60)
    deadline = time.monotonic() + 10
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(worker), "the background worker outlived the server"


def test_a_taken_port_is_refused_with_a_chinese_message(tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        done = subprocess.run(["bash", "scripts/dev_server.sh"], cwd=ROOT, env=_env(tmp_path, f"127.0.0.1:{port}"),
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and f"无法在 127.0.0.1:{port} 提供服务" in done.stderr
    assert not (tmp_path / "db.sqlite3").exists()  # refused before touching anything
