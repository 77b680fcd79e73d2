"""Every URL of the app for a user of a sibling branch (t3_staff, 安岳县) and for anonymous users:
the rows for the project's URL access matrix."""

from datetime import date

import pytest
from django.urls import reverse

from tests.conftest import make_user
from tests.volunteers import factories
from volunteers import services


@pytest.fixture
def objs(cast):
    vol = factories.volunteer(cast.t1, cast.t1_staff)
    team = services.create_team(org=cast.t1, by=cast.t1_staff, name="莲花应急救护队", specialty="first_aid",
                                founded_on=date(2025, 1, 1))
    act = factories.activity(cast.t1, cast.t1_staff, roster=[vol])
    record = services.log_hours(vol, by=cast.t1_staff, served_on=date(2026, 3, 1), hours=2)
    award = services.award_stars(vol, by=cast.d1_reviewer, stars=1, reason="服务")
    return {"vol": vol.pk, "team": team.pk, "act": act.pk, "record": record.pk, "award": award.pk,
            "org": cast.t1.pk}


# (url name, kwargs key → objs key, method, sibling-branch status)
MATRIX = [
    ("volunteers:list", {}, "get", 200),
    ("volunteers:create", {}, "get", 200),
    ("volunteers:detail", {"pk": "vol"}, "get", 404),
    ("volunteers:edit", {"pk": "vol"}, "get", 404),
    ("volunteers:personal_data", {"pk": "vol"}, "post", 404),
    ("volunteers:erase", {"pk": "vol"}, "post", 404),
    ("volunteers:log_hours", {"pk": "vol"}, "get", 404),
    ("volunteers:award_stars", {"pk": "vol"}, "get", 404),
    ("volunteers:certificate_create", {"pk": "vol"}, "get", 404),
    ("volunteers:withdraw_award", {"pk": "award"}, "post", 404),
    ("volunteers:certificates", {}, "get", 200),
    ("volunteers:records", {}, "get", 200),
    ("volunteers:record_decide", {"pk": "record"}, "post", 404),
    ("volunteers:activities", {}, "get", 200),
    ("volunteers:activity_create", {}, "get", 200),
    ("volunteers:activity", {"pk": "act"}, "get", 404),
    ("volunteers:roster_add", {"pk": "act"}, "post", 404),
    ("volunteers:teams", {}, "get", 200),
    ("volunteers:team", {"pk": "team"}, "get", 404),
    ("volunteers:team_create", {}, "get", 200),
    ("volunteers:org_profile", {"org_pk": "org"}, "get", 404),
    ("volunteers:import", {}, "get", 200),
    ("volunteers:import_template", {"kind": None}, "get", 200),
    ("volunteers:export", {}, "post", 200),
    ("volunteers:export_records", {}, "post", 200),
    ("volunteers:mine", {}, "get", 404),
    ("volunteers:report_hours", {}, "get", 404),
]


def _url(name, kwargs, objs):
    return reverse(name, kwargs={k: ("volunteers" if v is None else objs[v]) for k, v in kwargs.items()})


@pytest.mark.parametrize("name,kwargs,method,expected", MATRIX)
def test_sibling_branch_and_anonymous(cast, objs, client, login, name, kwargs, method, expected):
    url = _url(name, kwargs, objs)
    assert getattr(client, method)(url).status_code == 302  # anonymous → login
    assert getattr(login(cast.t3_staff), method)(url).status_code == expected


@pytest.mark.parametrize("name,kwargs,method,expected", MATRIX)
def test_volunteer_account_of_another_record(cast, objs, login, name, kwargs, method, expected):
    """A volunteer account (linked to nobody here) never sees staff pages: 403 or 404."""
    client = login(make_user("v_other", cast.t1, "volunteer"))
    assert getattr(client, method)(_url(name, kwargs, objs)).status_code in (403, 404)


def test_team_membership_with_dates(cast, objs, login):
    client = login(cast.t1_staff)
    url = reverse("volunteers:team", args=[objs["team"]])
    assert client.post(url, {"volunteer": objs["vol"], "joined_on": "2026-01-01"}).status_code == 302
    resp = client.post(url, {"volunteer": objs["vol"], "joined_on": "2026-02-01"})
    assert "已在此服务队中" in resp.content.decode()


