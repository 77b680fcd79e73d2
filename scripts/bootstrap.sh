#!/usr/bin/env bash
# Prepares a fresh Debian machine: system packages, a Python ≥ 3.12 virtualenv with the project's
# packages, and the front-end packages from npm. Safe to run again; skips what is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install_system.sh

find_python() {
  local c
  for c in python3.13 python3.12 python3; do
    if command -v "$c" >/dev/null && "$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      command -v "$c"; return 0
    fi
  done
  for c in "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3; do
    [ -x "$c" ] && { echo "$c"; return 0; }
  done
  return 1
}

if [ ! -x .venv/bin/python ]; then
  PY=$(find_python) || {
    echo "需要 Python 3.12 或更高版本（Django 6 的要求）。Debian 13 自带 3.13：apt-get install python3 python3-venv；" >&2
    echo "Debian 12 自带 3.11：请按 README.md「Debian 12」一节用 pyenv 安装 3.12 或 3.13（装在 ~/.pyenv 下即可被找到）。" >&2
    exit 1
  }
  "$PY" -m venv .venv
fi

stamp=.venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)
if [ ! -f "$stamp" ]; then
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -e '.[test]'
  touch "$stamp"
fi

lockstamp=node_modules/.installed-$(sha1sum package-lock.json | cut -c1-12)
if [ ! -f "$lockstamp" ]; then
  command -v npm >/dev/null || { echo "需要 npm：apt-get install -y nodejs npm" >&2; exit 1; }
  npm ci --no-audit --no-fund --loglevel=error
  touch "$lockstamp"
fi
