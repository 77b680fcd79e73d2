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

import openpyxl
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from jobs import xlsx
from jobs.xlsx import safe as neutralise
from orgs import pii, scoping
from orgs import xlsx as uploads
from volunteers import services
from volunteers.models import Activity, Gender, Volunteer

MAX_UPLOAD = 10 * 1024 * 1024
MAX_UNCOMPRESSED = 20 * 1024 * 1024
MAX_ENTRIES = 100
MAX_RATIO = 100
MAX_ROWS = 5000

VOLUNTEER_COLUMNS = ["姓名", "性别", "身份证号", "手机号", "技能特长", "注册日期"]
RECORD_COLUMNS = ["身份证号", "服务日期", "服务时长（小时）", "活动编号", "备注"]


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
    rows = uploads.rows(data)
    header = [str(c).strip() if c is not None else "" for c in next(rows, ())]
    missing = [c for c in columns if c not in header]
    if missing:
        rows.close()
        raise ValidationError(f"缺少列：{'、'.join(missing)}。请使用下载的模板。")
    out = []
    for number, values in enumerate(rows, start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        if len(out) >= MAX_ROWS:
            rows.close()
            raise ValidationError(f"一次最多导入 {MAX_ROWS} 行。")
        out.append((number, dict(zip(header, values, strict=False))))
    return out


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _id_text(value) -> str:
    # Excel keeps 15 significant digits: a numeric ID cell has already lost digits (row 24)
    if isinstance(value, (int, float)):
        raise ValidationError({"resident_id": "身份证号必须以文本格式填写（数字格式会丢失末位）。"})
    return _text(value)


def _date(value, label: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(_text(value))
    except ValueError:
        raise ValidationError(f"{label}格式应为 YYYY-MM-DD。") from None


GENDERS = {g.label: g.value for g in Gender}


def _volunteer_row(row: dict, *, org, by) -> None:
    gender = GENDERS.get(_text(row.get("性别")))
    if gender is None:
        raise ValidationError("性别应为“男”或“女”。")
    services.register_volunteer(
        org=org, by=by, name=_text(row.get("姓名")), gender=gender, resident_id=_id_text(row.get("身份证号")),
        phone=_text(row.get("手机号")), skills=_text(row.get("技能特长")),
        registered_on=_date(row.get("注册日期"), "注册日期"))


def _record_row(row: dict, *, org, by) -> None:
    volunteer = scoping.scope(Volunteer.objects.all(), by).filter(
        resident_id_hash=pii.id_hash(_id_text(row.get("身份证号"))), org__path__startswith=org.path).first()
    if volunteer is None:
        raise ValidationError("未找到该身份证号对应的志愿者（须为所选组织及其下级登记的志愿者）。")
    try:
        hours = Decimal(_text(row.get("服务时长（小时）")))
    except InvalidOperation:
        raise ValidationError("服务时长须为数字。") from None
    activity = None
    if _text(row.get("活动编号")):
        activity = scoping.get_visible_or_404(Activity, by, pk=_text(row.get("活动编号")))
    services.log_hours(volunteer, by=by, served_on=_date(row.get("服务日期"), "服务日期"), hours=hours,
                       activity=activity, note=_text(row.get("备注")))


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
    except _Rollback:
        return result
    result.saved = True
    return result


def workbook_bytes(header: list[str], rows, *, watermark: list[str] | None = None) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(header)
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    if watermark:  # full exports only (checklist row 16): who, when, why
        workbook.properties.creator = watermark[0][:60]
        workbook.properties.description = "；".join(watermark)
        note = workbook.create_sheet("导出说明")
        for line in watermark:
            note.append([neutralise(line)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_bytes(kind: str) -> bytes:
    return workbook_bytes(IMPORTERS[kind][0], [])


def volunteer_export_rows(queryset, *, full: bool = False):
    """Masked by default; ``full`` only for rows ``services.full_export_rows`` has let through."""
    yield from ([v.name, v.get_gender_display(), v.full_id if full else v.masked_id,
                 v.phone if full else v.masked_phone, v.skills, v.org.name,
                 v.registered_on, v.get_status_display(), v.approved_hours or 0]
                for v in (queryset.iterator(chunk_size=xlsx.CHUNK) if isinstance(queryset, QuerySet) else queryset))


VOLUNTEER_EXPORT_HEADER = ["姓名", "性别", "身份证号", "手机号", "技能特长", "管理组织", "注册日期", "状态",
                           "已审核时长"]
RECORD_EXPORT_HEADER = ["志愿者", "计入组织", "服务日期", "服务时长（小时）", "活动", "服务队", "状态"]


def record_export_rows(queryset):
    yield from ([r.volunteer.name, r.credited_org.name, r.served_on, r.hours,
                 r.activity.title if r.activity_id else "", r.team.name if r.team_id else "",
                 r.get_status_display()] for r in queryset.iterator(chunk_size=xlsx.CHUNK))


#: export name → (sheet title, header, widths, row iterator, download name)
EXPORTS = {
    "volunteers": ("志愿者", VOLUNTEER_EXPORT_HEADER, [12, 6, 22, 14, 20, 24, 12, 8, 12], volunteer_export_rows,
                   "volunteers.xlsx"),
    "records": ("服务记录", RECORD_EXPORT_HEADER, [12, 24, 12, 10, 24, 20, 8], record_export_rows,
                "service_records.xlsx"),
}


def export(kind: str, queryset, dest, progress=None) -> int:
    """Stream the rows of ``queryset`` into an .xlsx at ``dest`` (a path or a binary file)."""
    title, header, widths, rows, _ = EXPORTS[kind]
    return xlsx.write(dest, title=title, header=header, rows=rows(queryset), widths=widths, progress=progress)


def count_rows(data: bytes) -> int:
    check_zip(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ValidationError("无法读取该 Excel 文件。") from None
    try:
        return sum(1 for _ in workbook.worksheets[0].iter_rows(min_row=2, values_only=True))
    finally:
        workbook.close()
