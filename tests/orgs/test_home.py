"""The home page's figures for a body's admin: counted by hand on a tree built for the purpose."""

import pytest
from django.urls import reverse

from filings import workflow
from orgs import services
from tests.filings.conftest import seal_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_of_17(cast):
    """雁江区 (d1) holds 17 grassroots orgs: t1, t2, v1 of the cast and 14 more; t1 is filed, one
    more org was dissolved (it no longer counts), the rest are planned. 安岳县 (d2) holds 2."""
    add = services.create_org
    for i in range(1, 8):
        add(parent=cast.t1, by=cast.operator, name=f"莲花{i}村红十字会", level="village", category="village")
        add(parent=cast.t2, by=cast.operator, name=f"宝台{i}社区红十字会", level="village", category="community")
    gone = add(parent=cast.t2, by=cast.operator, name="宝台撤并村红十字会", level="village", category="village")
    services.dissolve_org(gone, successor=cast.t2, by=cast.operator, reason="撤村并居")
    from filings import uploads
    from tests.filings.conftest import VALUES, pdf_upload

    uploads.set_seal(cast.d1, upload=seal_upload(), by=cast.d1_admin)
    filing = workflow.save_filing(workflow.start_filing(cast.t1, by=cast.t1_staff), by=cast.t1_staff, **VALUES)
    uploads.add_attachment(filing, kind="election", upload=pdf_upload(), by=cast.t1_staff)
    uploads.add_attachment(filing, kind="signed_scan", upload=pdf_upload(), by=cast.t1_staff)
    workflow.approve_filing(workflow.submit_filing(filing, by=cast.t1_staff), by=cast.d1_reviewer)
    return cast


def figures(client):
    context = client.get(reverse("home")).context
    return context["grassroots_total"], context["grassroots_filed"], context["grassroots_planned"]


def test_district_admin_sees_the_whole_subtree(district_of_17, login):
    assert figures(login(district_of_17.d1_admin)) == (17, 1, 16)


def test_city_admin_sees_both_districts(district_of_17, login):
    assert figures(login(district_of_17.city_admin)) == (19, 1, 18)


def test_town_staff_sees_its_own_town(district_of_17, login):
    page = login(district_of_17.t2_staff).get(reverse("home")).content.decode()
    assert figures(login(district_of_17.t2_staff)) == (8, 0, 8)  # 宝台镇 and its 7 communities
    assert 'data-testid="grassroots-total">8<' in page
