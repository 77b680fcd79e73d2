"""Excel in and out for members (DESIGN.md §7, security checklist rows 23–25)."""

import io
import secrets
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from simple_history.utils import bulk_create_with_history

from jobs import xlsx
from jobs.xlsx import safe as neutralise
from members.models import Gender, Kind, Member, MemberCounter, Spell, Status
from members.resources import COLUMNS
from members.services import age_on, link_volunteers
from orgs import identity, pii, scoping
from orgs import xlsx as uploads
from orgs.models import GRASSROOTS_LEVELS, Organization, OrgStatus

MAX_UPLOAD = 20 * 1024 * 1024
MAX_ENTRIES = 200
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_ROWS = 50_000
KIND_BY_LABEL = {label: value for value, label in Kind.choices} | {v: v for v in Kind.values}


def _sheet(title, headers, rows, widths, *, watermark: list[str] | None = None):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for index, row in enumerate(rows, start=2):
        ws.append([neutralise(v) for v in row])
        for cell in ws[index]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    if watermark:
        mark(wb, watermark)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def mark(wb, lines: list[str]) -> None:
    """Watermark of a full export (checklist row 16): who, when, why — in the file's properties, in
    every sheet's printed header, and on a sheet of its own."""
    wb.properties.creator = wb.properties.lastModifiedBy = lines[0][:60]
    wb.properties.description = "；".join(lines)
    for ws in wb.worksheets:
        ws.oddHeader.center.text = "；".join(lines)[:250]
    note = wb.create_sheet("导出说明")
    for line in lines:
        note.append([neutralise(line)])


EXPORT_HEADER = ["会员编号", "会员类别", "姓名/单位名称", "性别", "身份证号码", "手机号码", "统一社会信用代码",
                 "所属组织", "入会日期", "状态"]
EXPORT_WIDTHS = [16, 10, 20, 6, 22, 14, 22, 24, 12, 10]


EXPORT_FIELDS = ("number", "kind", "name", "gender", "id_number", "phone", "credit_code", "org__name", "joined_on",
                 "status", "lapsed")


def export_rows(queryset, *, full: bool = False):
    """One list per member, read in chunks of plain tuples (no model instances: a million rows stream
    at close to raw-cursor speed). ``queryset`` is annotated ``with_lapse``; ID numbers go through
    ``members.pii`` like everywhere else."""
    kinds, genders, statuses = dict(Kind.choices), dict(Gender.choices), dict(Status.choices)
    rows = queryset.values_list(*EXPORT_FIELDS).iterator(chunk_size=xlsx.CHUNK)
    for number, kind, name, gender, stored_id, phone, credit, org, joined, status, lapsed in rows:
        yield [number, kinds.get(kind, kind), name, genders.get(gender, ""),
               pii.unseal(stored_id) if full else pii.masked_id(stored_id),
               phone if full else identity.mask_phone(phone), credit, org, joined,
               statuses[Status.LAPSED if lapsed else status]]


def export_members(queryset, dest, *, full: bool = False, progress=None) -> int:
    """Stream the members of ``queryset`` into an .xlsx at ``dest``; PII masked unless ``full``."""
    return xlsx.write(dest, title="会员", header=EXPORT_HEADER, rows=export_rows(queryset, full=full),
                      widths=EXPORT_WIDTHS, progress=progress)


def full_export_bytes(queryset, *, watermark: list[str]) -> bytes:
    """Whole IDs and phones, watermarked (``members.privacy.full_export`` checks the grant and the
    reason first); ``queryset`` is annotated ``with_lapse`` like the list's."""
    return _sheet("会员", EXPORT_HEADER, export_rows(queryset, full=True), EXPORT_WIDTHS, watermark=watermark)


def count_rows(data: bytes) -> int:
    """Rows below the header of an upload's first sheet (after the zip checks), for the job threshold."""
    check_zip(data)
    return max(sum(1 for _ in uploads.rows(data, field="file")) - 1, 0)


def template_bytes() -> bytes:
    example = ["成人会员", "示例（请删除此行）", "", "", "否", "", "", "", date.today()]
    return _sheet("会员导入", [h for h, _ in COLUMNS], [example], [10, 20, 22, 14, 8, 22, 12, 14, 12])


