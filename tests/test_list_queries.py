"""Every list page and export runs a fixed number of queries, whatever the data size.

Each page is requested twice with the same bound: after a few rows of every kind, then after many
more. An N+1 (a query per row) breaks the bound on the second request.
"""

from datetime import date, timedelta
from itertools import count

import pytest
from django.urls import reverse

from jobs.models import Job
from orgs.models import Organization
from tests.conftest import make_user

_serial = count(1)


def grow(c, n: int) -> None:
    """Add ``n`` rows of every listed kind in 莲花街道 (t1) and its new villages, through the services."""
    from filings import uploads, workflow
    from lib import audit
    from members import services as members
    from orgs import services as orgs
    from tests.filings.conftest import VALUES, pdf_upload
    from tests.members.factories import ids
    from tests.volunteers import factories as vf
    from volunteers import services as volunteers

    for _ in range(n):
        i = next(_serial)
        village = orgs.create_org(parent=c.t1, by=c.operator, name=f"第{i}社区红十字会", level="village",
                                  category="community")
        make_user(f"staff{i}", village, "staff")
        (id1, id2, id3, id4) = ids(4, start=4 * i + 100)
        member = members.create_member(by=c.t1_staff, org=c.t1, kind="adult", name=f"会员{i}", id_number=id1,
                                       phone="13800000000")
        members.pay_dues(member, by=c.t1_staff, year=2025, amount=10)
        moving = members.create_member(by=c.t1_staff, org=c.t1, kind="adult", name=f"转出{i}", id_number=id2,
                                       phone="13700000000")
        members.request_transfer(moving, by=c.t1_staff, to_org=village)
        members.submit_application(org=c.t1, kind="adult", name=f"申请人{i}", id_number=id3, phone="13900000000")
        volunteer = vf.volunteer(c.t1, c.t1_staff, name=f"志愿者{i}", id_number=id4)
        activity = vf.activity(c.t1, c.t1_staff, title=f"活动{i}", roster=[volunteer])
        team = volunteers.create_team(org=c.t1, by=c.t1_staff, name=f"服务队{i}", specialty="first_aid",
                                      founded_on=date(2025, 1, 1))
        volunteers.add_to_team(team, volunteer, by=c.t1_staff, joined_on=date(2025, 2, 1))
        volunteers.log_hours(volunteer, by=c.t1_staff, served_on=date(2026, 3, 1), hours=2, activity=activity,
                             team=team)
        volunteers.issue_certificate(volunteer, by=c.t1_staff, number=f"JH{i:06d}",
                                     issued_on=date.today() - timedelta(days=1000),
                                     expires_on=date.today() + timedelta(days=30))  # listed as expiring
        filing = workflow.save_filing(workflow.start_filing(village, by=c.t1_staff), by=c.t1_staff,
                                      **{**VALUES, "name": village.name, "category": "community"})
        uploads.add_attachment(filing, kind="election", upload=pdf_upload(), by=c.t1_staff)
        uploads.add_attachment(filing, kind="signed_scan", upload=pdf_upload("scan.pdf"), by=c.t1_staff)
        workflow.submit_filing(filing, by=c.t1_staff)
        audit.record("test.event", user=c.d1_admin, org=village)
        Job.objects.create(kind="members.export", title=f"导出{i}", org=c.t1, requested_by=c.t1_staff)
        # a town not yet filed, for the overdue list; siblings are kept sorted by name, so paths move
        orgs.create_org(parent=c.d1, by=c.operator, name=f"第{i}镇红十字会", level="town", category="town")
        for attr in ("d1", "t1"):
            setattr(c, attr, Organization.objects.get(pk=getattr(c, attr).pk))
        for attr in ("t1_staff", "d1_admin", "d1_reviewer"):
            getattr(c, attr).refresh_from_db()
            getattr(c, attr).org.refresh_from_db()


#: url name, kwargs, actor, the fixed bound on queries
PAGES = [
    ("orgs:tree", {}, "d1_admin", 12),
    ("orgs:children", lambda c: {"pk": c.t1.pk}, "d1_admin", 12),
    ("orgs:accounts", {}, "d1_admin", 12),
    ("orgs:audit", {}, "d1_admin", 12),
    ("members:list", {}, "t1_staff", 12),
    ("members:transfers", {}, "t1_staff", 12),
    ("members:queue", {}, "t1_staff", 12),
    ("members:export", {}, "t1_staff", 12),
    ("volunteers:list", {}, "t1_staff", 12),
    ("volunteers:records", {}, "t1_staff", 12),
    ("volunteers:activities", {}, "t1_staff", 12),
    ("volunteers:teams", {}, "t1_staff", 12),
    ("volunteers:certificates", {}, "t1_staff", 12),
    ("volunteers:export", {}, "t1_staff", 12),
    ("volunteers:export_records", {}, "t1_staff", 12),
    ("filings:queue", {}, "d1_reviewer", 14),
    ("filings:overdue", {}, "d1_reviewer", 12),
    ("notifications:inbox", {}, "d1_reviewer", 12),
    ("reports:statistics", {}, "d1_admin", 40),
    ("jobs:list", {}, "t1_staff", 12),
]


#: exports start by POST (they may start a background job)
STARTED_BY_POST = {"members:export", "volunteers:export", "volunteers:export_records"}


@pytest.mark.parametrize(("name", "kwargs", "actor", "bound"), PAGES, ids=[p[0] for p in PAGES])
def test_list_page_queries_do_not_grow_with_data(client, cast, settings, tmp_path, django_assert_max_num_queries,
                                                 django_capture_on_commit_callbacks, name, kwargs, actor, bound):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(getattr(cast, actor))
    url = reverse(name, kwargs=kwargs(cast) if callable(kwargs) else kwargs)
    for size in (2, 20):
        with django_capture_on_commit_callbacks(execute=True):  # notifications are sent on commit
            grow(cast, size)
        with django_assert_max_num_queries(bound):
            response = (client.post if name in STARTED_BY_POST else client.get)(url)
        assert response.status_code == 200, (name, size)
