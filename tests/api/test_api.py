"""The open data API: the statistics equal the statistics page's, no personal data leaves,
every call is audit-logged, calls are throttled, refusals are in Chinese."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from api.models import IntegrationAccount, token_hash
from filings import workflow
from orgs.models import AuditEvent
from reports.statistics import ITEMS
from tests.filings.conftest import VALUES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("as_of, base_year", [("2022-12-31", 2020), ("2021-06-30", 2019), ("2022-03-01", 2021)])
def test_statistics_equal_the_statistics_page(people, api_client, login, as_of, base_year):
    c = people
    for org in (c.city, c.d1, c.t1):
        page = login(c.city_admin).get(reverse("reports:statistics"),
                                       {"org": org.pk, "as_of": as_of, "base_year": base_year})
        report = page.context["report"]
        api = api_client(c.city).get(reverse("api:org_statistics", args=[org.pk]),
                                     {"as_of": as_of, "base_year": base_year})
        assert api.status_code == 200
        body = api.json()
        assert (body["org"], body["as_of"], body["base_year"]) == (org.pk, as_of, base_year)
        assert [i["number"] for i in body["items"]] == [item.number for item in ITEMS]
        for item in body["items"]:
            page_value, page_increase = report.survey.get(item["number"]), report.increase.get(item["number"])
            assert item["value"] == (None if page_value is None else float(page_value)), item
            assert item["increase"] == (None if page_increase is None else float(page_increase)), item
    assert any(i["value"] for i in body["items"])  # the known history is not all zeros


def test_statistics_query_is_checked_in_chinese(cast, api_client):
    client = api_client(cast.d1)
    url = reverse("api:org_statistics", args=[cast.t1.pk])
    bad = client.get(url, {"as_of": "2022-13-01"})
    assert bad.status_code == 400 and bad.json() == {"as_of": ["日期格式应为 YYYY-MM-DD。"]}
    bad = client.get(url, {"as_of": "2021-12-31", "base_year": "2021"})
    assert bad.status_code == 400 and "对比基准年须早于" in bad.json()["base_year"][0]
    assert client.get(reverse("api:org_statistics", args=[cast.t3.pk])).status_code == 404  # 安岳县's town


def test_filings_carry_their_state_and_nothing_personal(cast, api_client):
    filing = workflow.save_filing(workflow.start_filing(cast.t1, by=cast.t1_staff), by=cast.t1_staff, **VALUES)
    client = api_client(cast.d1)
    listing = client.get(reverse("api:filings")).json()
    (row,) = listing["results"]
    assert row["id"] == filing.pk and row["status"] == "draft" and row["status_label"] == "草稿"
    text = str(listing)
    for personal in ("leader_name", "leader_phone", VALUES["leader_name"], VALUES["leader_phone"],
                     VALUES["contact1_phone"], VALUES["unit_head"]):
        assert personal not in text
    assert client.get(reverse("api:filings"), {"status": "filed"}).json()["results"] == []
    detail = client.get(reverse("api:filing", args=[filing.pk])).json()
    assert detail["org_name"] == "莲花街道红十字会" and detail["record_body"] is None


def test_org_tree_gives_parents_inside_the_subtree(cast, api_client):
    rows = api_client(cast.d1).get(reverse("api:orgs")).json()["results"]
    by_name = {r["name"]: r for r in rows}
    assert set(by_name) == {"雁江区红十字会", "莲花街道红十字会", "宝台镇红十字会", "莲花社区红十字会"}
    assert by_name["雁江区红十字会"]["parent"] is None  # its parent is outside the account's subtree
    assert by_name["莲花社区红十字会"]["parent"] == cast.t1.pk
    assert [r["name"] for r in rows][0] == "雁江区红十字会"  # tree order
    page = api_client(cast.city).get(reverse("api:orgs"), {"page_size": 2}).json()
    assert len(page["results"]) == 2 and page["next"]
    assert len(Client().get(page["next"], HTTP_AUTHORIZATION="x").json()) == 1  # a cursor needs the token too


def test_every_call_is_audit_logged(cast, api_client):
    client = api_client(cast.d1, name="省红十字会平台")
    client.get(reverse("api:org", args=[cast.t1.pk]))
    client.get(reverse("api:org", args=[cast.t3.pk]))  # outside: 404, logged as a failure
    Client().get(reverse("api:orgs"), HTTP_AUTHORIZATION="Token wrong")
    events = list(AuditEvent.objects.filter(action="api.call").order_by("pk"))
    assert [(e.username, e.org, e.outcome, e.detail["status"]) for e in events] == [
        ("接口账号:省红十字会平台", cast.d1, "success", 200),
        ("接口账号:省红十字会平台", cast.d1, "failure", 404),
        ("", None, "failure", 401),
    ]
    assert events[0].detail["path"] == reverse("api:org", args=[cast.t1.pk])
    assert IntegrationAccount.objects.get(pk=client.account.pk).last_used_at is not None


def test_calls_are_throttled_per_account(cast, api_client, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    cache.clear()
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "account": "3/hour"}
    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = rates
    try:
        client, other = api_client(cast.d1), api_client(cast.d1, name="市平台")
        codes = [client.get(reverse("api:orgs")).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        refused = client.get(reverse("api:orgs"))
        assert "调用过于频繁" in refused.json()["detail"] and refused.has_header("Retry-After")
        assert other.get(reverse("api:orgs")).status_code == 200  # another account has its own budget
    finally:
        SimpleRateThrottle.THROTTLE_RATES = original
        cache.clear()


def test_refusals_are_in_chinese_and_the_api_is_read_only(cast, api_client):
    refused = Client().get(reverse("api:orgs")).json()
    assert refused == {"detail": "请在请求头 Authorization 中提供接口令牌（Token <令牌>）。"}
    client = api_client(cast.d1)
    response = client.post(reverse("api:orgs"), {})
    assert response.status_code == 405 and response.json()["detail"] == "本接口只读，不支持该请求方法。"
    assert client.get(reverse("api:org", args=[cast.t3.pk])).json() == {"detail": "未找到该记录。"}


def test_admin_makes_a_token_with_a_command(cast):
    import io

    out = io.StringIO()
    call_command("create_api_token", "--org", str(cast.d1.pk), "--name", "省平台", stdout=out)
    token = out.getvalue().rsplit("：", 1)[1].strip()
    account = IntegrationAccount.objects.get(name="省平台")
    assert account.token_hash == token_hash(token) and token not in account.token_hint + account.token_hash
    assert Client().get(reverse("api:orgs"), HTTP_AUTHORIZATION=f"Token {token}").status_code == 200
    call_command("create_api_token", "--org", str(cast.d1.pk), "--name", "省平台", stdout=io.StringIO())
    assert Client().get(reverse("api:orgs"), HTTP_AUTHORIZATION=f"Token {token}").status_code == 401  # replaced
    assert AuditEvent.objects.filter(action="api.token_issued").count() == 2
    call_command("create_api_token", "--org", str(cast.d1.pk), "--name", "省平台", "--disable", stdout=io.StringIO())
    assert not IntegrationAccount.objects.get(name="省平台").is_active
