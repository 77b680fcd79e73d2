"""Writes to members. Views, admin, import and tests all call these (keyword-only ``by=``,
atomic, history in ``Spell`` rows on both sides of a transfer)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from lib import identity
from members import pii
from members.models import (
    Application,
    DuesPayment,
    DuesRule,
    Kind,
    Member,
    MemberCounter,
    Spell,
    Status,
    Transfer,
    dues_bits,
)
from orgs import scoping
from orgs.models import GRASSROOTS_LEVELS, Organization, OrgStatus
from people import links
from people.privacy import reveal  # noqa: F401 (services.reveal, as callers know it)
from people.rows import check_person


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def holds_members(org: Organization) -> bool:
    """Members are registered at grassroots orgs that are not dissolved."""
    return org.level in GRASSROOTS_LEVELS and org.status != OrgStatus.DISSOLVED


def _too_long(field: str, value: str) -> str | None:
    limit = Member._meta.get_field(field).max_length
    return f"{Member._meta.get_field(field).verbose_name}不能超过{limit}个字。" if len(value) > limit else None


def check_member_fields(*, kind, id_number="", phone="", credit_code="", contact_person="",
                        joined_on=None, in_school=False, name="") -> dict:
    """The one rule for a member's own fields: the member form's ``clean()``, each row of the Excel
    import, the services and the public application all call it. Returns the normalised values;
    raises one ValidationError keyed by field with every error at once, in Chinese.

    A phone number is required of adult members only: youth members (children, pupils) often have
    none of their own, and a group member is reached through its contact person. ``kind`` may be
    None (an import row with an unknown 会员类别): the person's fields are still checked."""
    errors, clean = {}, {}
    joined_on = joined_on or timezone.localdate()
    name = (name or "").strip()
    if not name:
        errors["name"] = "请填写姓名或单位名称。"
    elif message := _too_long("name", name):
        errors["name"] = message
    try:
        Member._meta.get_field("joined_on").run_validators(joined_on)
    except ValidationError as exc:
        errors["joined_on"] = exc.messages[0]
    if kind == Kind.GROUP:
        try:
            clean["credit_code"] = identity.validate_credit_code(credit_code)
        except ValidationError as exc:
            errors["credit_code"] = exc.messages[0]
        if not (contact_person or "").strip():
            errors["contact_person"] = "团体会员请填写联系人。"
        elif message := _too_long("contact_person", contact_person.strip()):
            errors["contact_person"] = message
        clean["id_number"] = ""
    person, wrong = check_person(id_number=None if kind == Kind.GROUP else id_number, phone=phone,
                                 phone_required=kind == Kind.ADULT)
    clean.update(person)
    if "id_number" in wrong:
        errors["id_number"] = wrong["id_number"]
    elif born := person.get("birth_date"):
        if joined_on < born:
            errors.setdefault("joined_on", f"入会日期不能早于出生日期（{born:%Y-%m-%d}）。")
        elif kind == Kind.YOUTH and age_on(born, joined_on) >= 18 and not in_school:
            errors["kind"] = "青少年会员入会时应未满18周岁或为在校学生。"
        elif kind == Kind.ADULT and age_on(born, joined_on) < 18:
            errors["kind"] = "未满18周岁者请登记为青少年会员。"
    if "phone" in wrong:
        errors["phone"] = wrong["phone"]
    if errors:
        raise ValidationError(errors)
    return clean


def next_number(org: Organization) -> str:
    """Next member number of ``org``: org id + sequence, under a row lock; never reused."""
    MemberCounter.objects.get_or_create(org=org)
    counter = MemberCounter.objects.select_for_update().get(org=org)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{org.pk:05d}{counter.last:06d}"


def _check_org(org: Organization) -> None:
    if not holds_members(org):
        raise ValidationError({"org": "会员只能登记在未撤销的基层组织。"})


