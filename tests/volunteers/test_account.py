"""开通志愿者账号: an admin gives a volunteer a self-service login that sees only its own record."""

import pytest
from django.urls import reverse

from orgs.models import AuditEvent, User
from tests.conftest import PASSWORD
from tests.volunteers import factories
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db


def test_admin_opens_an_account_and_the_volunteer_sees_only_their_record(cast, login):
    vol = factories.volunteer(cast.t1, cast.t1_staff, name="开号志愿者")
    other = factories.volunteer(cast.t1, cast.t1_staff, name="别的志愿者")
    client = login(cast.d1_admin)
    resp = client.post(reverse("volunteers:account", args=[vol.pk]),
                       {"username": "vol_open", "full_name": "开号志愿者", "password": PASSWORD})
    assert resp.status_code == 302
    account = User.objects.get(username="vol_open")
    assert (account.role, account.org, Volunteer.objects.get(pk=vol.pk).user) == ("volunteer", cast.t1, account)
    assert AuditEvent.objects.filter(action="volunteer.account_opened", object_id=str(vol.pk)).exists()

    own = login(account)
    # an account opened by an admin changes its initial password first (production mode)
    assert own.get(reverse("volunteers:mine"))["Location"] == reverse("password_change")
    new = "Vol#Changed2026x"
    own.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert "开号志愿者" in own.get(reverse("volunteers:mine")).content.decode()
    assert own.get(reverse("volunteers:detail", args=[other.pk])).status_code in (403, 404)


def test_weak_password_and_second_account_are_refused(cast, login):
    vol = factories.volunteer(cast.t1, cast.t1_staff)
    client = login(cast.d1_admin)
    url = reverse("volunteers:account", args=[vol.pk])
    weak = client.post(url, {"username": "vol_weak", "full_name": "甲", "password": "12345678"})
    assert weak.status_code == 200 and weak.context["form"].errors["password"]
    assert not User.objects.filter(username="vol_weak").exists()
    client.post(url, {"username": "vol_one", "full_name": "甲", "password": PASSWORD})
    again = client.post(url, {"username": "vol_two", "full_name": "甲", "password": PASSWORD})
    assert "该志愿者已开通账号" in again.content.decode()
    assert not User.objects.filter(username="vol_two").exists()


def test_staff_may_not_open_accounts(cast, login):
    vol = factories.volunteer(cast.t1, cast.t1_staff)
    resp = login(cast.t1_staff).post(reverse("volunteers:account", args=[vol.pk]),
                                     {"username": "vol_x", "full_name": "甲", "password": PASSWORD})
    assert resp.status_code == 403 and not User.objects.filter(username="vol_x").exists()