def check_zip(data: bytes) -> None:
    """Refuse zip bombs and path tricks before openpyxl sees the file."""
    if len(data) > MAX_UPLOAD:
        raise ValidationError({"file": "文件过大（不超过20MB）。"})
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise ValidationError({"file": "不是有效的 .xlsx 文件。"}) from None
    if len(infos) > MAX_ENTRIES:
        raise ValidationError({"file": "文件内部条目过多，已拒绝。"})
    total = 0
    for info in infos:
        name = info.filename
        if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/"):
            raise ValidationError({"file": "文件内部路径非法，已拒绝。"})
        total += info.file_size
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ValidationError({"file": "文件压缩比异常，已拒绝。"})
    if total > MAX_UNCOMPRESSED:
        raise ValidationError({"file": "文件解压后过大，已拒绝。"})


@dataclass
class ImportResult:
    total: int = 0
    saved: int = 0
    dry_run: bool = True
    headers: list = field(default_factory=list)
    failed: list = field(default_factory=list)  # (row number, original values, reasons)
    token: str = ""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def read_rows(data: bytes):
    check_zip(data)
    rows = uploads.rows(data, field="file")
    header = [_text(h) for h in next(rows, ())]
    expected = [h for h, _ in COLUMNS]
    if header[: len(expected)] != expected:
        rows.close()
        raise ValidationError({"file": "表头与模板不一致，请下载模板填写。"})
    out = []
    for number, row in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in row):
            continue
        out.append((number, list(row[: len(expected)]) + [None] * (len(expected) - len(row))))
        if len(out) > MAX_ROWS:
            rows.close()
            raise ValidationError({"file": f"一次最多导入{MAX_ROWS}行。"})
    return header[: len(expected)], out


def _validate(rows, *, by, default_org=None, within=None):
    """Check every row; return (members to create, failures)."""
    orgs = {o.pk: o for o in Organization.objects.filter(level__in=GRASSROOTS_LEVELS)}
    by_name: dict[str, list] = {}
    for o in orgs.values():
        by_name.setdefault(o.name, []).append(o)
    hashes = {}
    for number, row in rows:
        id_cell = row[2]
        value = _text(id_cell)
        if value and not isinstance(id_cell, int | float):
            try:
                hashes[number] = pii.id_hash(identity.validate_resident_id(value))
            except ValidationError:
                pass
    in_db = set()
    found = list(hashes.values())
    for i in range(0, len(found), 500):
        in_db |= set(Member.objects.filter(id_hash__in=found[i: i + 500]).values_list("id_hash", flat=True))
    seen: dict[str, int] = {}
    for number, digest in hashes.items():
        seen.setdefault(digest, number)
    good, failed = [], []
    today = timezone.localdate()
    for number, row in rows:
        reasons = []
        kind_cell, name, id_cell, phone, school, credit, contact, org_cell, joined = row
        kind = KIND_BY_LABEL.get(_text(kind_cell))
        if not kind:
            reasons.append("会员类别应为成人会员、青少年会员或团体会员")
        name = _text(name)
        if not name:
            reasons.append("姓名为空")
        org = None
        org_text = _text(org_cell)
        if isinstance(org_cell, float) and org_cell.is_integer():
            org_text = str(int(org_cell))
        if not org_text and default_org is not None:
            org = default_org
        elif org_text.isdigit():
            org = orgs.get(int(org_text))
        else:
            matches = by_name.get(org_text, [])
            if len(matches) > 1:
                reasons.append("组织名称不唯一，请填写组织编号")
            org = matches[0] if len(matches) == 1 else None
        if org is None and not any("组织" in r for r in reasons):
            reasons.append(f"组织不存在：{org_text or '（空）'}")
        elif org is not None and org.status == OrgStatus.DISSOLVED:
            reasons.append("组织已撤销")
        elif org is not None and within is not None and not org.path.startswith(within.path):
            reasons.append(f"组织不在 {within.name} 之下")
        elif org is not None and not scoping.can(by, "member.import", org):
            reasons.append("组织不在您的管辖范围内")
        if isinstance(joined, datetime):
            joined = joined.date()
        elif isinstance(joined, date):
            pass
        elif _text(joined):
            try:
                joined = date.fromisoformat(_text(joined))
            except ValueError:
                reasons.append("入会日期格式应为 2025-01-31")
                joined = today
        else:
            joined = today
        in_school = _text(school) in ("是", "1", "True", "true", "Y", "y")
        member = Member(kind=kind or Kind.ADULT, name=name, org=org, joined_on=joined, in_school=in_school,
                        contact_person=_text(contact))
        if kind == Kind.GROUP:
            try:
                member.credit_code = identity.validate_credit_code(_text(credit))
            except ValidationError as exc:
                reasons.append(exc.messages[0].rstrip("。"))
            if not member.contact_person:
                reasons.append("团体会员请填写联系人")
        elif kind:
            if isinstance(id_cell, int | float):
                reasons.append("身份证号码单元格是数字格式（Excel 只保留15位有效数字），请设为文本后重新填写")
            else:
                try:
                    value = identity.validate_resident_id(_text(id_cell))
                except ValidationError as exc:
                    reasons.append(exc.messages[0].rstrip("。"))
                else:
                    digest = hashes[number]
                    if seen[digest] != number:
                        reasons.append(f"身份证号码与第{seen[digest]}行重复")
                    elif digest in in_db:
                        reasons.append("身份证号码已登记为会员")
                    born = identity.id_birth_date(value)
                    member.id_number, member.id_hash, member.birth_date = pii.seal(value), digest, born
                    member.id_tail = pii.tail(value)
                    member.gender = Gender.MALE if identity.id_is_male(value) else Gender.FEMALE
                    if kind == Kind.YOUTH and age_on(born, joined) >= 18 and not in_school:
                        reasons.append("青少年会员入会时应未满18周岁或为在校学生")
                    if kind == Kind.ADULT and age_on(born, joined) < 18:
                        reasons.append("未满18周岁者请登记为青少年会员")
        if _text(phone) or kind in (Kind.ADULT, Kind.YOUTH):
            phone_text = _text(phone)
            if isinstance(phone, float) and phone.is_integer():
                phone_text = str(int(phone))
            try:
                member.phone = identity.validate_mobile(phone_text)
            except ValidationError as exc:
                reasons.append(exc.messages[0].rstrip("。"))
        if reasons:
            failed.append((number, row, reasons))
        else:
            good.append(member)
    return good, failed


