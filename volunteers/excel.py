"""Excel import and export of volunteers and service records (security checklist rows 23–25).

Import: the zip is checked before openpyxl sees it; every row goes through the same service as
the pages, inside one transaction; the preview lists every bad row with its reasons, and nothing
is saved unless every row is good (a dry run never saves).
Export: masked PII, strings that a spreadsheet would run as formulas neutralised.
"""

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from lib import audit, pii
from lib.excel import read as uploads
from lib.excel import write as xlsx
from lib.excel.write import Column
from orgs import scoping
from volunteers import services
from volunteers.models import Activity, Gender, ServiceRecord, Volunteer

MAX_UPLOAD = 10 * 1024 * 1024
MAX_UNCOMPRESSED = 20 * 1024 * 1024
MAX_ENTRIES = 100
MAX_RATIO = 100
MAX_ROWS = 5000

DATE_NOTE = "如 2025-01-31；不能晚于今天"
TEMPLATES = {
    "volunteers": [Column("姓名", 12), Column("性别", 6, note="男/女"),
                   Column("身份证号", 22, text=True, note="18位，本列已设为文本"),
                   Column("手机号", 14, text=True, note="可不填"), Column("技能特长", 20, note="可不填"),
                   Column("注册日期", 12, note=DATE_NOTE)],
    "records": [Column("身份证号", 22, text=True, note="志愿者的18位身份证号，本列已设为文本"),
                Column("服务日期", 12, note=DATE_NOTE),
                Column("服务时长（小时）", 12, note="最多两位小数，如 1.25；每人每天合计不超过24小时"),
                Column("活动编号", 10, note="可不填"), Column("备注", 24, note="可不填")],
}
VOLUNTEER_COLUMNS = [c.header for c in TEMPLATES["volunteers"]]
RECORD_COLUMNS = [c.header for c in TEMPLATES["records"]]


class _Rollback(Exception):
    pass


@dataclass
class ImportResult:
    total: int = 0
    errors: list[tuple[int, list[str]]] = field(default_factory=list)
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def check_zip(data: bytes) -> None:
    """Refuse zip bombs and path tricks before openpyxl parses anything."""
    if len(data) > MAX_UPLOAD:
        raise ValidationError(f"文件过大（不超过 {MAX_UPLOAD // 1024 // 1024} MB）。")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ValidationError("文件不是有效的 Excel（.xlsx）文件。") from None
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise ValidationError("Excel 文件结构异常（条目过多），已拒绝。")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise ValidationError("Excel 文件解压后过大，已拒绝。")
    for info in infos:
        if info.filename.startswith("/") or ".." in info.filename.split("/"):
            raise ValidationError("Excel 文件包含非法路径，已拒绝。")
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise ValidationError("Excel 文件压缩比异常，已拒绝。")


def read_rows(data: bytes, columns: list[str]) -> list[tuple[int, dict]]:
    check_zip(data)
    return [(number, dict(zip(columns, values, strict=True)))
            for number, values in uploads.table(data, columns, max_rows=MAX_ROWS)]


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _id_text(value, errors: dict) -> str:
    # Excel keeps 15 significant digits: a numeric ID cell has already lost digits (row 24)
    if isinstance(value, int | float):
        errors["id_number"] = ["身份证号必须以文本格式填写（数字格式会丢失末位）。"]
        return ""
    return _text(value)


def _date(value, label: str, key: str, errors: dict) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(_text(value))
    except ValueError:
        errors[key] = [f"{label}格式应为 YYYY-MM-DD。"]
        return None


def _hours(value, errors: dict) -> Decimal | None:
    """Hours with at most two decimals; a float cell that Excel's binary arithmetic left a hair off
    (0.30000000000000004) counts as the two-decimal number it shows."""
    try:
        hours = Decimal(repr(value)) if isinstance(value, float) else Decimal(_text(value))
    except InvalidOperation:
        errors["hours"] = ["服务时长须为数字，如 1.25。"]
        return None
    if isinstance(value, float) and abs(hours - hours.quantize(Decimal("0.01"))) < Decimal("1e-9"):
        hours = hours.quantize(Decimal("0.01")).normalize()
    return hours


