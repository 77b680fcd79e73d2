"""Workbooks about members: the roster (masked, or whole and watermarked), the import template
and the workbook of rows an import refused. All go through the one writer, ``lib.excel.write``."""

import secrets
from datetime import date, datetime
from decimal import Decimal

from django.core.cache import cache
from django.utils import timezone

from lib import identity, pii
from lib.excel import write as xlsx
from lib.excel.write import Column, Flagged
from members.excel.imports import ImportResult, own_org
from members.models import Gender, Kind, Status
from members.resources import COLUMNS
from orgs import scoping
from orgs.models import GRASSROOTS_LEVELS, OrgStatus

EXPORT_COLUMNS = [Column("会员编号", 16), Column("会员类别", 10), Column("姓名/单位名称", 20), Column("性别", 6),
                  Column("身份证号码", 22, text=True), Column("手机号码", 14, text=True),
                  Column("统一社会信用代码", 22, text=True), Column("所属组织", 24), Column("入会日期", 12),
                  Column("状态", 10)]
EXPORT_HEADER = [c.header for c in EXPORT_COLUMNS]
EXPORT_FIELDS = ("number", "kind", "name", "gender", "id_number", "phone", "credit_code", "org__name", "joined_on",
                 "status", "lapsed")

#: the import columns' layout: width, typed as text, and what the template says to fill in
IMPORT_LAYOUT = {
    "kind": (10, False, "成人会员、青少年会员或团体会员"),
    "name": (18, False, "团体会员填单位名称"),
    "id_number": (22, True, "18位，本列已设为文本；团体会员不填"),
    "phone": (14, True, "成人会员必填；青少年、团体会员可不填"),
    "in_school": (9, False, "是/否；年满18周岁的青少年会员须为在校学生"),
    "credit_code": (22, True, "团体会员必填"),
    "contact_person": (10, False, "团体会员必填"),
    "org": (16, False, ""),  # depends on the account: see ``_org_note``
    "joined_on": (12, False, "如 2025-01-31；留空为今天；不能晚于今天"),
}


def _today() -> str:
    return f"{timezone.localdate():%Y年%m月%d日}"


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
    return xlsx.write(dest, title="会员", heading=f"会员名册（{_today()}导出）", columns=EXPORT_COLUMNS,
                      rows=export_rows(queryset, full=full), progress=progress)


def full_export_bytes(queryset, *, watermark: list[str]) -> bytes:
    """Whole IDs and phones, watermarked (``members.privacy.full_export`` checks the grant and the
    reason first); ``queryset`` is annotated ``with_lapse`` like the list's."""
    book = xlsx.Book()
    sheet = book.sheet("会员", title=f"会员名册（含完整身份证号码、手机号码，{_today()}导出）", columns=EXPORT_COLUMNS)
    for row in export_rows(queryset, full=True):
        sheet.add(row)
    book.watermark(watermark)
    return book.bytes()


def _org_note(by) -> str:
    own = own_org(by)
    if own is None:
        return "必填：会员所属基层组织的编号（见“组织编号”表）或名称"
    return f"留空即登记到本单位“{own.name}”（编号 {own.pk}）；其他组织填编号（见“组织编号”表）"


def import_columns(by) -> list[Column]:
    notes = {**{key: note for key, (_, _, note) in IMPORT_LAYOUT.items()}, "org": _org_note(by)}
    return [Column(header, IMPORT_LAYOUT[key][0], text=IMPORT_LAYOUT[key][1], note=notes[key])
            for header, key in COLUMNS]


def template_bytes(by) -> bytes:
    """The import template: notes above the header (an empty 所属组织编号 means the account's own
    org), ID and phone columns typed as text, and a second sheet with the numbers of the grassroots
    orgs the account may import into."""
    book = xlsx.Book()
    book.sheet("会员导入", title="会员信息导入表（填写说明见表头上方；删除或保留说明行均可）",
               columns=import_columns(by), notes=True)
    orgs = book.sheet("组织编号", title="可导入会员的基层组织",
                      columns=[Column("组织编号", 10), Column("组织名称", 30)])
    visible = scoping.visible_orgs(by).filter(level__in=GRASSROOTS_LEVELS).exclude(status=OrgStatus.DISSOLVED)
    for pk, name in visible.order_by("path").values_list("pk", "name").iterator(chunk_size=xlsx.CHUNK):
        orgs.add([pk, name])
    return book.bytes()


#: the refused rows sit in the shared cache or a job's files for a while: whole numbers never do
MASKED = {"id_number": identity.mask_id, "phone": identity.mask_phone}


def _as_text(key: str, value):
    """What the error workbook writes back: ID and phone cells as text (a number there has lost
    digits already, and writing it back as a number shows 5.12E+17) and masked, dates as dates."""
    if value is None:
        return ""
    if IMPORT_LAYOUT[key][1] and isinstance(value, int | float):  # the digits Excel shows, no exponent
        value = format(Decimal(repr(value)), "f") if isinstance(value, float) else str(value)
    if key in MASKED:
        return MASKED[key](str(value).strip())
    if IMPORT_LAYOUT[key][1]:
        return str(value)
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date | int | float) else str(value)


def failed_bytes(result: ImportResult) -> bytes:
    """The refused rows as the template lays them out, each bad cell filled red with its reason as
    a comment, the reasons in 错误原因 and the row's number in the uploaded file (ID numbers and
    phones masked): correct those rows in the uploaded file and upload it again."""
    book = xlsx.Book()
    columns = [*(Column(c.header, c.width, text=c.text) for c in import_columns(None)),
               Column("错误原因", 50, wrap=True), Column("原表行号", 9)]
    title = f"会员导入未通过的行（共 {len(result.failed)} 行；请按原表行号在原文件中改正后重新上传）"
    sheet = book.sheet("未通过的行", title=title, columns=columns, editable=True)
    keys = [key for _, key in COLUMNS]
    for number, row, reasons in result.failed:
        marks = result.cells.get(number, {})
        cells = [Flagged(_as_text(key, value), marks[key]) if key in marks else _as_text(key, value)
                 for key, value in zip(keys, row, strict=True)]
        sheet.add([*cells, "；".join(reasons), number])
    return book.bytes()


def stash_failed(user, result: ImportResult) -> str:
    token = secrets.token_urlsafe(16)
    cache.set(f"members:import-failed:{user.pk}:{token}", failed_bytes(result), 3600)
    return token


def fetch_failed(user, token: str):
    return cache.get(f"members:import-failed:{user.pk}:{token}")
