"""Workers are supervised: ``scripts/supervise.sh`` starts a worker again when it dies, and stops
it with itself; ``scripts/serve.sh`` runs every worker under it."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHILD = "import os, sys, time; open(sys.argv[1], 'a').write(f'{os.getpid()}\\n'); time.sleep(600)"


def _pids(log: Path) -> list[int]:
    return [int(line) for line in log.read_text().split()] if log.exists() else []


def _wait(check, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_killed_worker_is_started_again_and_stopped_with_its_supervisor(tmp_path):
    log = tmp_path / "pids"
    supervisor = subprocess.Popen(["bash", str(ROOT / "scripts" / "supervise.sh"), sys.executable, "-c", CHILD,
                                   str(log)], env={**os.environ, "SUPERVISE_PAUSE": "0.2"}, stderr=subprocess.PIPE)
    try:
        _wait(lambda: len(_pids(log)) == 1)
        first = _pids(log)[0]
        os.kill(first, signal.SIGKILL)  # the worker dies
        _wait(lambda: len(_pids(log)) == 2)
        second = _pids(log)[1]
        assert second != first and _alive(second)
        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(timeout=20) == 0
        _wait(lambda: not _alive(second))
        assert "进程已退出" in supervisor.stderr.read().decode()
    finally:
        if supervisor.poll() is None:
            supervisor.kill()


def test_serve_runs_every_worker_under_the_supervisor():
    serve = (ROOT / "scripts" / "serve.sh").read_text()
    lines = [line for line in serve.splitlines() if "manage.py jobs_worker" in line]
    assert lines and all(line.strip().startswith("bash scripts/supervise.sh") for line in lines)
    assert "db_worker" not in serve
