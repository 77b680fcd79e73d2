"""A corpus of hostile files (security checklist rows 22, 23, 28), built in memory."""

import io
import os
import struct
import zipfile
import zlib

import openpyxl
from PIL import Image

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png(size=(8, 8), color=(200, 0, 0)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (8, 8), (0, 120, 0))
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"  # Make
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def png_bomb(width=100_000, height=100_000) -> bytes:
    """A 1×1 PNG whose header claims 10 billion pixels (CRC fixed, so the header is valid)."""
    data = bytearray(png((1, 1)))
    ihdr = bytearray(data[12:29])  # b"IHDR" + 13 bytes
    ihdr[4:12] = struct.pack(">II", width, height)
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)))
    return bytes(data)


IMAGES_REFUSED = {
    "truncated.png": png((64, 64))[:60],
    "header-only.jpg": b"\xff\xd8\xff\xe0" + b"\x00" * 40,
    "bomb.png": png_bomb(),
    "png-magic-then-html.png": b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>",
    "random.png": b"\x89PNG\r\n\x1a\n" + os.urandom(512),
}


def workbook(header, rows, formulas=()) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    for ref, formula in formulas:
        ws[ref] = formula  # openpyxl stores a string starting with "=" as a formula
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def zip_of(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in entries.items():
            zf.writestr(name, content)
    return out.getvalue()


BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                  b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
                  b'<worksheet><sheetData><row><c t="inlineStr"><is><t>&lol3;</t></is></c></row>'
                  b'</sheetData></worksheet>')


def broken_xlsx(header) -> dict[str, bytes]:
    """Every malformed spreadsheet the imports must refuse with a message (no formulas here)."""
    good = workbook(header, [])
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    return {
        "random.xlsx": os.urandom(4096),
        "truncated.xlsx": good[: len(good) // 2],
        "really-a-pdf.xlsx": PDF,
        "empty-zip.xlsx": zip_of({}),
        "not-a-workbook.xlsx": zip_of({"hello.txt": b"hi"}),
        "zip-bomb.xlsx": zip_of({**parts, "xl/media/zeros.bin": b"\0" * (60 * 1024 * 1024)}),
        "traversal.xlsx": zip_of({**parts, "../../evil.txt": b"x"}),
        "many-entries.xlsx": zip_of({**parts, **{f"x/{i}.txt": b"" for i in range(300)}}),
        "bad-sheet-xml.xlsx": zip_of({**parts, "xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row>"}),
        "billion-laughs.xlsx": zip_of({**parts, "xl/worksheets/sheet1.xml": BILLION_LAUGHS}),
        "oversize.xlsx": os.urandom(21 * 1024 * 1024),
    }
