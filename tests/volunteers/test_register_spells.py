"""在册 spells (``VolunteerSpell``): a volunteer counts (statistics item 12) at the org that managed
them on the date asked about — before and after a move, a restructuring, leaving and coming back."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from orgs import services as orgs
from reports.statistics import people_items
from tests.volunteers import factories
from volunteers import services
from volunteers.models import Volunteer, VolunteerSpell

pytestmark = pytest.mark.django_db


def counted(org, on):
    return people_items(org, on)[12]


@pytest.fixture
def days():
    today = timezone.localdate()
    return today - timedelta(days=1), today


def test_a_moved_volunteer_counts_at_the_old_org_until_the_move(cast, login, days):
    yesterday, today = days
    vol = factories.volunteer(cast.t1, cast.t1_staff)
    assert login(cast.d1_admin).post(reverse("volunteers:move", args=[vol.pk]),
                                     {"to_org": cast.t2.pk, "reason": "搬家"}).status_code == 302
    assert [counted(cast.t1, yesterday), counted(cast.t2, yesterday)] == [1, 0]
    assert [counted(cast.t1, today), counted(cast.t2, today)] == [0, 1]
    assert counted(cast.d1, yesterday) == counted(cast.d1, today) == 1  # nobody counted twice
    assert [VolunteerSpell.objects.open_on(on).within(cast.t1).count() for on in days] == [1, 0]
    assert counted(cast.t1, date(2024, 12, 31)) == 0  # not before registration (2025-01-01)
    page = login(cast.t2_staff).get(reverse("volunteers:detail", args=[vol.pk])).content.decode()
    assert (f"<tr><td>{cast.t1.name}</td><td>2025-01-01</td><td>{today:%Y-%m-%d}</td></tr>" in page
            and f"<tr><td>{cast.t2.name}</td><td>{today:%Y-%m-%d}</td><td>—</td></tr>" in page)


def test_leaving_and_coming_back_through_the_edit_page(cast, login, days):
    yesterday, today = days
    vol = factories.volunteer(cast.t1, cast.t1_staff)
    client = login(cast.t1_staff)

    def edit(**changes):
        data = {"name": vol.name, "gender": "F", "id_number": "", "phone": "", "skills": "",
                "registered_on": "2025-01-01", "status": "active", **changes}
        return client.post(reverse("volunteers:edit", args=[vol.pk]), data)

    assert edit(status="inactive").status_code == 302  # no date given: today
    assert [counted(cast.t1, yesterday), counted(cast.t1, today)] == [1, 0]
    assert edit(status="active").status_code == 302
    assert counted(cast.t1, today) == 1
    assert list(VolunteerSpell.objects.filter(volunteer=vol).values_list("start", "end")) == [
        (date(2025, 1, 1), today), (today, None)]


def test_leaving_on_a_past_day_and_refused_dates(cast, login, days):
    yesterday, today = days
    vol = factories.volunteer(cast.t1, cast.t1_staff)
    client = login(cast.t1_staff)
    left = today - timedelta(days=10)

    def edit(**changes):
        data = {"name": vol.name, "gender": "F", "id_number": "", "phone": "", "skills": "",
                "registered_on": "2025-01-01", "status": "active", "changed_on": "", **changes}
        return client.post(reverse("volunteers:edit", args=[vol.pk]), data)

    for day, message in ((today + timedelta(days=1), "状态变更日期不能晚于今天"),
                         (date(2024, 12, 31), "退出日期不能早于在册的开始日期（2025-01-01）")):
        response = edit(status="inactive", changed_on=day.isoformat())
        assert response.status_code == 200 and message in str(response.context["form"].errors["changed_on"])
        assert Volunteer.objects.get(pk=vol.pk).status == "active"  # nothing saved
    assert edit(status="inactive", changed_on=left.isoformat()).status_code == 302
    assert [counted(cast.t1, left - timedelta(days=1)), counted(cast.t1, left), counted(cast.t1, today)] == [1, 0, 0]
    response = edit(status="active", changed_on=(left - timedelta(days=1)).isoformat())
    assert "重新在册的日期不能早于上次退出的日期" in str(response.context["form"].errors["changed_on"])
    assert edit(status="active", changed_on=yesterday.isoformat()).status_code == 302
    assert [counted(cast.t1, left), counted(cast.t1, yesterday)] == [0, 1]


def test_a_corrected_registration_date_moves_the_first_spell(cast, login, days):
    yesterday, today = days
    vol = factories.volunteer(cast.t1, cast.t1_staff)
    client = login(cast.t1_staff)
    data = {"name": vol.name, "gender": "F", "id_number": "", "phone": "", "skills": "",
            "registered_on": "2024-06-01", "status": "active"}
    assert client.post(reverse("volunteers:edit", args=[vol.pk]), data).status_code == 302
    assert counted(cast.t1, date(2024, 12, 31)) == 1
    services.move_volunteer(Volunteer.objects.get(pk=vol.pk), by=cast.d1_admin, to_org=cast.t2)
    # a registration date on or after the day the volunteer left the first org cannot be: refused
    # next to the field, and nothing changes
    response = client.post(reverse("volunteers:edit", args=[vol.pk]), {**data, "registered_on": today.isoformat()})
    assert response.status_code == 404  # moved away: t1's staff no longer reach the volunteer
    response = login(cast.t2_staff).post(reverse("volunteers:edit", args=[vol.pk]),
                                         {**data, "registered_on": today.isoformat()})
    assert response.status_code == 200
    assert "注册日期须早于" in str(response.context["form"].errors["registered_on"])
    assert Volunteer.objects.get(pk=vol.pk).registered_on == date(2024, 6, 1)
    assert VolunteerSpell.objects.filter(volunteer=vol).order_by("start").first().start == date(2024, 6, 1)


def test_a_merge_hands_volunteers_over_on_that_day(cast, days):
    yesterday, today = days
    factories.volunteer(cast.t2, cast.t2_staff)
    factories.volunteer(cast.t2, cast.t2_staff, status="inactive")  # off the register: counted nowhere
    orgs.merge_org(cast.t2, into=cast.t1, by=cast.d1_admin)
    assert [counted(cast.t2, yesterday), counted(cast.t1, yesterday)] == [1, 0]
    assert [counted(cast.t2, today), counted(cast.t1, today)] == [0, 1]
    assert Volunteer.objects.filter(org=cast.t1).count() == 2


def test_one_open_spell_a_volunteer(cast):
    from django.db import IntegrityError, transaction

    vol = factories.volunteer(cast.t1, cast.t1_staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        VolunteerSpell.objects.create(volunteer=vol, org=cast.t2, start=date(2025, 6, 1))
