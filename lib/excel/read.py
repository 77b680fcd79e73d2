"""Reading an uploaded .xlsx safely (security checklist rows 23, 28), shared by the member and
volunteer imports. The caller checks the zip container first (``check_zip`` of its app); then
openpyxl reads it in read-only mode (with defusedxml installed). Formulas are refused, never
evaluated and never read through their cached values, and anything openpyxl cannot parse
becomes one clear message instead of a server error."""

import io
import zipfile
from collections.abc import Iterator
from xml.etree.ElementTree import ParseError

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


def rows(data: bytes, *, field: str | None = None) -> Iterator[tuple]:
    """The first sheet's rows as tuples of values; a formula anywhere is refused with its cell."""
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
