"""公示 and honours in public (seed 002 item 15: 宣传表彰 of volunteers, stars awarded by level;
item 12: 推选宣传 of 会员之星). Each body has a public page of the star ratings it awarded that are
still in their 公示 period (names partly masked), where anyone may object; an objection holds the
award until the body decides, and the decision is recorded. Past honours form a 红人榜.

The hold is the award's own rule, not a second one: a rating takes effect ``notice_days`` after it
was awarded (``volunteers.models.StarAward.effective_on``, read by every statistic), so holding it
sets its ``notice_days`` beyond any date until the decision puts the original back (or withdraws
it through ``volunteers.services.withdraw_award``)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from lib import audit
from members.models import Honour
from notices.models import Decision, Objection
from notifications import services as notifications
from orgs import scoping
from orgs.models import BODY_LEVELS, Organization, Role, User
from volunteers import services as volunteers
from volunteers.models import StarAward

OBJECTED = notifications.reason("award.objection", "公示异议")
#: the notice days of a held award: its 公示 never ends while an objection is open
HELD_DAYS = 30000
#: the longest 公示 the award form allows (``volunteers.forms``): older awards are over
LONGEST_NOTICE = 60


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳小明 → 欧***: the family name and the length, no more."""
    name = (name or "").strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


def public_body(pk: int) -> Organization:
    body = Organization.objects.filter(pk=pk, level__in=BODY_LEVELS).exclude(status="dissolved").first()
    if body is None:
        raise Organization.DoesNotExist
    return body


def under_publicity(body: Organization, today=None) -> list[StarAward]:
    """The ratings ``body`` awarded that are not yet in effect (in 公示, or held by an objection)."""
    today = today or timezone.localdate()
    recent = (StarAward.objects.filter(awarded_by_org=body, withdrawn=False)
              .filter(Q(awarded_on__gte=today - timedelta(days=LONGEST_NOTICE)) | Q(notice_days__gte=HELD_DAYS))
              .select_related("volunteer").order_by("-awarded_on", "-pk"))
    return [a for a in recent if a.effective_on > today]


def honours(body: Organization, today=None, limit: int = 200) -> dict:
    """红人榜: the ratings ``body`` awarded that are in effect, and the member honours of its subtree."""
    today = today or timezone.localdate()
    stars = [a for a in StarAward.objects.filter(awarded_by_org=body, withdrawn=False, notice_days__lt=HELD_DAYS)
             .select_related("volunteer").order_by("-awarded_on", "-pk")[:limit] if a.is_effective(today)]
    members = Honour.objects.filter(org__path__startswith=body.path).select_related("org")[:limit]
    return {"stars": stars, "members": list(members)}


def _clean(value: str, limit: int) -> str:
    return (value or "").replace("\x00", "").strip()[:limit]


@transaction.atomic
def object_to(award: StarAward, *, name: str, contact: str, reason: str) -> Objection:
    """Anyone's objection during the 公示: recorded, the award held, the awarding body told."""
    name, contact, reason = _clean(name, 30), _clean(contact, 50), _clean(reason, 1000)
    errors = {}
    if not name:
        errors["name"] = "请填写您的姓名。"
    if len(contact) < 5:
        errors["contact"] = "请填写联系电话或电子邮箱，以便核实。"
    if len(reason) < 10:
        errors["reason"] = "请写明异议理由（至少10个字）。"
    if errors:
        raise ValidationError(errors)
    award = StarAward.objects.select_for_update().get(pk=award.pk)
    if award.withdrawn or award.effective_on <= timezone.localdate():
        raise ValidationError("该评定已不在公示期内。")
    held = award.objections.filter(decision="").first()
    objection = Objection.objects.create(award=award, body=award.awarded_by_org, name=name, contact=contact,
                                         reason=reason, notice_days=held.notice_days if held else award.notice_days)
    StarAward.objects.filter(pk=award.pk).update(notice_days=HELD_DAYS)
    audit.record("award.objection", obj=objection, org=award.awarded_by_org, award=award.pk)
    notifications.notify(User.objects.filter(org=award.awarded_by_org, role__in=(Role.REVIEWER, Role.ADMIN)),
                         f"对{award.volunteer.name}的{award.stars}星级评定在公示期收到异议，评定暂缓生效，请处理。",
                         reason=OBJECTED, link=reverse("notices:objections"), org=award.awarded_by_org,
                         about_key=f"award:{award.pk}")
    return objection


@transaction.atomic
def decide(objection: Objection, *, by: User, decision: str, note: str = "") -> StarAward:
    """The awarding body's decision on every open objection to the award: ``released`` puts the
    award's own 公示 back (in effect at once if it has ended meanwhile); ``withdrawn`` withdraws it."""
    award = StarAward.objects.select_for_update().select_related("volunteer__org").get(pk=objection.award_id)
    scoping.may_award_stars(by, award.stars, award.volunteer)
    if decision not in Decision.values:
        raise ValidationError({"decision": "请选择处理结果。"})
    open_ones = award.objections.filter(decision="")
    first = open_ones.order_by("created_at").first()
    if first is None:
        raise ValidationError("该异议已处理。")
    if decision == Decision.WITHDRAWN:
        volunteers.withdraw_award(award, by=by)  # still held, so still within its 公示
    StarAward.objects.filter(pk=award.pk).update(notice_days=first.notice_days)
    note = _clean(note, 300)
    count = open_ones.update(decision=decision, decision_note=note, decided_by=by, decided_at=timezone.now())
    audit.record("award.objection_decided", user=by, obj=objection, org=objection.body, decision=decision,
                 objections=count)
    award.refresh_from_db()
    return award
