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


def rows(data: bytes, *, field: str | None = None) -> Iterator[tuple]:
    """The first sheet's rows as tuples of values; a formula anywhere is refused with its cell."""
    def refuse(message):
        return ValidationError({field: message} if field else message)

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
