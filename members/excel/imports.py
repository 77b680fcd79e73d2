"""Member import from .xlsx (DESIGN.md §7; security checklist rows 23–24).

The zip is checked before openpyxl sees it; every row is checked by the member rule the form uses
(``services.check_member_fields``) plus what only a file has (its organisation column, numeric ID
cells, duplicates inside it); nothing is saved unless every row is good. Each error is kept with
the column it belongs to, so the error workbook can mark the very cell.
"""

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lib import audit, bulk, identity, pii
from lib.excel import read as uploads
from members.models import Kind, Member, MemberCounter, Spell
from members.resources import COLUMNS
from members.services import check_member_fields, holds_members, link_volunteers
from orgs import scoping
from orgs.models import GRASSROOTS_LEVELS, Organization, OrgStatus

MAX_UPLOAD = 20 * 1024 * 1024
MAX_ENTRIES = 200
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_ROWS = 50_000
KIND_BY_LABEL = {label: value for value, label in Kind.choices} | {v: v for v in Kind.values}
KEYS = [key for _, key in COLUMNS]
YES = ("是", "1", "True", "true", "Y", "y", "TRUE")


@dataclass
class ImportResult:
    total: int = 0
    saved: int = 0
    dry_run: bool = True
    headers: list = field(default_factory=lambda: [h for h, _ in COLUMNS])
    failed: list = field(default_factory=list)  # (row number, original values, reasons)
    #: row number → {column key: reason}: the cells the error workbook marks
    cells: dict = field(default_factory=dict)
    token: str = ""


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


def read_rows(data: bytes) -> list[tuple[int, list]]:
    """The rows under the template's header (found wherever it is in the first rows)."""
    check_zip(data)
    return uploads.table(data, [h for h, _ in COLUMNS], max_rows=MAX_ROWS, field="file")


def count_rows(data: bytes) -> int:
    """Rows to import in an upload (after the zip checks), for the background-job threshold."""
    return len(read_rows(data))


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def own_org(by) -> Organization | None:
    """Where rows with an empty 所属组织编号 go: the importing account's own org, when members can
    be registered there (a grassroots org that is not dissolved)."""
    org = getattr(by, "org", None)
    return org if org is not None and holds_members(org) else None


class _Orgs:
    """The 所属组织编号 column: an org id or a unique org name; empty means ``fallback``."""

    def __init__(self, *, by, fallback, within):
        self.by, self.fallback, self.within = by, fallback, within
        orgs = Organization.objects.filter(level__in=GRASSROOTS_LEVELS).only("pk", "name", "path", "status", "level")
        self.by_pk = {o.pk: o for o in orgs}
        self.by_name: dict[str, list] = {}
        for o in self.by_pk.values():
            self.by_name.setdefault(o.name, []).append(o)

    def find(self, cell) -> tuple[Organization | None, str | None]:
        text = _text(cell)
        if not text:
            if self.fallback is None:
                return None, "请填写所属组织编号（您的账号所属组织不能登记会员，须指明会员所属的基层组织）"
            org = self.fallback
        elif text.isdigit():
            org = self.by_pk.get(int(text))
        else:
            matches = self.by_name.get(text, [])
            if len(matches) > 1:
                return None, "组织名称不唯一，请填写组织编号"
            org = matches[0] if matches else None
        if org is None:
            return None, f"组织不存在：{text}"
        if org.status == OrgStatus.DISSOLVED:
            return None, "组织已撤销"
        if self.within is not None and not org.path.startswith(self.within.path):
            return None, f"组织不在 {self.within.name} 之下"
        if not scoping.can(self.by, "member.import", org):
            return None, "组织不在您的管辖范围内"
        return org, None


def _joined(cell) -> tuple[date | None, str | None]:
    if isinstance(cell, datetime):
        return cell.date(), None
    if isinstance(cell, date):
        return cell, None
    if not _text(cell):
        return None, None  # today
    try:
        return date.fromisoformat(_text(cell)), None
    except ValueError:
        return None, "入会日期格式应为 2025-01-31"


class _Duplicates:
    """ID numbers and credit codes seen earlier in the file or already held by a member."""

    def __init__(self, rows):
        hashes, codes = {}, {}
        for number, row in rows:
            values = dict(zip(KEYS, row, strict=True))
            try:
                if not isinstance(values["id_number"], int | float) and _text(values["id_number"]):
                    hashes.setdefault(pii.id_hash(identity.validate_resident_id(_text(values["id_number"]))), number)
            except ValidationError:
                pass
            try:
                codes.setdefault(identity.validate_credit_code(_text(values["credit_code"])), number)
            except ValidationError:
                pass
        self.first_hash, self.first_code = hashes, codes
        self.held_hashes = self._held("id_hash", list(hashes))
        self.held_codes = self._held("credit_code", list(codes))

    @staticmethod
    def _held(column: str, values: list) -> set:
        held = set()
        for i in range(0, len(values), 500):
            held |= set(Member.objects.filter(**{f"{column}__in": values[i:i + 500]})
                        .values_list(column, flat=True))
        return held

    def id_number(self, number: int, digest: str) -> str | None:
        if self.first_hash.get(digest, number) != number:
            return f"身份证号码与第{self.first_hash[digest]}行重复"
        return "身份证号码已登记为会员" if digest in self.held_hashes else None

    def credit_code(self, number: int, code: str) -> str | None:
        if self.first_code.get(code, number) != number:
            return f"统一社会信用代码与第{self.first_code[code]}行重复"
        return "该统一社会信用代码已登记为团体会员" if code in self.held_codes else None


