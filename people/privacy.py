"""A person's data on request, and full-data exports, for every kind of person (PIPL arts. 44–47;
security checklist rows 15–16). What differs by kind is read from its ``people.kinds.Kind``.

* ``reveal``: 显示完整信息 — allowed roles only, a stated reason, within the hourly limit, logged.
* ``personal_data``: everything held about one person, as a JSON file, audit-logged.
* ``erase``: anonymise a person — name, ID, phone and the kind's other personal columns cleared,
  the blind index removed, the same fields scrubbed from the field history and from linked rows —
  while what statistics count (spells, hours, dues) stays, so figures of any date do not change.
* ``full_export``: a roster with whole ID and phone numbers — the role, the account's grant and a
  stated reason are required (``orgs.scoping``); one audit event names every person in it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lib import audit, history, pii
from orgs import scoping
from people import kinds


def reveal(person, *, by, reason: str, request=None):
    kind = kinds.of(person)
    scoping.require(by, f"{kind.name}.reveal_pii", person)
    return audit.disclose(f"{kind.name}.reveal_pii", about=person, by=by, reason=reason, request=request)


def field_history(person) -> list[dict]:
    """Every version of the person's row, whole: this is the file for the person themselves."""
    labels = kinds.of(person).history_labels
    return [{"时间": h.history_date, "类型": h.get_history_type_display(), "姓名": h.name,
             labels["id_number"]: pii.unseal(h.id_number), labels["phone"]: h.phone, labels["org"]: h.org_id,
             "状态": h.status, "操作人": h.history_user.username if h.history_user_id else ""}
            for h in person.history.select_related("history_user").order_by("history_date")]


def personal_data(person, *, by, reason: str, request=None) -> bytes:
    """Everything the portal holds about ``person`` (a file for the person who asked), with a stated
    reason, within the hourly limit, audit-logged (``lib.audit.disclose``)."""
    kind = kinds.of(person)
    scoping.require(by, f"{kind.name}.personal_data", person)
    return audit.personal_data_file(lambda: kind.data_file(person), about=person, by=by, reason=reason,
                                    request=request)


@transaction.atomic
def erase(person, *, by, reason: str, request=None):
    """Anonymise ``person`` for good (删除个人信息); what the statistics count stays."""
    kind = kinds.of(person)
    scoping.require(by, f"{kind.name}.erase", person)
    reason = audit.stated_reason(reason)
    person = kind.model.objects.select_for_update().get(pk=person.pk)
    if person.erased_at:
        raise ValidationError(f"该{kind.label}的个人信息已删除。")
    old_hash, placeholder = person.id_hash, f"已删除个人信息（{kind.reference(person)}）"
    # no blind index any more: the same person may register again
    history.scrub(person, {"name": placeholder, "id_number": "", "phone": "", **kind.also_erased},
                  id_hash=None, id_tail="", erased_at=timezone.now())
    kind.after_erase(person, placeholder=placeholder, old_hash=old_hash)
    audit.record(f"{kind.name}.erase_pii", request=request, user=by, obj=person, reason=reason)  # names no one
    return person


def full_export(kind: kinds.Kind, queryset, *, by, reason: str, request=None) -> bytes:
    """The roster with whole IDs and phones; one audit event lists every person in it."""
    scoping.require(by, f"{kind.name}.export_full")
    reason = audit.stated_reason(reason)
    ids = list(queryset.values_list("pk", flat=True))
    event = audit.record(f"{kind.name}.export_full", request=request, user=by, reason=reason, count=len(ids),
                         **{kind.namespace: ids})
    return kind.full_workbook(queryset, watermark=audit.watermark(event))
