"""Admins enter targets through a form; a split among child orgs never exceeds the whole."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports import targets
from reports.models import Target

pytestmark = pytest.mark.django_db
PERIOD = {"starts_on": date(2021, 1, 1), "ends_on": date(2025, 12, 31)}


def test_admin_sets_seed_001_target_through_the_form_and_sees_it(cast, login):
    client = login(cast.d1_admin)
    done = client.post(reverse("reports:targets"), {"org": cast.d1.pk, "metric": "certified_first_aiders",
                                                    "starts_on": "2021-01-01", "ends_on": "2025-12-31",
                                                    "value": "4800"})
    assert done.status_code == 302
    page = client.get(reverse("reports:targets")).content.decode()
    assert "持证救护员" in page and "4800" in page and 'data-testid="target-progress"' in page


def test_a_split_whose_parts_exceed_the_whole_is_refused(cast, login):
    targets.set_target(cast.d1, by=cast.d1_admin, metric="people_trained", value=1000, **PERIOD)
    targets.set_target(cast.t1, by=cast.d1_admin, metric="people_trained", value=600, **PERIOD)
    with pytest.raises(ValidationError) as exc:
        targets.set_target(cast.t2, by=cast.d1_admin, metric="people_trained", value=500, **PERIOD)
    assert "超过了雁江区红十字会的目标（1000）" in exc.value.message_dict["value"][0]
    targets.set_target(cast.t2, by=cast.d1_admin, metric="people_trained", value=400, **PERIOD)
    with pytest.raises(ValidationError):  # the whole may not shrink below its parts
        targets.set_target(cast.d1, by=cast.d1_admin, metric="people_trained", value=900, **PERIOD)
    assert dict(Target.objects.values_list("org__name", "value")) == {
        "雁江区红十字会": 1000, "莲花街道红十字会": 600, "宝台镇红十字会": 400}


def test_bad_input_is_refused_next_to_the_field_and_nothing_saved(cast, login):
    client = login(cast.d1_admin)
    url = reverse("reports:targets")
    below = client.post(url, {"org": cast.d1.pk, "metric": "rescue_teams", "starts_on": "2021-01-01",
                              "ends_on": "2025-12-31", "value": "-1"})
    assert below.context["form"].errors["value"] == ["目标值不能小于 0。"]
    backwards = client.post(url, {"org": cast.d1.pk, "metric": "rescue_teams", "starts_on": "2025-01-01",
                                  "ends_on": "2021-12-31", "value": "1"})
    assert backwards.context["form"].errors["ends_on"] == ["截止日期须晚于起始日期。"]
    other = client.post(url, {"org": cast.t3.pk, "metric": "rescue_teams", "starts_on": "2021-01-01",
                              "ends_on": "2025-12-31", "value": "1"})  # another district's town
    assert "org" in other.context["form"].errors
    assert not Target.objects.exists()