def _fail(errors: dict, labels: dict) -> None:
    """Refuse a row with every error it has, each naming its column, in the columns' order."""
    order = list(labels)
    messages = []
    for key in sorted(errors, key=lambda k: order.index(k) if k in order else len(order)):
        label = labels.get(key, "")
        messages += [m if not label or label in m else f"{label}：{m}" for m in errors[key]]
    raise ValidationError(messages)


def _merge(errors: dict, exc: ValidationError) -> None:
    for key, messages in (exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}).items():
        errors.setdefault(key, messages)


GENDERS = {g.label: g.value for g in Gender}
VOLUNTEER_LABELS = {"name": "姓名", "gender": "性别", "id_number": "身份证号", "phone": "手机号",
                    "skills": "技能特长", "registered_on": "注册日期"}
RECORD_LABELS = {"id_number": "身份证号", "served_on": "服务日期", "hours": "服务时长", "activity": "活动编号",
                 "note": "备注"}


def _volunteer_row(row: dict, *, org, by) -> None:
    errors: dict = {}
    gender = GENDERS.get(_text(row.get("性别")))
    if gender is None:
        errors["gender"] = ["性别应为“男”或“女”。"]
    registered_on = _date(row.get("注册日期"), "注册日期", "registered_on", errors)
    id_number = _id_text(row.get("身份证号"), errors)
    try:  # every rule the page applies, run even when the row has errors already, to list them all
        services.register_volunteer(
            org=org, by=by, name=_text(row.get("姓名")), gender=gender or Gender.FEMALE, id_number=id_number,
            phone=_text(row.get("手机号")), skills=_text(row.get("技能特长")),
            registered_on=registered_on or timezone.localdate())
    except ValidationError as exc:
        _merge(errors, exc)
    if errors:
        _fail(errors, VOLUNTEER_LABELS)


def _record_row(row: dict, *, org, by) -> None:
    errors: dict = {}
    id_number = _id_text(row.get("身份证号"), errors)
    volunteer = None
    if id_number:
        volunteer = scoping.scope(Volunteer.objects.all(), by).filter(
            id_hash=pii.id_hash(id_number), org__path__startswith=org.path).first()
    if volunteer is None and "id_number" not in errors:
        errors["id_number"] = ["未找到该身份证号对应的志愿者（须为所选组织及其下级登记的志愿者）。"]
    served_on = _date(row.get("服务日期"), "服务日期", "served_on", errors)
    hours = _hours(row.get("服务时长（小时）"), errors)
    for key, value in (("served_on", served_on), ("hours", hours)):
        if value is not None:
            try:
                ServiceRecord._meta.get_field(key).clean(value, None)
            except ValidationError as exc:
                errors[key] = exc.messages
    activity = None
    if _text(row.get("活动编号")):
        try:
            activity = scoping.get_visible_or_404(Activity, by, pk=_text(row.get("活动编号")))
        except (Http404, ValueError):
            errors["activity"] = ["活动编号不存在或不在您的管辖范围内。"]
    if errors:
        _fail(errors, RECORD_LABELS)
    try:
        services.log_hours(volunteer, by=by, served_on=served_on, hours=hours, activity=activity,
                           note=_text(row.get("备注")))
    except ValidationError as exc:
        _merge(errors, exc)
        _fail(errors, RECORD_LABELS)


IMPORTERS = {"volunteers": (VOLUNTEER_COLUMNS, _volunteer_row), "records": (RECORD_COLUMNS, _record_row)}


def import_file(data: bytes, kind: str, *, org, by, dry_run: bool) -> ImportResult:
    """Run every row through the services in one transaction; keep it only if all rows are good."""
    scoping.require(by, "volunteer.edit", org)
    columns, handle = IMPORTERS[kind]
    rows = read_rows(data, columns)
    result = ImportResult(total=len(rows))
    try:
        with transaction.atomic():
            for number, row in rows:
                try:
                    with transaction.atomic():
                        handle(row, org=org, by=by)
                except ValidationError as exc:
                    result.errors.append((number, exc.messages))
                except (Http404, PermissionDenied):
                    result.errors.append((number, ["所引用的记录不存在或不在您的管辖范围内。"]))
            if dry_run or result.errors:
                raise _Rollback
            audit.record("volunteer.import", user=by, obj=org, kind=kind, count=len(rows))
    except _Rollback:
        return result
    result.saved = True
    return result


