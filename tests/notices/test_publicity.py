"""公示 in public: a star rating in its notice period is on the awarding body's public page with the
name masked; an objection holds it (it does not take effect, whatever the date); the body's
decision releases it or withdraws it, and is recorded."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notices import publicity
from notices.models import Objection
from notifications.models import Notification
from orgs.models import AuditEvent
from tests.volunteers import factories as vf
from volunteers import services as volunteers
from volunteers.models import StarAward

pytestmark = pytest.mark.django_db


@pytest.fixture
def award(cast):
    volunteer = vf.volunteer(cast.t1, cast.t1_staff, name="李明华")
    return volunteers.award_stars(volunteer, by=cast.d1_reviewer, stars=2, reason="服务满300小时")


def _object(client, body, award, **extra):
    data = {"award": award.pk, "name": "王群众", "contact": "13800001111",
            "reason": "该志愿者的服务时长有重复登记的情况。",
            **extra}
    return client.post(reverse("notices:publicity", args=[body.pk]), data)


def test_award_in_publicity_is_on_the_public_page_masked(cast, award, client):
    page = client.get(reverse("notices:publicity", args=[cast.d1.pk])).content.decode()
    assert "李**" in page and "李明华" not in page and "2星级志愿者" in page
    assert f"{award.effective_on:%Y年%-m月%-d日}" in page
    assert client.get(reverse("notices:publicity", args=[cast.t1.pk])).status_code == 404  # not a body


def test_objection_holds_the_award_and_release_puts_its_period_back(cast, award, client, login,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert _object(client, cast.d1, award).status_code == 302
    objection = Objection.objects.get()
    assert objection.body == cast.d1 and objection.notice_days == 7
    assert Notification.objects.filter(user=cast.d1_reviewer, reason="award.objection").exists()
    award.refresh_from_db()
    later = timezone.localdate() + timedelta(days=30)
    assert not award.is_effective(later)  # held past its own 公示 end
    assert "暂缓生效" in client.get(reverse("notices:publicity", args=[cast.d1.pk])).content.decode()
    listing = login(cast.d1_reviewer).get(reverse("notices:objections")).content.decode()
    assert "王群众" in listing and "13800001111" not in listing  # the objector's phone masked
    login(cast.d1_reviewer).post(reverse("notices:decide", args=[objection.pk]),
                                 {"decision": "released", "note": "经核实时长无误"})
    award.refresh_from_db()
    objection.refresh_from_db()
    assert award.notice_days == 7 and award.is_effective(later) and not award.withdrawn
    assert objection.decision == "released" and objection.decided_by == cast.d1_reviewer
    assert AuditEvent.objects.filter(action="award.objection_decided").exists()


def test_upheld_objection_withdraws_the_award(cast, award, client, login):
    _object(client, cast.d1, award)
    objection = Objection.objects.get()
    login(cast.d1_reviewer).post(reverse("notices:decide", args=[objection.pk]), {"decision": "withdrawn"})
    award.refresh_from_db()
    assert award.withdrawn and award.notice_days == 7
    assert "李**" not in client.get(reverse("notices:publicity", args=[cast.d1.pk])).content.decode()


def test_only_the_awarding_authority_decides(cast, award, client, login):
    _object(client, cast.d1, award)
    objection = Objection.objects.get()
    assert login(cast.t1_staff).post(reverse("notices:decide", args=[objection.pk]),
                                     {"decision": "withdrawn"}).status_code == 404
    assert login(cast.d2_reviewer).post(reverse("notices:decide", args=[objection.pk]),
                                        {"decision": "withdrawn"}).status_code == 404
    award.refresh_from_db()
    assert not award.withdrawn and award.notice_days == publicity.HELD_DAYS


def test_bad_objections_are_refused_in_chinese_and_rate_limited(cast, award, client):
    page = _object(client, cast.d1, award, name="", contact="1", reason="不好").content.decode()
    assert "请填写您的姓名" in page and "请填写联系电话" in page and "请写明异议理由" in page
    assert not Objection.objects.exists()
    for _ in range(4):
        _object(client, cast.d1, award)
    response = _object(client, cast.d1, award)
    assert response.status_code == 429 and "提交过于频繁" in response.content.decode()
    assert Objection.objects.count() == 4  # five tries counted (the refused one too), the sixth refused


def test_honours_board_lists_awards_in_effect_and_member_honours(cast, award, client):
    StarAward.objects.filter(pk=award.pk).update(awarded_on=timezone.localdate() - timedelta(days=30))
    from members.models import Honour

    Honour.objects.create(org=cast.t1, name="赵先进", kind="star", year=2025, citation="组织应急救护培训")
    page = client.get(reverse("notices:honours", args=[cast.d1.pk])).content.decode()
    assert "李**" in page and "赵**" in page and "赵先进" not in page and "组织应急救护培训" in page
