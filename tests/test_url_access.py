"""Every URL of the project, tried by a user of a *sibling* branch of the tree.

The walk starts from Django's resolver, so a URL added later without a row in ``CASES`` fails
``test_every_url_has_an_access_case``. Each row names the object of the *other* branch that the
URL would act on, the outsider who tries it, and what they must get: 404 for an object outside
their subtree (ids cannot be probed), 403 for a page their role may not use, 302 to the login
page for anonymous users, or 200 for their own (scoped) list pages — which then must not show
the other branch's object.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    kwargs: Callable = lambda c: {}
    actor: str = "t2_staff"  # a user of the sibling branch (宝台镇) looking at 莲花街道's things
    status: int = 404
    method: str = "get"
    hidden: Callable | None = None  # text of the other branch that a 200 page must not contain
    data: dict = field(default_factory=dict)


def t1(c):
    return {"pk": c.t1.pk}


def pk(attr):
    return lambda c: {"pk": getattr(c, attr).pk}


def org_pk(c):
    return {"org_pk": c.t1.pk}


@pytest.fixture
def placed(cast):
    """Rows of every app placed in 莲花街道 (t1), made through the apps' services."""
    from datetime import date

    from members import services as members
    from tests.members.factories import make_id
    from tests.volunteers import factories as vf
    from volunteers import services as volunteers

    c = cast
    c.member = members.create_member(by=c.t1_staff, org=c.t1, kind="adult", name="甲会员", id_number=make_id(),
                                     phone="13800000000")
    moving = members.create_member(by=c.t1_staff, org=c.t1, kind="adult", name="乙会员", id_number=make_id(),
                                   phone="13700000000")
    c.transfer = members.request_transfer(moving, by=c.t1_staff, to_org=c.v1)
    c.application = members.submit_application(org=c.t1, kind="adult", name="丙申请人", id_number=make_id(),
                                               phone="13900000000")
    c.volunteer = vf.volunteer(c.t1, c.t1_staff, name="丁志愿者")
    c.team = volunteers.create_team(org=c.t1, by=c.t1_staff, name="莲花应急救护队", specialty="first_aid",
                                    founded_on=date(2025, 1, 1))
    c.activity = vf.activity(c.t1, c.t1_staff, roster=[c.volunteer])
    c.record = volunteers.log_hours(c.volunteer, by=c.t1_staff, served_on=date(2026, 3, 1), hours=2)
    c.award = volunteers.award_stars(c.volunteer, by=c.d1_reviewer, stars=1, reason="服务")

    from filings import tasks as filing_tasks
    from filings import uploads, workflow
    from tests.filings.conftest import VALUES, pdf_upload

    filing = workflow.save_filing(workflow.start_filing(c.t1, by=c.t1_staff), by=c.t1_staff, **VALUES)
    c.attachment = uploads.add_attachment(filing, kind="election", upload=pdf_upload(), by=c.t1_staff)
    uploads.add_attachment(filing, kind="signed_scan", upload=pdf_upload("scan.pdf"), by=c.t1_staff)
    c.filing = workflow.submit_filing(filing, by=c.t1_staff)
    c.export = filing_tasks.request_export(by=c.d1_reviewer)

    from django.http import QueryDict

    from members import tasks as member_tasks

    c.job = member_tasks.start_export(by=c.t1_staff, filters=QueryDict(), full=False, ip=None)
    return c


