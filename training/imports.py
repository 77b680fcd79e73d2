"""A class's roster from .xlsx, all or nothing like the member import: every row is checked by the
roster rule the page uses (``services.check_trainee``) plus the file's own traps (an ID typed as a
number, the same person twice); nothing is saved unless every row is good, and the refused file
comes back as a workbook with each bad cell marked and its reason."""

import io
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from lib import audit, pii
from lib.excel import read as uploads
from lib.excel import write as xlsx
from members.excel.imports import check_zip
from orgs import scoping
from training import services

#: (header, row key)
COLUMNS = [("姓名", "name"), ("身份证号码", "id_number"), ("手机号码", "phone"), ("工作单位", "work_unit")]
HEADERS = [h for h, _ in COLUMNS]
KEYS = [k for _, k in COLUMNS]
MAX_ROWS = 2000
MAX_UPLOAD = 20 * 1024 * 1024


@dataclass
class RosterImport:
    total: int = 0
    saved: int = 0
    #: (row number, values, {key: reason}) of every refused row
    failed: list = field(default_factory=list)

    def problems(self) -> list[tuple[int, str]]:
        """(row number, "列名：原因；…") of every refused row, for the page."""
        return [(number, "；".join(f"{h}：{errors[k]}" for h, k in COLUMNS if k in errors))
                for number, _, errors in self.failed]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check(row, seen: dict) -> tuple[dict, dict]:
    values = dict(zip(KEYS, row, strict=True))
    errors = {}
    if isinstance(values["id_number"], int | float):
        errors["id_number"] = "身份证号码单元格是数字格式（Excel 只保留15位有效数字），请设为文本后重新填写"
    text = {k: _text(v) for k, v in values.items()}
    clean, found = services.check_trainee(name=text["name"], id_number=text["id_number"], phone=text["phone"])
    errors = found | errors
    if len(text["work_unit"]) > 100:
        errors["work_unit"] = "工作单位过长（不超过100字）"
    if "id_number" not in errors:
        key = pii.id_hash(clean["id_number"])
        if key in seen:
            errors["id_number"] = f"与第 {seen[key]} 行重复"
        clean["work_unit"] = text["work_unit"]
    return clean, errors


def import_roster(klass, data: bytes, *, by) -> RosterImport:
    scoping.require(by, "training.edit", klass)
    check_zip(data)
    rows = uploads.table(data, HEADERS, max_rows=MAX_ROWS, field="file")
    result, good, seen = RosterImport(total=len(rows)), [], {}
    for number, row in rows:
        clean, errors = _check(row, seen)
        if errors:
            result.failed.append((number, row, errors))
        else:
            seen[pii.id_hash(clean["id_number"])] = number
            good.append(clean)
    if result.failed:
        return result
    with transaction.atomic():
        for clean in good:
            trainee = services.trainee_for(org=klass.org, name=clean["name"], id_number=clean["id_number"],
                                           phone=clean.get("phone", ""), work_unit=clean["work_unit"])
            try:
                services._seat(klass, trainee)
            except ValidationError:
                continue  # already on this roster: a file sent twice adds no one twice
            result.saved += 1
        audit.record("training.import", user=by, obj=klass, total=result.total, saved=result.saved)
    return result


def error_workbook(result: RosterImport) -> bytes:
    """The refused rows as typed, each bad cell red with its reason, and a 错误原因 column."""
    columns = [xlsx.Column("行号", 6)] + [xlsx.Column(h, 20, text=True) for h in HEADERS] + [
        xlsx.Column("错误原因", 40, wrap=True)]
    rows = []
    for number, values, errors in result.failed:
        cells = [xlsx.Flagged(_text(v), errors[k]) if k in errors else _text(v)
                 for k, v in zip(KEYS, values, strict=True)]
        reasons = "；".join(f"{h}：{errors[k]}" for h, k in COLUMNS if k in errors)
        rows.append([number, *cells, reasons])
    out = io.BytesIO()
    xlsx.write(out, title="未导入的行", heading="学员名册导入：以下行有错误，全部未导入", rows=rows, columns=columns)
    return out.getvalue()


def template() -> bytes:
    out = io.BytesIO()
    xlsx.write(out, title="学员名册", heading="学员名册（身份证号码、手机号码列为文本格式）", rows=[],
               columns=[xlsx.Column(h, 22, text=True) for h in HEADERS])
    return out.getvalue()
