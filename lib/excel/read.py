"""Reading an uploaded .xlsx safely (security checklist rows 23, 28), shared by the member and
volunteer imports. The caller checks the zip container first (``check_zip`` of its app).

Two readers, one behaviour. A plain workbook (no formula, no DTD anywhere in its XML parts, found by
scanning the decompressed parts before any parser sees them) is read by python-calamine (Rust), the
import's fast path. Anything else - a formula, a DOCTYPE/ENTITY, a part calamine cannot read - goes
to openpyxl in read-only mode with defusedxml, which refuses entity tricks, names the formula's cell
and turns a damaged file into one clear message, exactly as before. Formulas are never evaluated
and never read through their cached values."""

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from xml.etree.ElementTree import ParseError

import python_calamine
from django.core.exceptions import ValidationError
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

UNREADABLE = "无法读取该文件：请上传用 Excel 或 WPS 保存的 .xlsx 文件。"
#: what openpyxl and the XML parsers raise on a damaged or disguised workbook
BROKEN = (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, IndexError,
          AttributeError, EOFError, OSError, ParseError, UnicodeDecodeError, AssertionError)


def _refusal(message: str, field: str | None) -> ValidationError:
    return ValidationError({field: message} if field else message)


#: a formula element (``<f>``, ``<x:f ...>``) or a DTD: either sends the file to openpyxl. A chart's
#: ``<c:f>`` also matches; that only costs the slower reader, never a wrong answer.
_NOT_PLAIN = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]|<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def _plain(data: bytes) -> bool:
    """True when no XML part holds a formula or a DTD (the container's sizes were checked already)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                if info.filename.endswith((".xml", ".rels")) and _NOT_PLAIN.search(zf.read(info)):
                    return False
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError, NotImplementedError):
        return False
    return True


def _value(value):
    """A calamine value as openpyxl gives it: an empty cell is None, a whole number an int (below
    1e15, where Excel still writes plain digits; above it writes an exponent, which openpyxl reads
    as a float), a date a datetime at midnight."""
    if value == "" and isinstance(value, str):
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if type(value) is dt.date:
        return dt.datetime(value.year, value.month, value.day)
    return value


def _fast_rows(data: bytes) -> list[tuple] | None:
    """The first sheet through calamine, or None when it cannot read the file (openpyxl decides then)."""
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        try:
            if not workbook.sheet_names:
                return None
            sheet = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        finally:
            workbook.close()
    except Exception:  # noqa: BLE001 - any failure of the fast reader defers to openpyxl's verdict
        return None
    return [tuple(_value(v) for v in row) for row in sheet]


def rows(data: bytes, *, field: str | None = None) -> Iterator[tuple]:
    """The first sheet's rows as tuples of values; a formula anywhere is refused with its cell."""
    fast = _fast_rows(data) if _plain(data) else None
    if fast is not None:
        yield from fast
        return
    yield from _openpyxl_rows(data, field)


def _openpyxl_rows(data: bytes, field: str | None) -> Iterator[tuple]:
    def refuse(message):
        return _refusal(message, field)

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except BROKEN:
        raise refuse(UNREADABLE) from None
    try:
        if not workbook.worksheets:
            raise refuse(UNREADABLE)
        for row in workbook.worksheets[0].iter_rows():
            values = []
            for column, cell in enumerate(row, start=1):
                if getattr(cell, "data_type", None) == "f":
                    where = f"{get_column_letter(column)}{getattr(cell, 'row', '')}"
                    raise refuse(f"单元格 {where} 含有公式。导入不计算公式：请复制后“粘贴为数值”再上传。")
                values.append(getattr(cell, "value", None))
            yield tuple(values)
    except BROKEN:
        raise refuse(UNREADABLE) from None
    finally:
        workbook.close()


HEADER_SCAN = 10


def table(data: bytes, columns: list[str], *, max_rows: int, field: str | None = None) -> list[tuple[int, list]]:
    """The rows under the header of the first sheet, each as (row number, values in the order of
    ``columns``); blank rows are skipped. The header is the first of the first ``HEADER_SCAN`` rows
    that holds every one of ``columns``, so a title or notes above it (the portal's templates and
    error workbooks have both), extra columns and another order are all fine."""
    source = rows(data, field=field)
    best: list[str] = []
    where = None
    try:
        for header_row, values in enumerate(source, start=1):
            cells = [str(v).strip() if v is not None else "" for v in values]
            if set(columns) <= set(cells):
                where = [cells.index(c) for c in columns]
                break
            if len(set(columns) & set(cells)) > len(set(columns) & set(best)):
                best = cells
            if header_row >= HEADER_SCAN:
                break
        if where is None:
            missing = "、".join(c for c in columns if c not in best)
            raise _refusal(f"未找到表头（前{HEADER_SCAN}行中没有包含全部列名的一行），缺少列：{missing}。"
                           "请使用下载的模板。", field)
        out = []
        for number, values in enumerate(source, start=header_row + 1):
            picked = [values[i] if i < len(values) else None for i in where]
            if all(v is None or str(v).strip() == "" for v in picked):
                continue
            if len(out) >= max_rows:
                raise _refusal(f"一次最多导入 {max_rows} 行。", field)
            out.append((number, picked))
        return out
    finally:
        source.close()
