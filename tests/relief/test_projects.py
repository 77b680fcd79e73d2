"""博爱家园 projects: status through the table of moves, budget against funding and spending,
documents sniffed by content; distributions to households; the year's export."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from relief import figures, projects
from relief.models import PROJECT_NEXT, Project, ProjectDocument, ProjectStatus
from tests.security.hostile import png

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(cast):
    return projects.create_project(by=cast.t1_staff, org=cast.t1, name="莲花社区博爱家园", kind="boai_home",
                                   community="莲花社区", starts_on=date(2026, 1, 1), budget=80000, beneficiaries=300)


@pytest.mark.parametrize("old", list(ProjectStatus))
@pytest.mark.parametrize("new", list(ProjectStatus))
def test_the_project_mover_allows_exactly_the_table(cast, home, old, new):
    Project.objects.filter(pk=home.pk).update(status=old)  # the table is under test, not the path
    if new in PROJECT_NEXT[old]:
        assert projects.move_project(home, new, by=cast.t1_staff).status == new
    else:
        with pytest.raises(ValidationError):
            projects.move_project(home, new, by=cast.t1_staff)
        assert Project.objects.get(pk=home.pk).status == old


def test_budget_against_funding_and_spending(cast, home):
    projects.add_funding(home, by=cast.t1_staff, source="区红十字会", amount=50000)
    projects.add_funding(home, by=cast.t1_staff, source="社会捐赠", amount=30000)
    projects.add_expense(home, by=cast.t1_staff, spent_on=date(2026, 2, 1), amount="12000.50", note="应急救护站设备")
    with pytest.raises(ValidationError) as refused:
        projects.add_expense(home, by=cast.t1_staff, spent_on=date(2026, 2, 1), amount=-1, note="错")
    assert refused.value.message_dict["amount"] == ["金额须大于零，最多两位小数。"]
    money = projects.money(home)
    assert (money["funded"], money["spent"], money["left"]) == (80000, 12000.5, 67999.5)


def test_a_document_must_be_what_its_bytes_say(cast, home, login):
    client = login(cast.t1_staff)
    url = reverse("relief:project_add", args=[home.pk, "document"])
    bad = client.post(url, {"upload": SimpleUploadedFile("photo.png", b"<html><script>x</script>")})
    assert bad.status_code == 400 and "只能上传 PDF、JPG 或 PNG 文件。" in bad.content.decode()
    good = client.post(url, {"upload": SimpleUploadedFile("photo.png", png())})
    assert good.status_code == 302 and ProjectDocument.objects.count() == 1
    download = client.get(reverse("relief:project_document", args=[ProjectDocument.objects.get().pk]))
    assert download["Content-Type"] == "image/png" and download["X-Content-Type-Options"] == "nosniff"


def test_distributions_count_in_the_figures_and_the_year_exports(cast, home, login):
    projects.record_distribution(by=cast.t1_staff, org=cast.t1, occasion="博爱送万家", held_on=date(2026, 1, 20),
                                 households=30, per_household="大米10千克、慰问金300元", money=9000,
                                 handed_out_by="莲花街道红十字会", project=home)
    with pytest.raises(ValidationError):
        projects.record_distribution(by=cast.t1_staff, org=cast.t1, occasion="博爱送万家", held_on=date(2026, 1, 20),
                                     households=0, per_household="大米", handed_out_by="某")
    year = figures.yearly(cast.d1, 2026, date(2026, 12, 31))
    assert (year["projects"], year["boai_homes"], year["distribution_households"], year["distribution_money"]) == (
        1, 1, 30, 9000)
    response = login(cast.d1_admin).post(reverse("relief:projects_export") + "?year=2026")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert any(r[1] == "莲花社区博爱家园" for r in book["项目"].iter_rows(values_only=True))
    assert any(r[3] == 30 for r in book["发放"].iter_rows(values_only=True))
