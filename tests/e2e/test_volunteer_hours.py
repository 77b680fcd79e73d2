"""Issue 5 journey: staff register a volunteer, log 3 hours against an activity, the district
reviewer approves them, and the volunteer's total shows 3."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from orgs.identity import id_check_char
from tests.conftest import make_user
from volunteers import services
from volunteers.models import Volunteer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_log_hours_reviewer_approves_total_shows_3(cast, page, sign_in):
    today = timezone.localdate()
    activity = services.create_activity(org=cast.t1, by=cast.t1_staff, title="社区应急救护培训",
                                        type="first_aid_training", held_on=today, people_trained=40)
    first17 = "51200219900101123"

    sign_in(cast.t1_staff)
    page.click("nav >> text=志愿者")
    page.click("text=登记志愿者")
    page.select_option("select[name=org]", str(cast.t1.pk))
    page.fill("input[name=name]", "志愿者甲")
    page.select_option("select[name=gender]", "female")
    page.fill("input[name=resident_id]", first17 + id_check_char(first17))
    page.fill("input[name=registered_on]", today.isoformat())
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_contain_text("志愿者甲")
    expect(page.locator("body")).not_to_contain_text(first17)

    page.click("text=登记服务时长")
    page.fill("input[name=served_on]", today.isoformat())
    page.fill("input[name=hours]", "3")
    page.select_option("select[name=activity]", str(activity.pk))
    page.click("button[type=submit]")
    expect(page.locator("#total-hours")).to_have_text("0")
    expect(page.locator("body")).to_contain_text("待审核")

    page.context.clear_cookies()
    sign_in(cast.d1_reviewer)
    page.goto("/volunteers/records/")
    row = page.locator("tr", has_text="志愿者甲")
    row.get_by_role("button", name="通过").click()
    expect(page.locator("body")).to_contain_text("已审核")

    volunteer = Volunteer.objects.get(name="志愿者甲")
    page.goto(f"/volunteers/{volunteer.pk}/")
    expect(page.locator("#total-hours")).to_have_text("3")

    account = make_user("vol_jia", cast.t1, "volunteer")
    Volunteer.objects.filter(pk=volunteer.pk).update(user=account)
    page.context.clear_cookies()
    sign_in(account)
    page.goto("/volunteers/me/")
    expect(page.locator("#total-hours")).to_have_text("3")
