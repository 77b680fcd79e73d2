#!/usr/bin/env bash
# Production-style serving: gunicorn with N workers, static files by WhiteNoise, plus background-task
# workers. Configure with environment variables (see README: 生产部署).
#   SECRET_KEY=… DATABASE_URL=postgres://… ALLOWED_HOSTS=portal.example.cn bash scripts/serve.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
: "${SECRET_KEY:?请设置 SECRET_KEY}"
export DEBUG=0
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py collectstatic --noinput -v0
workers=()
for _ in $(seq "${TASK_WORKERS:-1}"); do  # background tasks (ZIPs of PDFs, big exports and imports)
  bash scripts/supervise.sh .venv/bin/python manage.py jobs_worker --no-reload &  # restarted if it exits
  workers+=($!)
done
trap 'kill "${workers[@]}" 2>/dev/null; wait' EXIT
.venv/bin/gunicorn redcross_portal.wsgi:application \
  --bind "${BIND:-127.0.0.1:8000}" --workers "${WEB_CONCURRENCY:-$(( $(nproc) * 2 + 1 ))}" \
  --access-logfile - --timeout "${GUNICORN_TIMEOUT:-60}"