CASES: dict[str, Case] = {
    "home": Case(status=200, hidden=lambda c: c.t1.name),
    "login": Case(actor="anonymous", status=200),
    "logout": Case(method="post", status=302),
    "orgs:tree": Case(status=200, hidden=lambda c: c.t1.name),
    "orgs:detail": Case(t1),
    "orgs:children": Case(t1),
    "orgs:create": Case(lambda c: {"parent_pk": c.t3.pk}, actor="d1_admin"),
    "orgs:edit": Case(lambda c: {"pk": c.t3.pk}, actor="d1_admin", method="post", data={"name": "x"}),
    "orgs:restructure": Case(lambda c: {"pk": c.t3.pk, "action": "dissolve"}, actor="d1_admin", method="post"),
    "orgs:accounts": Case(status=403),
    "orgs:account_create": Case(status=403),
    "orgs:account_edit": Case(lambda c: {"pk": c.t3_staff.pk}, actor="d1_admin"),
    "orgs:audit": Case(status=403),
    # members (issue 4)
    "members:list": Case(status=200, hidden=lambda c: c.member.name),
    "members:find": Case(method="post", status=302),
    "members:create": Case(status=200),
    "members:export": Case(status=200),
    "members:detail": Case(pk("member")),
    "members:edit": Case(pk("member")),
    "members:reveal": Case(pk("member"), method="post"),
    "members:leave": Case(pk("member"), method="post"),
    "members:pay": Case(pk("member"), method="post"),
    "members:transfer": Case(pk("member"), method="post"),
    "members:transfers": Case(status=200, hidden=lambda c: "乙会员"),
    "members:transfer_decide": Case(pk("transfer"), method="post", data={"accept": "1"}),
    "members:apply_pick": Case(actor="anonymous", status=200),
    "members:apply": Case(org_pk, actor="anonymous", status=200),
    "members:apply_done": Case(actor="anonymous", status=200),
    "members:queue": Case(status=200, hidden=lambda c: c.application.name),
    "members:decide": Case(pk("application"), method="post"),
    "members:qr": Case(org_pk),
    "members:honour_add": Case(org_pk),
    "members:import": Case(status=200),
    "members:import_template": Case(status=200),
    "members:import_failed": Case(lambda c: {"token": "not-mine"}),
    # volunteers (issue 5)
    "volunteers:list": Case(status=200, hidden=lambda c: c.volunteer.name),
    "volunteers:create": Case(status=200),
    "volunteers:detail": Case(pk("volunteer")),
    "volunteers:edit": Case(pk("volunteer")),
    "volunteers:log_hours": Case(pk("volunteer")),
    "volunteers:award_stars": Case(pk("volunteer")),
    "volunteers:certificate_create": Case(pk("volunteer")),
    "volunteers:withdraw_award": Case(pk("award"), method="post"),
    "volunteers:certificates": Case(status=200),
    "volunteers:records": Case(status=200, hidden=lambda c: c.volunteer.name),
    "volunteers:record_decide": Case(pk("record"), method="post"),
    "volunteers:activities": Case(status=200, hidden=lambda c: c.activity.title),
    "volunteers:activity_create": Case(status=200),
    "volunteers:activity": Case(pk("activity")),
    "volunteers:teams": Case(status=200, hidden=lambda c: c.team.name),
    "volunteers:team": Case(pk("team")),
    "volunteers:team_create": Case(status=200),
    "volunteers:org_profile": Case(org_pk),
    "volunteers:import": Case(status=200),
    "volunteers:import_template": Case(lambda c: {"kind": "volunteers"}, status=200),
    "volunteers:export": Case(status=200),
    "volunteers:export_records": Case(status=200),
    "volunteers:mine": Case(),
    "volunteers:report_hours": Case(),
    # filings (issue 3): t2_staff is a sibling town, d2_reviewer the reviewer of another district
    "filings:queue": Case(status=403),
    "filings:overdue": Case(status=403),
    "filings:start": Case(lambda c: {"org_id": c.t1.pk}, method="post"),
    "filings:edit": Case(pk("filing")),
    "filings:upload": Case(pk("filing"), method="post"),
    "filings:submit": Case(pk("filing"), method="post"),
    "filings:withdraw": Case(pk("filing"), method="post"),
    "filings:review": Case(pk("filing"), actor="d2_reviewer"),
    "filings:return": Case(pk("filing"), actor="d2_reviewer", method="post"),
    "filings:approve": Case(pk("filing"), actor="d2_reviewer", method="post"),
    "filings:pdf": Case(pk("filing")),
    "filings:attachment": Case(pk("attachment")),
    "filings:attachment_delete": Case(pk("attachment"), method="post"),
    "filings:export_start": Case(method="post", status=403),
    "filings:export": Case(pk("export"), actor="d2_reviewer"),
    "filings:export_download": Case(pk("export"), actor="d2_reviewer"),
    "filings:export_progress": Case(pk("export"), actor="d2_reviewer"),
    "filings:notifications": Case(status=200, hidden=lambda c: "莲花街道红十字会 提交了"),
    "filings:seal": Case(status=403),
    "filings:seal_image": Case(),
    "filings:verify": Case(lambda c: {"token": c.filing.token}, actor="anonymous"),
    # background jobs: only the requester ever sees one (a sibling gets 404; tests/jobs covers the rest)
    "jobs:list": Case(status=200, hidden=lambda c: c.job.title),
    "jobs:detail": Case(pk("job")),
    "jobs:progress": Case(pk("job")),
    "jobs:download": Case(pk("job")),
    "reports:statistics": Case(status=200, hidden=lambda c: c.t1.name),
    "reports:export": Case(lambda c: {}, status=200),
    "reports:year_end_submit": Case(lambda c: {"pk": c.d2.pk}, actor="d1_admin", method="post",
                                    data={"year": 2022}),
}

# Django admin: the site itself refuses non-admin roles (302 to its login); scoped querysets
# make another branch's rows invisible to admins (tested in tests/orgs/test_views.py).
ADMIN_KWARGS = {"object_id": "1", "app_label": "orgs", "content_type_id": "1", "url": "x"}


def all_url_names() -> dict[str, URLPattern]:
    found: dict[str, URLPattern] = {}

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns)
            elif p.name:
                found[f"{namespace}{p.name}"] = p

    walk(get_resolver().url_patterns, "")
    return found


def test_every_url_has_an_access_case():
    missing = sorted(n for n in all_url_names() if n not in CASES and not n.startswith("admin:"))
    assert missing == [], f"URL 缺少访问矩阵条目（在 CASES 中补上）：{missing}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_outsider_gets_the_expected_answer(client, placed, name):
    cast = placed
    case = CASES[name]
    if case.actor != "anonymous":
        client.force_login(getattr(cast, case.actor))
    url = reverse(name, kwargs=case.kwargs(cast))
    response = getattr(client, case.method)(url, case.data)
    assert response.status_code == case.status, f"{name} {url}"
    if case.hidden:
        assert case.hidden(cast) not in response.content.decode()


@pytest.mark.parametrize("name", sorted(n for n in all_url_names() if n.startswith("admin:")))
def test_admin_urls_refuse_staff_of_any_branch(client, cast, name):
    pattern = all_url_names()[name]
    kwargs = {k: ADMIN_KWARGS.get(k, "1") for k in pattern.pattern.regex.groupindex}
    client.force_login(cast.t2_staff)
    response = client.get(reverse(name, kwargs=kwargs), follow=True)
    # Wherever the admin sends them, staff end on its login page (or a 404/405), never on data.
    assert response.status_code in (200, 404, 405)
    if response.status_code == 200:
        assert response.request["PATH_INFO"] == reverse("admin:login")


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.actor != "anonymous" and n != "logout"))
def test_anonymous_is_sent_to_login(client, placed, name):
    cast = placed
    case = CASES[name]
    response = getattr(client, case.method)(reverse(name, kwargs=case.kwargs(cast)), case.data)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
