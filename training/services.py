"""Every write of the training register: classes, the roster, attendance and results. Each checks
the role and the org, writes atomically and leaves an audit event."""

from django.core.exceptions import ValidationError
from django.db import transaction

from lib import audit, pii
from orgs import scoping
from people.rows import check_person
from training.models import Enrollment, Trainee, TrainingClass


def _check_class(*, starts_on, ends_on, **_) -> None:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "结束日期不能早于开始日期。"})


@transaction.atomic
def create_class(*, by, org, **fields) -> TrainingClass:
    scoping.require(by, "training.edit", org)
    _check_class(**fields)
    fields.setdefault("certifying_org", None)
    klass = TrainingClass.objects.create(org=org, **fields)
    audit.record("training.class_created", user=by, obj=klass)
    return klass


def check_trainee(*, name: str, id_number: str, phone: str = "") -> tuple[dict, dict]:
    """(clean, errors by field) of one roster row: the shared person check plus a name."""
    clean, errors = check_person(id_number=id_number, phone=phone)
    name = (name or "").strip()
    if not name:
        errors["name"] = "请填写姓名"
    elif len(name) > 50:
        errors["name"] = "姓名过长（不超过50字）"
    clean["name"] = name
    return clean, errors


def trainee_for(*, org, name: str, id_number: str, phone: str, work_unit: str) -> Trainee:
    """The trainee with this ID number (any class before), or a new one at ``org``; a later row
    brings their phone and work unit up to date."""
    found = Trainee.objects.filter(id_hash=pii.id_hash(id_number)).first()
    if found is None:
        found = Trainee(org=org, name=name, gender="")
        found.set_id_number(id_number)
    found.name, found.work_unit = name, work_unit or found.work_unit
    found.phone = phone or found.phone
    found.gender = check_person(id_number=id_number)[0]["gender"]
    found.save()
    return found


def _seat(klass, trainee) -> Enrollment:
    if Enrollment.objects.filter(training_class=klass, trainee=trainee).exists():
        raise ValidationError({"id_number": "该学员已在本班名册中。"})
    return Enrollment.objects.create(training_class=klass, trainee=trainee)


@transaction.atomic
def add_trainee(klass, *, by, name, id_number, phone="", work_unit="") -> Enrollment:
    scoping.require(by, "training.edit", klass)
    clean, errors = check_trainee(name=name, id_number=id_number, phone=phone)
    if errors:
        raise ValidationError(errors)
    trainee = trainee_for(org=klass.org, name=clean["name"], id_number=clean["id_number"],
                          phone=clean.get("phone", ""), work_unit=(work_unit or "").strip())
    seat = _seat(klass, trainee)
    audit.record("training.trainee_added", user=by, obj=klass, trainee=trainee.pk)
    return seat


@transaction.atomic
def record_results(klass, *, by, results: dict[int, tuple[bool, int | None]]) -> int:
    """``results``: enrollment pk → (attended, score or None). Passed = attended and score at or
    above the class's pass mark; a score out of 0–100 refuses the whole sheet."""
    scoping.require(by, "training.edit", klass)
    seats = {e.pk: e for e in klass.enrollments.all()}
    bad = [pk for pk, (_, score) in results.items() if pk not in seats or (score is not None and not 0 <= score <= 100)]
    if bad:
        raise ValidationError("成绩应为 0 至 100 的整数。")
    for pk, (attended, score) in results.items():
        seat = seats[pk]
        seat.attended, seat.score = attended, score
        seat.passed = None if score is None else bool(attended and score >= klass.pass_mark)
        seat.save(update_fields=["attended", "score", "passed"])
    audit.record("training.results", user=by, obj=klass, count=len(results))
    return len(results)
