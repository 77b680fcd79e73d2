"""The import reader: a plain workbook is read by python-calamine with the values openpyxl gives;
a formula or a DTD anywhere sends it to openpyxl, whose refusals are unchanged."""

import io
import zipfile
from datetime import date, datetime, time

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from lib.excel import read


def _book(fill) -> bytes:
    wb = openpyxl.Workbook()
    fill(wb.active)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _plain(ws):
    ws["C2"] = "说明"
    ws.append(["成人会员", 1, 2.5, None, True, date(2025, 3, 1), datetime(2025, 3, 1, 10, 30),
               "510502199001011234", 5.10502199001011e17, time(9, 0)])
    ws["B7"] = 7


def _openpyxl(data):
    return list(openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0].iter_rows(values_only=True))


def test_a_plain_workbook_is_read_by_calamine_with_openpyxls_values(monkeypatch):
    data = _book(_plain)
    expected = _openpyxl(data)

    def no_openpyxl(*args, **kwargs):
        raise AssertionError("a plain workbook must not reach openpyxl")

    monkeypatch.setattr(read, "load_workbook", no_openpyxl)
    got = list(read.rows(data))
    assert got == expected
    assert [type(v) for v in got[2]] == [type(v) for v in expected[2]]  # int stays int, date is a datetime


def test_a_formula_goes_to_openpyxl_which_names_its_cell():
    data = _book(lambda ws: ws.append(["a", "=1+1"]))
    assert read._plain(data) is False
    with pytest.raises(ValidationError, match="单元格 B1 含有公式"):
        list(read.rows(data))


def test_an_entity_declaration_goes_to_openpyxl_and_is_refused():
    source = zipfile.ZipFile(io.BytesIO(_book(_plain)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = b"<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" + body
            zf.writestr(info, body)
    assert read._plain(out.getvalue()) is False
    with pytest.raises(ValidationError, match="无法读取"):
        list(read.rows(out.getvalue()))


def test_a_file_calamine_cannot_read_gets_openpyxls_message():
    with pytest.raises(ValidationError, match="无法读取"):
        list(read.rows(b"PK\x03\x04 not really a workbook"))
