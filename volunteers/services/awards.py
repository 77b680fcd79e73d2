"""Star ratings (seed 002 item 15) and first-aid certificates."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from orgs import scoping
from orgs.models import BODY_LEVELS, Organization, User
from volunteers.models import (
    CERTIFICATE_YEARS,
    FirstAidCertificate,
    StarAward,
    Volunteer,
)


@transaction.atomic
def award_stars(volunteer: Volunteer, *, by: User, stars: int, reason: str, awarded_on: date | None = None,
                notice_days: int | None = None) -> StarAward:
    """Seed 002 item 15; the authority check lives in ``orgs.scoping.may_award_stars``."""
    if stars not in range(1, 6):
        raise ValidationError({"stars": "星级必须为1至5。"})
    scoping.may_award_stars(by, stars, volunteer)
    body = by.org if by.org_id else volunteer.org.reviewing_body()
    award = StarAward(volunteer=volunteer, stars=stars, reason=reason, awarded_by_org=body, by=by,
                      awarded_on=awarded_on or timezone.localdate())
    if notice_days is not None:
        award.notice_days = notice_days
    award.full_clean(exclude=["by"])
    award.save()
    return award


@transaction.atomic
def withdraw_award(award: StarAward, *, by: User, on: date | None = None) -> StarAward:
    """An award can be withdrawn during its notice period (公示期), by the body that may award it."""
    scoping.may_award_stars(by, award.stars, award.volunteer)
    if award.withdrawn:
        raise ValidationError("该评定已撤回。")
    if (on or timezone.localdate()) >= award.effective_on:
        raise ValidationError("公示期已结束，评定已生效，不能撤回。")
    award.withdrawn = True
    award.save(update_fields=["withdrawn"])
    return award


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


@transaction.atomic
def issue_certificate(volunteer: Volunteer, *, by: User, number: str, issued_on: date,
                      expires_on: date | None = None, issuing_body: Organization | None = None
                      ) -> FirstAidCertificate:
    scoping.require(by, "volunteer.issue_certificate", volunteer)
    if issuing_body is None:
        issuing_body = by.org if by.org_id and by.org.level in BODY_LEVELS else volunteer.org.reviewing_body()
    cert = FirstAidCertificate(volunteer=volunteer, number=number.strip(), issued_on=issued_on,
                               expires_on=expires_on or _add_years(issued_on,
                                                                   CERTIFICATE_YEARS) - timedelta(days=1),
                               issuing_body=issuing_body)
    cert.full_clean()
    cert.save()
    return cert
