#!/usr/bin/env bash
# One command: install what is needed, then serve the demo region for development
# (scripts/dev_server.sh: SQLite, the demo region, one background worker next to the server).
#   bash scripts/run.sh                          # http://127.0.0.1:8000
#   PORT_BIND=0.0.0.0:8000 bash scripts/run.sh   # also reachable from other machines (phones scanning a QR code)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec bash scripts/dev_server.sh
