"""Seed 002 item 15: county bodies award 1–3 stars, city bodies 4, the province 5."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.conftest import make_user
from tests.volunteers import factories
from volunteers import selectors, services

ALLOWED = {"county": {1, 2, 3}, "city": {4}, "province": {5}, "town": set(), "village": set(),
           "department": set()}


@pytest.fixture
def vol(cast):
    return factories.volunteer(cast.v1, cast.t1_staff)


@pytest.mark.parametrize("level,org_attr", [("province", "province"), ("city", "city"), ("county", "d1"),
                                            ("town", "t1"), ("village", "v1")])
@pytest.mark.parametrize("stars", [1, 2, 3, 4, 5])
def test_star_authority_by_level(cast, vol, level, org_attr, stars):
    reviewer = make_user(f"r_{org_attr}", getattr(cast, org_attr), "reviewer")
    if stars in ALLOWED[level]:
        award = services.award_stars(vol, by=reviewer, stars=stars, reason="服务时长达标")
        assert award.awarded_by_org == getattr(cast, org_attr)
    else:
        with pytest.raises(PermissionDenied) as exc:
            services.award_stars(vol, by=reviewer, stars=stars, reason="服务时长达标")
        assert "县级红十字会负责一至三星级" in str(exc.value)


def test_department_body_cannot_award(cast):
    v = factories.volunteer(cast.dep3, cast.operator)
    reviewer = make_user("r_dep3", cast.dep3, "reviewer")
    with pytest.raises(PermissionDenied):
        services.award_stars(v, by=reviewer, stars=1, reason="x")


def test_staff_may_not_award_and_other_branch_is_404(cast, vol):
    from django.http import Http404

    with pytest.raises(PermissionDenied):
        services.award_stars(vol, by=make_user("s_d1", cast.d1, "staff"), stars=1, reason="x")
    with pytest.raises(Http404):
        services.award_stars(vol, by=cast.d2_reviewer, stars=1, reason="x")


def test_award_takes_effect_after_notice_and_can_be_withdrawn_during_it(cast, vol):
    day = date(2026, 1, 10)
    award = services.award_stars(vol, by=cast.d1_reviewer, stars=2, reason="服务300小时", awarded_on=day)
    assert selectors.current_stars(vol, on=day + timedelta(days=6)) == 0
    assert selectors.current_stars(vol, on=day + timedelta(days=7)) == 2
    with pytest.raises(ValidationError):
        services.withdraw_award(award, by=cast.d1_reviewer, on=day + timedelta(days=7))
    services.withdraw_award(award, by=cast.d1_reviewer, on=day + timedelta(days=3))
    assert selectors.current_stars(vol, on=day + timedelta(days=30)) == 0


@pytest.mark.parametrize("hours,stars", [(0, 0), (99, 0), (100, 1), (300, 2), (650, 3), (1000, 4), (2000, 5)])
def test_suggested_stars_are_only_suggestions(hours, stars):
    assert selectors.suggested_stars(hours) == stars


def test_configured_thresholds_drive_the_suggestion_on_the_award_page(cast, vol, login, settings):
    from django.urls import reverse

    services.approve_record(services.log_hours(vol, by=cast.t1_staff, served_on=date(2026, 3, 1), hours=20),
                            by=cast.d1_reviewer)
    settings.PORTAL = {**settings.PORTAL, "STAR_THRESHOLDS": [10, 20, 30, 40, 50]}
    page = login(cast.d1_reviewer).get(reverse("volunteers:award_stars", args=[vol.pk])).content.decode()
    assert "1星 10小时" in page and "5星 50小时" in page
    detail = login(cast.d1_reviewer).get(reverse("volunteers:detail", args=[vol.pk])).content.decode()
    assert "参考：2星" in detail  # 20 approved hours under the configured thresholds