@transaction.atomic
def save_members(members, *, by) -> int:
    """Number and create all ``members`` in one go (one counter lock per org)."""
    by_org: dict[int, list] = {}
    for m in members:
        by_org.setdefault(m.org_id, []).append(m)
    for org_id in sorted(by_org):
        MemberCounter.objects.get_or_create(org_id=org_id)
        counter = MemberCounter.objects.select_for_update().get(org_id=org_id)
        for m in by_org[org_id]:
            counter.last += 1
            m.number = f"{org_id:05d}{counter.last:06d}"
        counter.save(update_fields=["last"])
    members = bulk_create_with_history(members, Member, batch_size=1000, default_user=by)  # sealed IDs
    if any(m.pk is None for m in members):  # backends that do not return ids
        ids = dict(Member.objects.filter(number__in=[m.number for m in members]).values_list("number", "pk"))
        for m in members:
            m.pk = ids[m.number]
    Spell.objects.bulk_create(
        [Spell(member_id=m.pk, org_id=m.org_id, start=m.joined_on, start_reason=Spell.Start.JOINED, by=by)
         for m in members], batch_size=1000)
    link_volunteers(members, by=by)
    return len(members)


def import_members(upload, *, by, dry_run=True, default_org=None, within=None) -> ImportResult:
    """Validate every row; save nothing unless every row is good (and not a dry run)."""
    data = upload.read(MAX_UPLOAD + 1) if hasattr(upload, "read") else upload
    headers, rows = read_rows(data)
    good, failed = _validate(rows, by=by, default_org=default_org, within=within)
    result = ImportResult(total=len(rows), dry_run=dry_run, headers=headers, failed=failed)
    if not failed and not dry_run:
        result.saved = save_members(good, by=by)
    return result


#: the rows sent back to the uploader sit in the shared cache or a job's files for a while: masked
MASKED_COLUMNS = {"身份证号码": identity.mask_id, "手机号码": identity.mask_phone}


def failed_bytes(result: ImportResult) -> bytes:
    masks = [MASKED_COLUMNS.get(h) for h in result.headers]

    def cell(i, value):
        if value is None:
            return ""
        mask = masks[i] if i < len(masks) else None
        return mask(str(value)) if mask else value

    rows = ([*(cell(i, v) for i, v in enumerate(row)), "；".join(reasons)] for _, row, reasons in result.failed)
    return _sheet("未通过的行", [*result.headers, "错误原因"], rows, [10, 20, 22, 14, 8, 22, 12, 14, 12, 60])


def stash_failed(user, result: ImportResult) -> str:
    token = secrets.token_urlsafe(16)
    cache.set(f"members:import-failed:{user.pk}:{token}", failed_bytes(result), 3600)
    return token


def fetch_failed(user, token: str):
    return cache.get(f"members:import-failed:{user.pk}:{token}")
