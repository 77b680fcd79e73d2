import re

import pytest
from playwright.sync_api import expect

from members.models import Member
from tests.members.factories import make_id

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_public_application_approved_and_listed_masked(cast, page, sign_in):
    id_number = make_id()
    # A person, not signed in, finds the township by its district's name and applies.
    page.goto("/members/apply/")
    page.fill("input[name=q]", "雁江区")
    page.click("text=查找")
    page.click(f"text={cast.t1.name}")
    expect(page.locator("h1")).to_contain_text(cast.t1.name)
    page.fill("input[name=name]", "王申请")
    page.fill("input[name=id_number]", id_number)
    page.fill("input[name=phone]", "13711112222")
    page.click("text=提交申请")
    expect(page.locator("h1")).to_contain_text("申请已提交")

    # The township's staff approve it from the queue.
    sign_in(cast.t1_staff)
    page.goto("/members/applications/")
    expect(page.locator("table")).to_contain_text("王申请")
    expect(page.locator("table")).not_to_contain_text(id_number)
    page.click("text=通过 王申请")
    member = Member.objects.get(name="王申请")
    expect(page.locator(".alert")).to_contain_text(member.number)

    # It appears, numbered, in the member list with the ID masked.
    page.goto("/members/")
    row = page.locator("tr", has_text="王申请")
    expect(row).to_contain_text(member.number)
    expect(row).to_contain_text(id_number[:4] + "**********" + id_number[-4:])
    assert id_number not in page.content()
    assert not re.search(r"13711112222", page.content())