@transaction.atomic
def create_member(*, by, org: Organization, kind: str, name: str, id_number: str = "", phone: str = "",
                  credit_code: str = "", contact_person: str = "", joined_on: date | None = None,
                  in_school: bool = False, check_scope: bool = True) -> Member:
    if check_scope:
        scoping.require(by, "member.edit", org)
    _check_org(org)
    joined_on = joined_on or timezone.localdate()
    clean = check_member_fields(kind=kind, id_number=id_number, phone=phone, credit_code=credit_code,
                                contact_person=contact_person, joined_on=joined_on, in_school=in_school,
                                name=name)
    member = Member(org=org, kind=kind, name=name.strip(), contact_person=contact_person.strip(),
                    joined_on=joined_on, in_school=in_school, phone=clean.get("phone", ""),
                    credit_code=clean.get("credit_code", ""), birth_date=clean.get("birth_date"),
                    gender=clean.get("gender", ""))
    if clean.get("id_number"):
        member.set_id_number(clean["id_number"])
        if Member.objects.filter(id_hash=member.id_hash).exists():
            raise ValidationError({"id_number": "该身份证号码已登记为会员。"})
    if member.credit_code and Member.objects.filter(credit_code=member.credit_code).exists():
        raise ValidationError({"credit_code": "该统一社会信用代码已登记为团体会员。"})
    member.number = next_number(org)
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        raise ValidationError({"id_number": "该会员已登记。"}) from None
    Spell.objects.create(member=member, org=org, start=joined_on, start_reason=Spell.Start.JOINED, by=by)
    link_volunteers([member], by=by)
    return member


def link_volunteers(members, *, by) -> None:
    """A volunteer is "linked to a Member when they are one": the volunteers app, which stands on
    members, owns the link and hears of new members through ``people.links`` (no import back)."""
    links.added("member", members, by=by)


@transaction.atomic
def update_member(member: Member, *, by, **fields) -> Member:
    scoping.require(by, "member.edit", member)
    allowed = {"name", "phone", "contact_person", "in_school", "credit_code", "kind"}
    data = {k: v for k, v in fields.items() if k in allowed}
    merged = {"kind": member.kind, "name": member.name, "phone": member.phone,
              "credit_code": member.credit_code, "contact_person": member.contact_person,
              "in_school": member.in_school, **data}
    clean = check_member_fields(id_number=member.full_id, joined_on=member.joined_on, **merged)
    for key, value in merged.items():
        setattr(member, key, clean.get(key, value))
    member.save()
    return member


@transaction.atomic
def leave(member: Member, *, by, on: date | None = None) -> Member:
    scoping.require(by, "member.edit", member)
    on = on or timezone.localdate()
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status != Status.ACTIVE:
        raise ValidationError("该会员不在册。")
    Spell.objects.filter(member=member, end__isnull=True).update(end=on, end_reason=Spell.End.LEFT)
    member.status, member.left_on = Status.LEFT, on
    member.save(update_fields=["status", "left_on"])
    return member


@transaction.atomic
def pay_dues(member: Member, *, by, year: int, amount, paid_on: date | None = None) -> DuesPayment:
    scoping.require(by, "member.edit", member)
    rule = DuesRule.for_kind(member.kind, paid_on)
    if amount <= 0 or amount > rule.max_amount:
        raise ValidationError({"amount": f"会费金额应大于0且不超过{rule.max_amount}元。"})
    if DuesPayment.objects.filter(member=member, year=year).exists():
        raise ValidationError({"year": f"{year}年度会费已缴纳。"})
    payment = DuesPayment.objects.create(member=member, year=year, amount=amount, org=member.org,
                                         paid_on=paid_on or timezone.localdate())
    Member.objects.filter(pk=member.pk).update(dues_years=F("dues_years").bitor(dues_bits(year)))
    return payment


@transaction.atomic
def request_transfer(member: Member, *, by, to_org: Organization, reason: str = "") -> Transfer:
    """The sending org asks; the receiving org may be anywhere in the tree."""
    scoping.require(by, "member.edit", member)
    _check_org(to_org)
    if member.status != Status.ACTIVE:
        raise ValidationError("只有在册会员可以转接。")
    if to_org.pk == member.org_id:
        raise ValidationError({"to_org": "转入组织不能与当前组织相同。"})
    if Transfer.objects.filter(member=member, state=Transfer.State.PENDING).exists():
        raise ValidationError("该会员已有待接收的转接申请。")
    return Transfer.objects.create(member=member, from_org=member.org, to_org=to_org, reason=reason,
                                   requested_by=by)


