#!/usr/bin/env bash
# Keeps one command running: starts it again whenever it exits (a worker killed, out of memory …),
# after SUPERVISE_PAUSE seconds (default 2). TERM or INT stop the command, then the supervisor.
#   bash scripts/supervise.sh .venv/bin/python manage.py jobs_worker
set -uo pipefail
pause="${SUPERVISE_PAUSE:-2}"
child=""
stop() {
  if [ -n "$child" ]; then
    kill -TERM "$child" 2>/dev/null
    wait "$child" 2>/dev/null
  fi
  exit 0
}
trap stop TERM INT
while true; do
  "$@" &
  child=$!
  wait "$child"
  status=$?
  child=""
  echo "$(date '+%F %T') 进程已退出（状态 $status），${pause} 秒后重启：$*" >&2
  sleep "$pause" &
  wait $!
done
