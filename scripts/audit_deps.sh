#!/usr/bin/env bash
# Known vulnerabilities in the installed Python packages (security checklist row 29).
#
# pip-audit needs a vulnerability database (PyPI's JSON API, or OSV with
# `--vulnerability-service osv`) over the network. Where it can reach one, this script fails on
# any known vulnerability (exit 1) or passes (exit 0). Where it cannot — government intranets, and
# the development machine of this repository, whose package mirror has no vulnerability data —
# pip-audit reports packages it "could not audit"; this script then says so and exits 2, so that
# "not checked" is never mistaken for "clean".
# Usage: bash scripts/audit_deps.sh [pip-audit options]
set -uo pipefail
cd "$(dirname "$0")/.."

PIP_AUDIT=.venv/bin/pip-audit
if [ ! -x "$PIP_AUDIT" ]; then
  echo "未安装 pip-audit：.venv/bin/pip install -e '.[test]'" >&2
  exit 2
fi

report=$(mktemp)
trap 'rm -f "$report"' EXIT
"$PIP_AUDIT" --progress-spinner off "$@" >"$report" 2>&1
status=$?
cat "$report"
if grep -q "could not be audited" "$report"; then
  echo "无法取得漏洞数据库：部分或全部依赖未经检查（见上）。请在可联网的机器或 CI 上重新运行。" >&2
  exit 2
fi
exit $status
