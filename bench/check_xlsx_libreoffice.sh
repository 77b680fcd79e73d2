#!/usr/bin/env bash
# Prints every kind of workbook the portal writes with LibreOffice Calc (headless) and counts the
# pages of each sheet: the print setup (A4, orientation, one page wide, repeated header) is proved
# on a real spreadsheet program, not only on the file's XML (tests/test_workbook_print.py).
#   bash bench/check_xlsx_libreoffice.sh [OUTDIR]
# Installs Debian's libreoffice-calc when missing (root; otherwise names the command), builds the
# demo region on a fresh SQLite database, fetches every kind through the portal's own pages
# (bench/xlsx_kinds.py: a clerk's 300-member import, volunteers, service records, the lists, the
# full exports, the statistics, the admin's xlsx), renders each sheet alone to PDF
# (bench/xlsx_pages.py) and prints a Markdown table of pages per sheet. OUTDIR keeps the workbooks,
# the PDFs and a PNG of each sheet's first page.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v soffice >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc
  else
    echo "需要 LibreOffice：sudo apt-get install -y libreoffice-calc" >&2; exit 1
  fi
fi
for tool in pdfinfo pdftoppm; do
  command -v "$tool" >/dev/null || { echo "需要 poppler-utils（scripts/install_system.sh）" >&2; exit 1; }
done
out=${1:-$(mktemp -d)}
mkdir -p "$out"
db=$(mktemp -d)
export DEBUG=1 DATABASE_URL="sqlite:///$db/db.sqlite3"
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py load_demo >/dev/null
.venv/bin/python bench/xlsx_kinds.py "$out/workbooks" >/dev/null
.venv/bin/python bench/xlsx_pages.py "$out/pdf" "$out"/workbooks/*.xlsx
# the figures survived the trip through a real spreadsheet program
pdftotext "$out/pdf/statistics-1.pdf" - | grep "红十字会基层组织数" >/dev/null
pdftotext "$out/pdf/statistics-2.pdf" - | grep "红十字会基层组织增加数" >/dev/null
pdftotext "$out/pdf/statistics-3.pdf" - | grep "村（社区）建立红十字组织" >/dev/null
pdftotext "$out/pdf/member-list-1.pdf" - | grep "演示会员000" >/dev/null
echo "工作簿、PDF 与每个工作表首页的 PNG：$out" >&2