@transaction.atomic
def decide_transfer(transfer: Transfer, *, by, accept: bool, on: date | None = None) -> Transfer:
    """The receiving org accepts (history on both sides) or refuses."""
    scoping.require(by, "member.edit", transfer.to_org)
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.state != Transfer.State.PENDING:
        raise ValidationError("该转接申请已处理。")
    on = on or timezone.localdate()
    transfer.state = Transfer.State.ACCEPTED if accept else Transfer.State.REJECTED
    transfer.decided_by, transfer.decided_on = by, on
    transfer.save()
    if accept:
        member = Member.objects.select_for_update().get(pk=transfer.member_id)
        Spell.objects.filter(member=member, end__isnull=True).update(
            end=on, end_reason=Spell.End.TRANSFER_OUT, counterpart=transfer.to_org)
        Spell.objects.create(member=member, org=transfer.to_org, start=on,
                             start_reason=Spell.Start.TRANSFER_IN,
                             counterpart=transfer.from_org, by=by)
        member.org = transfer.to_org
        member.save(update_fields=["org"])
    return transfer


@transaction.atomic
def add_honour(*, by, org: Organization, kind: str, year: int, name: str, citation: str = ""):
    from members.models import Honour

    scoping.require(by, "member.edit", org)
    member = Member.objects.filter(org=org, name=name.strip()).first()
    return Honour.objects.create(org=org, member=member, kind=kind, year=year, name=name.strip(),
                                 citation=citation.strip())


def submit_application(*, org: Organization, kind: str, name: str, id_number: str, phone: str,
                       in_school: bool = False) -> Application:
    """扫码入会 (public). A well-formed application is always taken, whoever the number belongs to: an
    answer that differed for a member or a pending applicant would tell any visitor whether a person
    is a member anywhere. The reviewing org sees such duplicates in its queue
    (``Application.objects.with_duplicates``) and approving one is refused (``create_member``)."""
    _check_org(org)
    clean = check_member_fields(kind=kind, id_number=id_number, phone=phone, in_school=in_school, name=name)
    digest = pii.id_hash(clean["id_number"])
    return Application.objects.create(org=org, kind=kind, name=name.strip(), phone=clean.get("phone", ""),
                                      id_number=pii.seal(clean["id_number"]), id_hash=digest,
                                      in_school=in_school)


@transaction.atomic
def decide_application(app: Application, *, by, approve: bool, reason: str = "") -> Application:
    scoping.require(by, "application.review", app)
    app = Application.objects.select_for_update().get(pk=app.pk)
    if app.state != Application.State.PENDING:
        raise ValidationError("该申请已处理。")
    if approve:
        app.member = create_member(by=by, org=app.org, kind=app.kind, name=app.name,
                                   id_number=pii.unseal(app.id_number), phone=app.phone,
                                   in_school=app.in_school)
        app.state = Application.State.APPROVED
    else:
        if not reason.strip():
            raise ValidationError({"reason": "请填写不通过的原因。"})
        app.state, app.reject_reason = Application.State.REJECTED, reason.strip()
    app.decided_by = by
    app.save()
    return app


def move_with_org(source: Organization, target: Organization, *, on: date, by) -> int:
    """Merge or dissolve (``orgs.services``): every member of ``source`` goes to ``target`` on ``on``.

    Open membership spells are closed at ``source`` and opened at ``target`` that day, so both orgs
    keep their history and ``members_as_of`` stays right before and after. Runs inside the
    restructuring's transaction; permission was checked there.
    """
    if target.level not in GRASSROOTS_LEVELS and Member.objects.filter(org=source).exists():
        raise ValidationError(f"“{source.name}”有会员，只能并入或移交给基层组织（会员只登记在基层组织）。")
    open_spells = Spell.objects.filter(org=source, end__isnull=True).select_for_update()
    moving = list(open_spells.values_list("member_id", flat=True))
    open_spells.update(end=on, end_reason=Spell.End.TRANSFER_OUT, counterpart=target)
    Spell.objects.bulk_create([
        Spell(member_id=pk, org=target, start=on, start_reason=Spell.Start.TRANSFER_IN, counterpart=source, by=by)
        for pk in moving
    ])
    # pending 关系转接 to or from the old org are now the successor's to decide or follow
    Transfer.objects.filter(to_org=source, state=Transfer.State.PENDING).update(to_org=target)
    Transfer.objects.filter(from_org=source, state=Transfer.State.PENDING).update(from_org=target)
    return Member.objects.filter(org=source).update(org=target)
