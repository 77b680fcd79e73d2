"""Pages per sheet when LibreOffice prints an .xlsx: each sheet is rendered alone to PDF.

    python bench/xlsx_pages.py OUTDIR FILE.xlsx [FILE.xlsx …]

For each sheet a copy of the workbook is made in which every other sheet is hidden and loses its
print area (an edit of xl/workbook.xml inside the zip: no spreadsheet library rewrites the file, so
charts, styles and this sheet's page setup stay exactly as the portal wrote them);
``soffice --convert-to pdf`` prints the visible sheet; ``pdfinfo`` counts the pages and
``pdftoppm`` keeps page 1 as a PNG for a look by eye.
Prints one Markdown table row per sheet.
"""

import re
import subprocess
import sys
import zipfile
from pathlib import Path


def sheet_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("xl/workbook.xml").decode()
    return re.findall(r'<sheet\b[^>]*\bname="([^"]*)"', xml)


def only_sheet(path: Path, index: int, dest: Path) -> None:
    """A copy of ``path`` in which only sheet ``index`` (0-based) is visible and active."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/workbook.xml":
                xml = data.decode()
                tags = re.findall(r"<sheet\b[^>]*/>", xml)
                for position, tag in enumerate(tags):
                    plain = re.sub(r'\sstate="[^"]*"', "", tag)
                    shown = plain if position == index else plain.replace("<sheet ", '<sheet state="hidden" ', 1)
                    xml = xml.replace(tag, shown, 1)
                # LibreOffice prints the print areas of hidden sheets too: keep only this sheet's
                xml = re.sub(r'<definedName\b[^>]*\blocalSheetId="(\d+)"[^>]*>[^<]*</definedName>',
                             lambda m: m.group(0) if int(m.group(1)) == index else "", xml)
                xml = re.sub(r'\sactiveTab="\d+"', "", xml)
                xml = re.sub(r"<workbookView\b", f'<workbookView activeTab="{index}"', xml, count=1)
                xml = re.sub(r'\sfirstSheet="\d+"', "", xml)
                data = xml.encode()
            out.writestr(item, data)


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def main(outdir: str, *files: str) -> None:
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    print("| 工作簿 | 工作表 | 页数 |")
    print("|---|---|---|")
    for file in files:
        path = Path(file)
        for index, name in enumerate(sheet_names(path)):
            stem = f"{path.stem}-{index + 1}"
            single = out / f"{stem}.xlsx"
            only_sheet(path, index, single)
            subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out), str(single)],
                           check=True, capture_output=True, timeout=180)
            pdf = out / f"{stem}.pdf"
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(out / stem)],
                           check=True, capture_output=True)
            print(f"| {path.name} | {name} | {pages(pdf)} |")


if __name__ == "__main__":
    main(*sys.argv[1:])