def _check_row(number: int, row: list, *, orgs: _Orgs, seen: _Duplicates) -> tuple[Member | None, dict]:
    """One row: a Member ready to save, or {column key: reason} for every error in it."""
    values = dict(zip(KEYS, row, strict=True))
    errors: dict[str, str] = {}
    kind = KIND_BY_LABEL.get(_text(values["kind"]))
    if not kind:
        errors["kind"] = "会员类别应为成人会员、青少年会员或团体会员"
    org, problem = orgs.find(values["org"])
    if problem:
        errors["org"] = problem
    joined, problem = _joined(values["joined_on"])
    if problem:
        errors["joined_on"] = problem
    id_cell = values["id_number"]
    if kind != Kind.GROUP and isinstance(id_cell, int | float):
        errors["id_number"] = "身份证号码单元格是数字格式（Excel 只保留15位有效数字），请设为文本后重新填写"
        id_cell = ""
    in_school = _text(values["in_school"]) in YES
    try:
        clean = check_member_fields(kind=kind, name=_text(values["name"]), id_number=_text(id_cell),
                                    phone=_text(values["phone"]), credit_code=_text(values["credit_code"]),
                                    contact_person=_text(values["contact_person"]), joined_on=joined,
                                    in_school=in_school)
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, messages[0].rstrip("。"))
        clean = {}
    if clean.get("id_number") and (problem := seen.id_number(number, pii.id_hash(clean["id_number"]))):
        errors["id_number"] = problem
    if clean.get("credit_code") and (problem := seen.credit_code(number, clean["credit_code"])):
        errors["credit_code"] = problem
    if errors:
        return None, errors
    member = Member(kind=kind, name=_text(values["name"]), org=org, in_school=in_school,
                    contact_person=_text(values["contact_person"]), phone=clean.get("phone", ""),
                    credit_code=clean.get("credit_code", ""), birth_date=clean.get("birth_date"),
                    gender=clean.get("gender", ""))
    if joined is not None:
        member.joined_on = joined
    if clean.get("id_number"):
        value = clean["id_number"]
        member.id_number, member.id_hash, member.id_tail = pii.seal(value), pii.id_hash(value), pii.tail(value)
    return member, errors


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
    # COPY on PostgreSQL, bulk_create elsewhere; the members' history rows are written the way
    # simple_history's bulk_history_create writes them (sealed IDs only, as in the member table)
    members = bulk.insert(Member, members)
    if any(m.pk is None for m in members):  # backends that do not return ids
        ids = dict(Member.objects.filter(number__in=[m.number for m in members]).values_list("number", "pk"))
        for m in members:
            m.pk = ids[m.number]
    history = Member.history.model
    now = timezone.now()
    bulk.insert(history, [history(history_date=now, history_user=by, history_change_reason="", history_type="+",
                                  **{f.attname: getattr(m, f.attname) for f in history.tracked_fields})
                          for m in members])
    bulk.insert(Spell, [Spell(member_id=m.pk, org_id=m.org_id, start=m.joined_on, start_reason=Spell.Start.JOINED,
                              by=by) for m in members])
    link_volunteers(members, by=by)
    return len(members)


def import_members(upload, *, by, dry_run=True, default_org=None, within=None) -> ImportResult:
    """Check every row; save nothing unless every row is good (and not a dry run). Rows with an
    empty 所属组织编号 go to ``default_org``, else to the importing account's own org when it can
    hold members (``own_org``)."""
    data = upload.read(MAX_UPLOAD + 1) if hasattr(upload, "read") else upload
    rows = read_rows(data)
    fallback = default_org if default_org is not None else own_org(by)
    orgs, seen = _Orgs(by=by, fallback=fallback, within=within), _Duplicates(rows)
    result = ImportResult(total=len(rows), dry_run=dry_run)
    good = []
    for number, row in rows:
        member, errors = _check_row(number, row, orgs=orgs, seen=seen)
        if errors:
            result.failed.append((number, row, [errors[key] for key in KEYS if key in errors]))
            result.cells[number] = errors
        else:
            good.append(member)
    if not result.failed and not dry_run:
        with transaction.atomic():
            result.saved = save_members(good, by=by)
            audit.record("member.import", user=by, org=fallback, count=result.saved)
    return result
