"""Whole ID numbers and phones leave the masked view only with a stated reason, at most
``PII_DISCLOSURES_PER_HOUR`` times per account per hour (显示完整信息 and the personal-data file of
members and volunteers together), and the limit reached is an alert in the audit log. Edit forms
show the phone masked and keep it when it is not changed."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from lib import audit
from members import services as members
from members.models import Member
from orgs.models import AuditEvent
from tests.members.factories import make_id
from tests.volunteers import factories as vf
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

REASON = {"reason": "本人来电申请核对"}


@pytest.fixture
def roster(cast):
    """Twelve members and two volunteers at 莲花街道."""
    cast.members = [members.create_member(by=cast.t1_staff, org=cast.t1, kind="adult", name=f"会员{i:02d}",
                                          id_number=make_id(), phone=f"138{i:08d}") for i in range(12)]
    cast.volunteers = [vf.volunteer(cast.t1, cast.t1_staff, name=f"志愿者{i}", phone=f"139{i:08d}")
                       for i in range(2)]
    return cast


def _age_audit(delta):
    with connection.cursor() as cur:  # the log refuses updates through the ORM: move the clock back by SQL
        cur.execute("UPDATE orgs_auditevent SET at = %s", [timezone.now() - delta])


@pytest.mark.parametrize("name", ["members", "volunteers"])
def test_personal_data_file_and_reveal_need_a_stated_reason(roster, login, name):
    person = roster.members[0] if name == "members" else roster.volunteers[0]
    client = login(roster.d1_admin)  # an admin without the export grant, as in the attack
    for action in ("personal_data", "reveal"):
        refused = client.post(reverse(f"{name}:{action}", args=[person.pk]), {"reason": " "})
        page = refused.content.decode()
        assert refused.status_code == 400 and "请填写理由" in page
        assert person.full_id not in page and person.phone not in page
    assert not AuditEvent.objects.filter(action__in=audit.DISCLOSURES).exists()
    data = client.post(reverse(f"{name}:personal_data", args=[person.pk]), REASON)
    assert data.status_code == 200 and person.full_id in json.dumps(json.loads(data.content), ensure_ascii=False)
    shown = client.post(reverse(f"{name}:reveal", args=[person.pk]), REASON)
    assert shown.status_code == 200 and person.full_id in shown.content.decode()
    events = AuditEvent.objects.filter(user=roster.d1_admin, object_id=str(person.pk)).exclude(action="access.denied")
    assert sorted(e.detail["reason"] for e in events) == [REASON["reason"]] * 2


def test_reveals_and_data_files_are_limited_per_account_per_hour(roster, login, settings):
    """The attack: an admin took the whole ID and phone of 12 of 12 members one after another."""
    limit = settings.PORTAL["PII_DISCLOSURES_PER_HOUR"]
    assert 0 < limit < 12
    client = login(roster.d1_admin)
    people = [("members", m) for m in roster.members] + [("volunteers", v) for v in roster.volunteers]
    answers = []
    for i, (name, person) in enumerate(people):
        action = "reveal" if i % 2 else "personal_data"
        response = client.post(reverse(f"{name}:{action}", args=[person.pk]), REASON)
        answers.append(response.status_code)
        if response.status_code == 429:
            page = response.content.decode()
            assert "一小时内" in page and person.full_id not in page and person.phone not in page
    assert answers == [200] * limit + [429] * (len(people) - limit)
    alert = AuditEvent.objects.get(action="pii.disclosure_limit")  # one alert, however many refusals
    assert alert.user == roster.d1_admin and alert.outcome == "failure" and alert.detail["limit"] == limit
    shown = AuditEvent.objects.filter(user=roster.d1_admin, action__in=audit.DISCLOSURES)
    assert shown.count() == limit
    # another account is not held back by this one's limit
    assert login(roster.t1_staff).post(reverse("members:reveal", args=[roster.members[-1].pk]),
                                       REASON).status_code == 200
    # an hour later the account may again
    _age_audit(timedelta(hours=1, minutes=1))
    assert login(roster.d1_admin).post(reverse("members:reveal", args=[roster.members[-1].pk]),
                                       REASON).status_code == 200


def test_edit_forms_show_the_phone_masked_and_keep_it(roster, login):
    """A reviewer may edit volunteers but not reveal them: the edit form showed the whole phone."""
    volunteer = roster.volunteers[0]
    client = login(roster.d1_reviewer)
    url = reverse("volunteers:edit", args=[volunteer.pk])
    page = client.get(url).content.decode()
    assert volunteer.phone not in page and f'value="{volunteer.masked_phone}"' in page
    form = {"name": "改名志愿者", "gender": "F", "id_number": "", "phone": volunteer.masked_phone,
            "skills": "", "registered_on": "2025-01-01", "status": "active"}
    assert client.post(url, form).status_code == 302
    saved = Volunteer.objects.get(pk=volunteer.pk)
    assert (saved.name, saved.phone) == ("改名志愿者", volunteer.phone)  # the masked text kept the number
    assert client.post(url, {**form, "phone": "13700001111"}).status_code == 302
    assert Volunteer.objects.get(pk=volunteer.pk).phone == "13700001111"

    member = roster.members[0]
    client = login(roster.t1_staff)
    url = reverse("members:edit", args=[member.pk])
    page = client.get(url).content.decode()
    assert member.phone not in page and f'value="{member.masked_phone}"' in page
    form = {"kind": "adult", "name": "改名会员", "phone": member.masked_phone, "credit_code": "", "contact_person": ""}
    assert client.post(url, form).status_code == 302
    saved = Member.objects.get(pk=member.pk)
    assert (saved.name, saved.phone) == ("改名会员", member.phone)
    refused = client.post(url, {**form, "phone": "139****0000"})  # another masked text is not a number
    assert refused.status_code == 200 and Member.objects.get(pk=member.pk).phone == member.phone


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_reveals_cannot_pass_the_limit(roster, settings):
    """Several workers revealing for one account at once: the account's row lock counts them one
    at a time, so exactly the limit gets through."""
    import threading

    from django.db import connections

    settings.PORTAL = {**settings.PORTAL, "PII_DISCLOSURES_PER_HOUR": 3}
    results, barrier = [], threading.Barrier(8)

    def reveal(member):
        try:
            barrier.wait()
            members.reveal(member, by=roster.d1_admin, reason="本人来电申请核对")
            results.append("shown")
        except audit.DisclosureLimitReached:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=reveal, args=(m,)) for m in roster.members[:8]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["refused"] * 5 + ["shown"] * 3
    assert AuditEvent.objects.filter(action="member.reveal_pii").count() == 3
    assert AuditEvent.objects.filter(action=audit.DISCLOSURE_LIMIT).count() == 1
