#!/usr/bin/env bash
# One command: install what is needed, migrate SQLite, load the demo region, serve on :8000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export DEBUG="${DEBUG:-1}"
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py load_demo
echo "演示平台：http://127.0.0.1:8000 （演示账号见 README.md）"
exec .venv/bin/python manage.py runserver "${PORT_BIND:-127.0.0.1:8000}"
