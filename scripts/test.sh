#!/usr/bin/env bash
# One command: install what is needed and run the whole suite (browser tests included).
# DATABASE_URL=postgres://postgres@127.0.0.1:5432/redcross runs it on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec .venv/bin/python -m pytest "$@"
