"""The volunteers journey: staff register a volunteer, log 3 hours against an activity, the district
reviewer approves them, and the volunteer's total shows 3."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from grassroots import services as grassroots
from lib.identity import id_check_char
from tests.conftest import make_user
from volunteers.models import ServiceRecord, Volunteer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_log_hours_reviewer_approves_total_shows_3(cast, page, sign_in):
    today = timezone.localdate()
    activity = grassroots.create_activity(org=cast.t1, by=cast.t1_staff, title="社区应急救护培训",
                                        type="first_aid_training", held_on=today, people_trained=40)
    first17 = "51200219900101123"

    sign_in(cast.t1_staff)
    page.click("nav >> text=志愿者")
    page.click("text=登记志愿者")
    page.select_option("select[name=org]", str(cast.t1.pk))
    page.fill("input[name=name]", "志愿者甲")
    page.select_option("select[name=gender]", "F")
    page.fill("input[name=id_number]", first17 + id_check_char(first17))
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


def test_staff_register_an_activity_add_its_roster_by_name_and_log_its_hours(cast, page, sign_in):
    """An activity's roster is found by name and ticked, not picked from a list of
    every volunteer in scope; the roster then gets its hours in one form."""
    from tests.volunteers import factories

    today = timezone.localdate()
    first = factories.volunteer(cast.t1, cast.t1_staff, name="王红十")
    factories.volunteer(cast.t1, cast.t1_staff, name="李博爱")

    sign_in(cast.t1_staff)
    page.goto("/volunteers/activities/new/")
    page.select_option("select[name=org]", str(cast.t1.pk))
    page.fill("input[name=title]", "社区救护演练")
    page.select_option("select[name=type]", "first_aid_training")
    page.fill("input[name=held_on]", today.isoformat())
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_contain_text("社区救护演练")
    expect(page.locator("#roster")).to_contain_text("0 人")

    page.fill("input[name=q]", "王红")
    page.click("button:text-is('查找')")
    page.check(f"input[name=volunteers][value='{first.pk}']")
    expect(page.locator("body")).not_to_contain_text("李博爱")
    page.click("text=添加所选志愿者")
    expect(page.locator(".alert-success")).to_contain_text("已添加 1 位参与志愿者")
    expect(page.locator("#roster")).to_contain_text("1 人")

    page.fill(f"input[name=hours_{first.pk}]", "2.5")
    page.click("button:text-is('登记')")
    expect(page.locator(".alert-success")).to_contain_text("待审核")
    assert ServiceRecord.objects.get(volunteer=first).hours == 2.5
