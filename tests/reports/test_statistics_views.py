from datetime import date
from io import BytesIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from orgs.models import GovernanceEvent, Organization
from reports.models import YearEndReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(cast):
    Organization.objects.filter(pk__in=[cast.t1.pk, cast.t3.pk]).update(founded_on=date(2021, 5, 1), status="filed")
    GovernanceEvent.objects.create(org=cast.d1, kind="management_rationalised", occurred_on=date(2021, 1, 1))
    return cast


def survey_cell(html: str, label: str) -> str:
    row = html.split(label, 1)[1].split("</tr>", 1)[0]
    return row.rsplit('class="text-end">', 1)[1].split("<", 1)[0]


def test_city_admin_sees_tables_coverage_and_children(login, data):
    html = login(data.city_admin).get(reverse("reports:statistics"),
                                      {"as_of": "2022-12-31", "base_year": "2020"}).content.decode()
    assert survey_cell(html, "8</td><td>红十字会基层组织数") == "2"
    assert survey_cell(html, "1</td><td>县级红十字会理顺管理体制增加数") == "1"
    assert "雁江区红十字会" in html and "安岳县红十字会" in html  # a row per child body
    assert "说明：表中“增加数”是指与 2020 年相比的增加数。" in html


def test_other_branch_org_is_not_offered(login, data):
    response = login(data.d1_reviewer).get(reverse("reports:statistics"), {"org": data.d2.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "选择一个有效的选项" in html and 'data-testid="survey"' not in html


def test_future_date_is_refused_in_chinese(login, data):
    html = login(data.d1_admin).get(reverse("reports:statistics"), {"as_of": "2999-01-01"}).content.decode()
    assert "统计截止日期不能晚于今天" in html


def test_export_holds_the_same_figures(login, data):
    response = login(data.city_admin).get(reverse("reports:export"), {"as_of": "2022-12-31", "base_year": "2020"})
    wb = load_workbook(BytesIO(response.content))
    assert wb.sheetnames[:3] == ["调查表", "成效统计表", "覆盖率"]
    survey = wb["调查表"]
    assert survey["A1"].value == "资阳市红十字会组织体系建设工作情况调查表（截至2022年12月31日）"
    assert [c.value for c in survey[2]] == ["序号", "工作事项", "个(人、小时)"]
    assert [survey.cell(row=3 + i, column=2).value for i in range(14)][7] == "红十字会基层组织数"
    assert survey.cell(row=10, column=3).value == 2 and survey.freeze_panes == "A3"
    children = wb["下级明细"]
    names = [children.cell(row=r, column=1).value for r in range(3, children.max_row + 1)]
    assert names == ["安岳县红十字会", "雁江区红十字会"]


def test_export_of_out_of_scope_org_gives_no_workbook(login, data):
    response = login(data.d1_admin).get(reverse("reports:export"), {"org": data.d2.pk})
    assert response.status_code == 400 and "spreadsheet" not in response["Content-Type"]


def test_export_stats_command_matches_page(data, tmp_path):
    out = tmp_path / "stats.xlsx"
    call_command("export_stats", "--org", str(data.city.pk), "--as-of", "2022-12-31", "-o", str(out))
    ws = load_workbook(out)["成效统计表"]
    assert ws.cell(row=10, column=2).value == "红十字会基层组织增加数" and ws.cell(row=10, column=3).value == 2


def test_year_end_report_goes_up_once(login, data):
    client = login(data.d1_admin)
    url = reverse("reports:year_end_submit", args=[data.d1.pk])
    client.post(url, {"year": 2022, "base_year": 2020})
    client.post(url, {"year": 2022, "base_year": 2020})
    report = YearEndReport.objects.get(org=data.d1, year=2022)
    assert report.figures["survey"]["8"] == 1 and YearEndReport.objects.count() == 1
    html = login(data.city_admin).get(reverse("reports:statistics"), {"as_of": "2022-12-31"}).content.decode()
    table = html.split('data-testid="year-end"', 1)[1]
    assert "雁江区红十字会</td><td><span class=\"text-success\">已报送" in table
    assert "安岳县红十字会</td><td><span class=\"text-danger\">未报送" in table


def test_staff_cannot_submit_year_end(login, data):
    assert login(data.t1_staff).post(reverse("reports:year_end_submit", args=[data.d1.pk]),
                                     {"year": 2022}).status_code == 404
    assert login(data.d1_reviewer).post(reverse("reports:year_end_submit", args=[data.d1.pk]),
                                        {"year": 2022}).status_code == 403


def test_page_keeps_its_report_for_a_while_and_rebuilds_on_request(login, data, settings):
    settings.PORTAL = {**settings.PORTAL, "STATS_CACHE_SECONDS": 300}
    client = login(data.city_admin)
    params = {"org": data.city.pk, "as_of": "2022-12-31", "base_year": "2020"}
    label = "8</td><td>红十字会基层组织数"
    assert survey_cell(client.get(reverse("reports:statistics"), params).content.decode(), label) == "2"
    Organization.objects.filter(pk=data.t2.pk).update(founded_on=date(2021, 6, 1), status="filed")
    cached = client.get(reverse("reports:statistics"), params).content.decode()
    assert survey_cell(cached, label) == "2" and "重新统计" in cached  # the kept report, and a way out
    fresh = client.get(reverse("reports:statistics"), {**params, "refresh": "1"}).content.decode()
    assert survey_cell(fresh, label) == "3"
    assert survey_cell(client.get(reverse("reports:statistics"), params).content.decode(), label) == "3"
    # the workbook is always counted afresh
    Organization.objects.filter(pk=data.v1.pk).update(founded_on=date(2021, 7, 1), status="filed")
    sheet = load_workbook(BytesIO(client.get(reverse("reports:export"), params).content))["调查表"]
    assert sheet.cell(row=10, column=3).value == 4