def _today() -> str:
    return f"{timezone.localdate():%Y年%m月%d日}"


def workbook_bytes(header: list[str], rows, *, watermark: list[str] | None = None) -> bytes:
    """The volunteer roster in one go (the full export: whole numbers, watermarked)."""
    book = xlsx.Book()
    columns = [EXPORT_LAYOUT.get(h, Column(h)) for h in header]
    title = f"志愿者名册（含完整身份证号、手机号，{_today()}导出）" if watermark else f"志愿者名册（{_today()}导出）"
    sheet = book.sheet("志愿者", title=title, columns=columns)
    for row in rows:
        sheet.add(row)
    if watermark:  # full exports only (checklist row 16): who, when, why
        book.watermark(watermark)
    return book.bytes()


def template_bytes(kind: str) -> bytes:
    """An import template: what to fill in above the header, ID columns typed as text."""
    book = xlsx.Book()
    book.sheet("志愿者导入" if kind == "volunteers" else "服务记录导入", columns=TEMPLATES[kind], notes=True,
               title=("志愿者信息导入表" if kind == "volunteers" else "志愿服务记录导入表") + "（填写说明见表头上方）")
    return book.bytes()


def volunteer_export_rows(queryset, *, full: bool = False):
    """Masked by default; ``full`` only for rows ``services.full_export_rows`` has let through."""
    yield from ([v.name, v.get_gender_display(), v.full_id if full else v.masked_id,
                 v.phone if full else v.masked_phone, v.skills, v.org.name,
                 v.registered_on, v.get_status_display(), v.approved_hours or 0]
                for v in (queryset.iterator(chunk_size=xlsx.CHUNK) if isinstance(queryset, QuerySet) else queryset))


VOLUNTEER_EXPORT = [Column("姓名", 12), Column("性别", 6), Column("身份证号", 22, text=True),
                    Column("手机号", 14, text=True), Column("技能特长", 20), Column("管理组织", 24),
                    Column("注册日期", 12), Column("状态", 8), Column("已审核时长", 10)]
RECORD_EXPORT = [Column("志愿者", 12), Column("计入组织", 24), Column("服务日期", 12), Column("服务时长（小时）", 10),
                 Column("活动", 24), Column("服务队", 20), Column("状态", 8)]
EXPORT_LAYOUT = {c.header: c for c in VOLUNTEER_EXPORT + RECORD_EXPORT}
VOLUNTEER_EXPORT_HEADER = [c.header for c in VOLUNTEER_EXPORT]
RECORD_EXPORT_HEADER = [c.header for c in RECORD_EXPORT]


def record_export_rows(queryset):
    yield from ([r.volunteer.name, r.credited_org.name, r.served_on, r.hours,
                 r.activity.title if r.activity_id else "", r.team.name if r.team_id else "",
                 r.get_status_display()] for r in queryset.iterator(chunk_size=xlsx.CHUNK))


#: export name → (sheet title, printed title, columns, row iterator, download name)
EXPORTS = {
    "volunteers": ("志愿者", "志愿者名册", VOLUNTEER_EXPORT, volunteer_export_rows, "volunteers.xlsx"),
    "records": ("服务记录", "志愿服务记录", RECORD_EXPORT, record_export_rows, "service_records.xlsx"),
}


def export(kind: str, queryset, dest, progress=None) -> int:
    """Stream the rows of ``queryset`` into an .xlsx at ``dest`` (a path or a binary file)."""
    title, heading, columns, rows, _ = EXPORTS[kind]
    return xlsx.write(dest, title=title, heading=f"{heading}（{_today()}导出）", columns=columns, rows=rows(queryset),
                      progress=progress)


def count_rows(data: bytes, kind: str = "volunteers") -> int:
    """Rows to import in an upload (after the zip checks), for the background-job threshold."""
    return len(read_rows(data, IMPORTERS[kind][0]))
