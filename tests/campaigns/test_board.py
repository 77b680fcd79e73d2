"""The 督查 board through its pages, its workbook and its command; its cost at 1,000 units."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from campaigns import services
from campaigns.models import Campaign, Stage
from orgs import services as org_services
from tests.campaigns.conftest import pdf
from tests.test_workbook_print import check_printable

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def campaign(cast):
    c = services.open_campaign(by=cast.d1_admin, name="基层组织建设", starts_on=date(2022, 9, 1),
                               ends_on=date(2022, 12, 31), stages=services.seed_stages(2022))
    services.upload_document(cast.t2, kind="candidates", upload=pdf(), by=cast.t2_staff,
                             at=datetime(2022, 9, 29, tzinfo=TZ))
    return c


def test_district_opens_a_campaign_through_the_form(cast, login):
    client = login(cast.d1_admin)
    page = client.get(reverse("campaigns:create"))
    assert page.context["form"]["stage_0_name"].initial == "宣传发动"
    data = {"name": "督查", "starts_on": "2022-09-01", "ends_on": "2022-12-31", "levels": ["town"],
            "deduct_per_stage": "5", "deduct_per_week": "1",
            "stage_0_name": "宣传发动", "stage_0_due_on": "2022-09-30", "stage_0_milestones": ["candidates"],
            "stage_2_name": "建章立制", "stage_2_due_on": "2023-01-30", "stage_2_milestones": ["rules"]}
    bad = client.post(reverse("campaigns:create"), data)
    assert bad.status_code == 200
    assert "完成期限须在开始日期" in str(bad.context["form"].errors["stage_2_due_on"])  # the row it was typed in
    assert not Campaign.objects.exists()
    data["stage_2_due_on"] = "2022-11-30"
    done = client.post(reverse("campaigns:create"), data)
    campaign = Campaign.objects.get()
    assert done.url == reverse("campaigns:board", args=[campaign.pk])
    assert [(s.name, s.milestones) for s in campaign.stages.all()] == [("宣传发动", ["candidates"]),
                                                                      ("建章立制", ["rules"])]


def test_board_worst_first_with_filters(campaign, cast, login):
    client = login(cast.d1_reviewer)
    page = client.get(reverse("campaigns:board", args=[campaign.pk]), {"as_of": "2022-10-10"})
    rows = page.context["board"].rows
    assert [r.org for r in rows] == [cast.t1, cast.t2]  # t1 missed 宣传发动 too
    assert rows[0].stages[0].state == "late" and rows[1].stages[0].state == "done"
    assert 'class="table-danger" data-state="late">超期 10 天' in page.content.decode()
    late = client.get(reverse("campaigns:board", args=[campaign.pk]), {"as_of": "2022-10-10", "state": "late"})
    assert [r.org for r in late.context["board"].rows] == [cast.t1]
    one = client.get(reverse("campaigns:board", args=[campaign.pk]), {"as_of": "2022-10-10", "unit": cast.t2.pk})
    assert [r.org for r in one.context["board"].rows] == [cast.t2]
    printed = client.get(reverse("campaigns:board_print", args=[campaign.pk]), {"as_of": "2022-10-10"})
    assert "size: A4 landscape" in printed.content.decode() and cast.t1.name in printed.content.decode()


def _sheet(path):
    return load_workbook(path).worksheets[0]


def test_export_and_command_write_the_same_supervision_table(campaign, cast, login, tmp_path):
    out = tmp_path / "board.xlsx"
    call_command("supervision_export", campaign=campaign.pk, as_of="2022-10-10", output=str(out), verbosity=0)
    ws = _sheet(out)
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header = rows[1]
    assert header[:2] == ["单位", "类别"] and header[-3:] == ["超期天数", "得分", "扣分原因"]
    assert header[2:6] == ["宣传发动（09-30前）", "组织实施（10-31前）", "备案（11-15前）", "建章立制（11-30前）"]
    assert rows[2][:2] == ["莲花街道红十字会", "镇（街道）"] and rows[2][2] == "超期 10 天" and rows[2][7] == 93
    assert rows[3][2] == "按期完成" and rows[3][7] == 100
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.print_title_rows == "$1:$2"
    assert check_printable(ws) == header  # the rules every workbook of the portal prints by
    response = login(cast.d1_admin).get(reverse("campaigns:board_export", args=[campaign.pk]), {"as_of": "2022-10-10"})
    web = tmp_path / "web.xlsx"
    web.write_bytes(b"".join(response.streaming_content))
    assert [[c.value for c in r] for r in _sheet(web).iter_rows()] == rows


def test_board_costs_the_same_queries_at_ten_and_at_a_thousand_units(cast, login):
    campaign = services.open_campaign(by=cast.d1_admin, name="规模", starts_on=date(2022, 9, 1),
                                      ends_on=date(2022, 12, 31), stages=services.seed_stages(2022))
    client = login(cast.d1_reviewer)
    url = reverse("campaigns:board", args=[campaign.pk])

    def queries():
        client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    def add_towns(n, start):
        for i in range(start, start + n):
            org_services.create_org(parent=cast.d1, by=cast.operator, name=f"测试镇{i:04d}", level="town",
                                    category="town")

    add_towns(8, 0)
    few = queries()
    add_towns(990, 8)
    assert campaign.units().count() == 1000
    assert queries() == few
    assert Stage.objects.filter(campaign=campaign).count() == 4
