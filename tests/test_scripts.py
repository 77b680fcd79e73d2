"""scripts/install_system.sh waits for another apt or dpkg instead of failing: run against stand-ins
for apt-get (refusing twice with apt's lock message), dpkg-query (nothing installed) and id (root)."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APT_GET = """#!/bin/sh
echo "$*" >> "{log}"
case "$*" in *update*)
  n=$(grep -c update "{log}")
  if [ "$n" -le {refusals} ]; then
    echo "{message}" >&2; exit 100
  fi;;
esac
exit 0
"""
STANDINS = {"dpkg-query": "#!/bin/sh\necho 'unknown ok not-installed'\n", "id": "#!/bin/sh\necho 0\n",
            "sleep": "#!/bin/sh\nexit 0\n"}
LOCKED = "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)"


def _install(tmp_path, *, refusals: int, message: str = LOCKED):
    bin_dir, log = tmp_path / "bin", tmp_path / "apt.log"
    bin_dir.mkdir()
    scripts = {**STANDINS, "apt-get": APT_GET.format(log=log, refusals=refusals, message=message)}
    for name, body in scripts.items():
        (bin_dir / name).write_text(body)
        (bin_dir / name).chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    done = subprocess.run(["bash", "scripts/install_system.sh"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)
    calls = log.read_text().splitlines() if log.exists() else []
    return done, calls


def test_apt_lock_held_by_another_process_is_waited_for(tmp_path):
    done, calls = _install(tmp_path, refusals=2)
    assert done.returncode == 0, done.stderr
    assert sum(" update" in c for c in calls) == 3  # refused twice, then through
    assert any("install" in c and "fonts-noto-cjk" in c for c in calls)
    assert all("DPkg::Lock::Timeout=600" in c for c in calls)  # dpkg's own lock: apt waits for it
    assert "等待其结束后重试" in done.stderr


def test_other_apt_failures_are_not_retried(tmp_path):
    done, calls = _install(tmp_path, refusals=5, message="E: Failed to fetch http://deb.debian.org/ 404 Not Found")
    assert done.returncode != 0 and len(calls) == 1
