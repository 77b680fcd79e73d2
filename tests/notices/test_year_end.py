"""Year-end figures up the tree: the city sees which districts submitted, opens the frozen figures,
reminds the late one, returns one for correction (kept, and the district may submit again), and
compares the submitted sums with the figures computed now."""

import pytest
from django.urls import reverse

from notices import year_end
from notices.models import YearEndReturn
from notifications.models import Notification
from orgs.models import AuditEvent
from reports.models import YearEndReport
from reports.services import submit_year_end_report
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
YEAR = 2023


@pytest.fixture
def submitted(cast):
    return submit_year_end_report(cast.d1, year=YEAR, by=cast.d1_admin)


def test_city_sees_submitted_and_missing_and_opens_the_frozen_figures(cast, submitted, login):
    client = login(cast.city_admin)
    page = client.get(reverse("notices:year_end"), {"year": YEAR}).content.decode()
    assert "雁江区红十字会" in page and "安岳县红十字会" in page and "已报送" in page and "未报送" in page
    figures = client.get(reverse("notices:year_end_report", args=[submitted.pk])).content.decode()
    assert "报送时冻结的数据" in figures and "退回更正" in figures
    # the district itself sees its figures but cannot return them
    own = login(cast.d1_admin).get(reverse("notices:year_end_report", args=[submitted.pk])).content.decode()
    assert "退回更正" not in own
    assert login(cast.d2_reviewer).get(reverse("notices:year_end_report", args=[submitted.pk])).status_code == 404


def test_return_keeps_the_figures_notifies_and_lets_the_district_submit_again(
        cast, submitted, login, django_capture_on_commit_callbacks):
    client = login(cast.city_admin)
    page = client.post(reverse("notices:year_end_return", args=[submitted.pk]), {"comment": "  "})
    assert "请填写退回意见" in page.content.decode() and YearEndReport.objects.filter(pk=submitted.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notices:year_end_return", args=[submitted.pk]),
                               {"comment": "培训人数与台账不符，请核对"})
    assert response.status_code == 302
    kept = YearEndReturn.objects.get()
    assert kept.figures == submitted.figures and kept.comment == "培训人数与台账不符，请核对"
    assert not YearEndReport.objects.exists()
    assert Notification.objects.filter(user=cast.d1_admin, reason="year_end.returned").exists()
    assert AuditEvent.objects.filter(action="year_end.return").exists()
    assert "已退回" in client.get(reverse("notices:year_end"), {"year": YEAR}).content.decode()
    submit_year_end_report(cast.d1, year=YEAR, by=cast.d1_admin)  # corrected and sent again
    assert YearEndReport.objects.count() == 1


def test_district_cannot_return_its_own_report(cast, submitted, login):
    assert login(cast.d1_admin).post(reverse("notices:year_end_return", args=[submitted.pk]),
                                     {"comment": "自己退回自己"}).status_code == 403
    assert YearEndReport.objects.filter(pk=submitted.pk).exists()


def test_remind_reaches_only_the_late_district_once_a_day(cast, submitted, login, django_capture_on_commit_callbacks):
    d2_admin = make_user("d2_admin", cast.d2, "admin")
    client = login(cast.city_admin)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("notices:year_end_remind"), {"year": YEAR})
    reminded = Notification.objects.filter(reason="year_end.reminder")
    assert list(reminded.values_list("user", flat=True)) == [d2_admin.pk]


def test_submitted_sum_beside_live_figures_highlights_differences(cast, submitted, login):
    rows = year_end.children_status(cast.city, YEAR)
    table = year_end.compare(rows)
    assert table and not any(row["differs"] for row in table)  # nothing changed since submitting
    frozen = dict(submitted.figures)
    frozen["survey"] = {**frozen["survey"], "1": (frozen["survey"].get("1") or 0) + 7}
    YearEndReport.objects.filter(pk=submitted.pk).update(figures=frozen)
    table = year_end.compare(year_end.children_status(cast.city, YEAR))
    assert [row["number"] for row in table if row["differs"]] == [1]
    page = login(cast.city_admin).get(reverse("notices:year_end"), {"year": YEAR}).content.decode()
    assert page.count('data-testid="differs"') == 1