def test_team_member_is_found_by_name_within_scope(cast, objs, login):
    """The picker lists only volunteers whose name matches, each with their managing org, and
    only those the user may see; an empty choice is refused next to the field."""
    from volunteers.models import TeamMembership, Volunteer

    mine = Volunteer.objects.get(pk=objs["vol"])
    factories.volunteer(cast.t1, cast.t1_staff, name="赵同名")
    elsewhere = factories.volunteer(cast.t3, cast.t3_staff, name="赵同名")
    client = login(cast.t1_staff)
    url = reverse("volunteers:team", args=[objs["team"]])
    assert "<option" not in client.get(url).content.decode()  # nothing listed until a search
    page = client.get(url, {"q": "赵同"}).content.decode()
    assert f"赵同名（{cast.t1.name}）" in page and f'value="{elsewhere.pk}"' not in page
    assert f'value="{mine.pk}"' not in page  # another name
    assert "没有姓名包含" in client.get(url, {"q": "钱不存在"}).content.decode()
    refused = client.post(url, {"q": "赵同", "volunteer": "", "joined_on": "2026-01-01"})
    assert "请先按姓名查找，再选择志愿者。" in refused.content.decode() and not TeamMembership.objects.exists()
    outside = client.post(url, {"q": "赵同", "volunteer": elsewhere.pk, "joined_on": "2026-01-01"})
    assert outside.status_code == 200 and not TeamMembership.objects.exists()


def test_activity_roster_is_found_by_name_added_and_removed(cast, objs, login):
    """A city's volunteers run to tens of thousands: the roster is not one select of all of them
    but a search by name (labelled with the managing org), ticked and added, and a remove button."""
    from volunteers.models import Activity, Volunteer

    activity = factories.activity(cast.t1, cast.t1_staff, title="应急救护演练")
    mine = Volunteer.objects.get(pk=objs["vol"])
    twin = factories.volunteer(cast.t2, cast.d1_admin, name=mine.name)  # same name, another town
    elsewhere = factories.volunteer(cast.t3, cast.t3_staff, name=mine.name)  # another district
    client = login(cast.d1_admin)
    page_url = reverse("volunteers:activity", args=[activity.pk])
    assert 'name="volunteers"' not in client.get(page_url).content.decode()  # nobody listed before a search
    assert 'name="roster"' not in client.get(reverse("volunteers:activity_create")).content.decode()

    found = client.get(page_url, {"q": mine.name}).content.decode()
    assert f"{mine.name}（{cast.t1.name}）" in found and f"{mine.name}（{cast.t2.name}）" in found
    assert f'value="{elsewhere.pk}"' not in found and cast.t3.name not in found

    add_url = reverse("volunteers:roster_add", args=[activity.pk])
    response = client.post(add_url, {"q": mine.name, "volunteers": [mine.pk, twin.pk]})
    assert response.status_code == 302
    assert set(activity.roster.values_list("pk", flat=True)) == {mine.pk, twin.pk}
    assert f'value="{mine.pk}"' not in client.get(page_url, {"q": mine.name}).content.decode()  # on it already

    refused = client.post(add_url, {"q": mine.name, "volunteers": [elsewhere.pk]})
    assert refused.status_code == 200 and refused.context["roster_form"].errors["volunteers"]
    assert "请先按姓名查找，再勾选要添加的志愿者。" in client.post(add_url, {"q": "x"}).content.decode()
    assert set(Activity.objects.get(pk=activity.pk).roster.values_list("pk", flat=True)) == {mine.pk, twin.pk}

    response = client.post(reverse("volunteers:roster_remove", args=[activity.pk, twin.pk]))
    assert response.status_code == 302 and list(activity.roster.values_list("pk", flat=True)) == [mine.pk]
    other = login(cast.t3_staff).post(reverse("volunteers:roster_remove", args=[activity.pk, mine.pk]))
    assert other.status_code == 404 and activity.roster.filter(pk=mine.pk).exists()


def test_edit_keeps_duplicate_check(cast, objs, login):
    other = factories.volunteer(cast.t1, cast.t1_staff, name="乙")
    client = login(cast.t1_staff)
    resp = client.post(reverse("volunteers:edit", args=[objs["vol"]]), {
        "name": "改名", "gender": "M", "id_number": other.full_id, "registered_on": "2025-01-01",
        "status": "active"})
    assert "已登记" in resp.context["form"].errors["id_number"][0]
    resp = client.post(reverse("volunteers:edit", args=[objs["vol"]]), {
        "name": "改名", "gender": "M", "id_number": factories.resident_id(),
        "registered_on": "2025-01-01", "status": "active"})
    assert resp.status_code == 302
