from datetime import date

from django.urls import reverse

from tests.conftest import make_user
from tests.volunteers import factories
from volunteers import services


def test_admin_lists_only_subtree_and_masks(cast, login):
    mine = factories.volunteer(cast.t1, cast.t1_staff, name="志愿者甲", phone="13912345678")
    factories.volunteer(cast.t3, cast.t3_staff, name="志愿者乙")
    services.log_hours(mine, by=cast.t1_staff, served_on=date(2026, 3, 1), hours=2)
    client = login(cast.d1_admin)
    body = client.get(reverse("admin:volunteers_volunteer_changelist")).content.decode()
    assert "志愿者甲" in body and "志愿者乙" not in body and "13912345678" not in body
    assert client.get(reverse("admin:volunteers_servicerecord_changelist")).status_code == 200
    other = factories.volunteer(cast.t3, cast.t3_staff, name="志愿者丙")
    # out of the subtree the row does not exist for the admin: 404 on its change, delete and history pages
    for page in ("change", "delete", "history"):
        response = client.get(reverse(f"admin:volunteers_volunteer_{page}", args=[other.pk]))
        assert response.status_code == 404 and "志愿者丙" not in response.content.decode(), page
    assert client.get(reverse("admin:volunteers_volunteer_change", args=[mine.pk])).status_code == 200


def test_admin_closed_to_non_admins(cast, login):
    client = login(make_user("s", cast.t1, "staff"))
    assert client.get(reverse("admin:volunteers_volunteer_changelist")).status_code == 302
