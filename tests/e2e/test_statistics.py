from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from orgs.models import Organization

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_city_admin_opens_statistics_and_exports(cast, sign_in, tmp_path):
    Organization.objects.filter(pk=cast.t1.pk).update(founded_on=date(2021, 5, 1), status="filed")
    page = sign_in(cast.city_admin)
    page.click("nav >> text=统计")
    expect(page.get_by_test_id("survey")).to_contain_text("红十字会基层组织数")
    expect(page.get_by_test_id("children")).to_contain_text("雁江区红十字会")
    expect(page.locator("#children-chart")).to_be_visible()
    # Chart.js (served from the portal) drew every chart the page has data for. The scripts sit at the
    # end of the page: wait for them, since the canvases are visible before the scripts have run.
    page.wait_for_load_state("load")
    drawn = page.evaluate("""() => [...document.querySelectorAll('canvas[data-chart]')]
                                   .filter(c => Chart.getChart(c)).map(c => c.id)""")
    assert drawn == ["children-chart", "members-chart", "coverage-chart"]
    with page.expect_download() as download:
        page.get_by_test_id("export").click()
    path = tmp_path / "stats.xlsx"
    download.value.save_as(path)
    survey = load_workbook(BytesIO(path.read_bytes()))["调查表"]
    assert survey.cell(row=10, column=2).value == "红十字会基层组织数"
    assert survey.cell(row=10, column=3).value == 1
