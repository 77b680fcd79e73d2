"""The central access matrix: every URL of the project × every role × the relation of the user
to the object the URL acts on (checklist rows 1–3).

The walk starts from Django's resolver, so a URL added later without a row in ``CASES`` fails
``test_every_url_has_an_access_case``. Each row names the object the URL acts on (placed in
莲花街道, t1, unless ``at`` says otherwise), the roles that may use it, and the answer a permitted
user gets. ``test_url_answers_every_actor`` then asks every actor — own org, child org, parent
district (reviewer and admin), grandparent city admin, sibling town, other district, a volunteer
account and an anonymous visitor — and derives each expected answer independently of
``orgs.scoping``: anonymous → 302 to the login page; object outside the actor's subtree
(ancestor-path check on the object's org) → 404; role not allowed → 403; otherwise the permitted
answer, and a list page must not show another branch's rows. Each request of a permitted actor
runs in a rolled-back savepoint, so one cast serves every actor.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

S, R, A, V = "staff", "reviewer", "admin", "volunteer"
WORKERS = frozenset({S, R, A})
ANYONE = frozenset({S, R, A, V})

#: actor → (relation to 莲花街道 t1, for the report); their org and role come from the cast
ACTORS = {
    "t1_staff": "own org",
    "v1_staff": "child org",
    "d1_reviewer": "parent district (reviewer)",
    "d1_admin": "parent district (admin)",
    "city_admin": "grandparent city (admin)",
    "t2_staff": "sibling town",
    "d2_reviewer": "other district",
    "vol_user": "volunteer account",
    "anonymous": "not signed in",
}


@dataclass
class Case:
    kwargs: Callable = lambda c: {}
    roles: frozenset = WORKERS  # who may use it inside their subtree
    at: str | None = "t1"  # the org the object sits at; None for pages without an object
    ok: tuple = (200,)  # what a permitted user gets
    method: str = "get"
    data: dict = field(default_factory=dict)
    hidden: Callable | None = None  # text of 莲花街道 that an outsider's 200 page must not contain
    seen_at: tuple = ("t1",)  # the orgs whose people may see ``hidden`` (their own org and above)
    public: bool = False  # anonymous visitors may use it
    only: set | None = None  # only these actors get ``ok``; every other signed-in actor gets ``others``
    others: int = 404
    overrides: dict = field(default_factory=dict)  # actor → answer, where a domain rule says more


def pk(attr):
    return lambda c: {"pk": getattr(c, attr).pk}


def t1(c):
    return {"pk": c.t1.pk}


def org_pk(c):
    return {"org_pk": c.t1.pk}


POSTED = (200, 302)  # a permitted POST either re-renders with field errors or redirects


@pytest.fixture
def placed(cast, django_capture_on_commit_callbacks):
    """Rows of every app placed in 莲花街道 (t1), made through the apps' services."""
    from datetime import date

    from members import services as members
    from tests.conftest import make_user
    from tests.members.factories import make_id
    from tests.volunteers import factories as vf
    from volunteers import services as volunteers

    c = cast
    c.v1_staff = make_user("v1_staff", c.v1, "staff")
    c.member = members.create_member(by=c.t1_staff, org=c.t1, kind="adult", name="甲会员", id_number=make_id(),
                                     phone="13800000000")
    moving = members.create_member(by=c.t1_staff, org=c.t1, kind="adult", name="乙会员", id_number=make_id(),
                                   phone="13700000000")
    c.transfer = members.request_transfer(moving, by=c.t1_staff, to_org=c.v1)
    c.application = members.submit_application(org=c.t1, kind="adult", name="丙申请人", id_number=make_id(),
                                               phone="13900000000")
    c.volunteer = vf.volunteer(c.t1, c.t1_staff, name="丁志愿者")
    c.vol_user = make_user("vol_user", c.t1, "volunteer")
    vf.volunteer(c.t1, c.t1_staff, name="戊志愿者", user=c.vol_user)
    c.team = volunteers.create_team(org=c.t1, by=c.t1_staff, name="莲花应急救护队", specialty="first_aid",
                                    founded_on=date(2025, 1, 1))
    c.membership = volunteers.add_to_team(c.team, c.volunteer, by=c.t1_staff, joined_on=date(2025, 2, 1))
    c.activity = vf.activity(c.t1, c.t1_staff, roster=[c.volunteer])
    c.record = volunteers.log_hours(c.volunteer, by=c.t1_staff, served_on=date(2026, 3, 1), hours=2)
    c.award = volunteers.award_stars(c.volunteer, by=c.d1_reviewer, stars=1, reason="服务")

    from filings import uploads, workflow
    from tests.filings.conftest import VALUES, pdf_upload
    from tests.security.hostile import png

    filing = workflow.save_filing(workflow.start_filing(c.t1, by=c.t1_staff), by=c.t1_staff, **VALUES)
    c.attachment = uploads.add_attachment(filing, kind="election", upload=pdf_upload(), by=c.t1_staff)
    uploads.add_attachment(filing, kind="signed_scan", upload=pdf_upload("scan.pdf"), by=c.t1_staff)
    with django_capture_on_commit_callbacks(execute=True):  # notifications are sent on commit
        c.filing = workflow.submit_filing(filing, by=c.t1_staff)
    from notifications.models import Notification

    c.notification = Notification.objects.get(user=c.d1_reviewer)

    from notices import services as notices
    from tests.notices.conftest import pdf

    # 雁江区 asks its towns (t1, t2) for a reply; t1 has replied with a file
    c.notice = notices.publish(by=c.d1_reviewer, kind="notice", title="关于报送建设情况的通知", files=[pdf()],
                               reply_required=True, targets=notices.recipients(c.d1, levels=["town"]))
    c.notice_attachment = c.notice.attachments.get()
    c.receipt = notices.reply(c.notice, by=c.t1_staff, text="已报送", upload=pdf("回执.pdf"))
    from reports.services import submit_year_end_report

    c.year_end = submit_year_end_report(c.d1, year=2023, by=c.d1_admin)  # 雁江区 to the city
    from notices import papers, publicity

    c.paper = papers.submit(c.t1, year=2026, kind="plan", upload=pdf("工作计划.pdf"), by=c.t1_staff)

    # a second award of 雁江区's in 公示, objected to by the public (c.award stays unheld)
    c.objection = publicity.object_to(volunteers.award_stars(c.volunteer, by=c.d1_reviewer, stars=2, reason="服务"),
                                      name="王群众", contact="13800001111", reason="服务时长有重复登记的情况。")
    from django.core.files.uploadedfile import SimpleUploadedFile

    uploads.set_seal(c.d1, upload=SimpleUploadedFile("seal.png", png()), by=c.d1_admin)

    from django.http import QueryDict

    from campaigns import services as campaigns
    from members import tasks as member_tasks
    from signing import services as signing

    signing.create_ca()
    c.certificate = signing.issue(c.d1)

    c.campaign = campaigns.open_campaign(by=c.d1_admin, name="雁江区基层组织建设督查", starts_on=date(2026, 9, 1),
                                         ends_on=date(2026, 12, 31), stages=campaigns.seed_stages(2026))
    c.staff = campaigns.name_staff(c.t1, by=c.t1_staff, name="己专干", post="干事", phone="13600000000",
                                   starts_on=date(2026, 1, 5))
    c.document = campaigns.upload_document(c.t1, kind="plan", upload=pdf_upload("plan.pdf"), by=c.t1_staff)

    c.job = member_tasks.start_export(by=c.t1_staff, filters=QueryDict())
    member_tasks.export_members.call(c.job.pk)  # on_commit does not run inside a test transaction
    _place_relief(c)
    _place_training(c)
    return c


def _place_training(c):
    """A 救护员 class of 莲花街道 with one trainee on its roster."""
    from datetime import date

    from tests.members.factories import make_id
    from training import services as training

    c.training_class = training.create_class(by=c.t1_staff, org=c.t1, title="莲花街道救护员培训班", kind="first_aider",
                                             starts_on=date(2026, 3, 2), ends_on=date(2026, 3, 3), hours=16,
                                             venue="莲花街道便民服务中心")
    seat = training.add_trainee(c.training_class, by=c.t1_staff, name="庚学员", id_number=make_id())
    training.record_results(c.training_class, by=c.t1_staff, results={seat.pk: (True, 90)})
    from training import certificates

    c.first_aid_certificate = certificates.issue_for_class(c.training_class, by=c.t1_staff)[0]


def _place_relief(c):
    """A town warehouse with stock, a shipment in transit to its community, and a district's
    restricted donation whose month is released."""
    from datetime import date

    from relief import donations, stock, transfers

    c.warehouse = stock.create_warehouse(by=c.t1_staff, org=c.t1, name="莲花街道物资室")
    child = stock.create_warehouse(by=c.t1_staff, org=c.v1, name="莲花社区物资点")
    c.item = stock.item_named("棉被", "床")
    stock.stock_in(c.warehouse, c.item, 20, by=c.t1_staff, on=date(2026, 3, 1))
    c.waybill = transfers.ship(transfers.allocate(c.warehouse, child, [(c.item, 5)], by=c.t1_staff),
                                by=c.t1_staff, on=date(2026, 3, 2))
    c.donation = donations.receive_donation(by=c.d1_admin, org=c.d1, received_on=date(2026, 3, 1),
                                            donor_kind="organisation", donor_name="雁江建材有限公司",
                                            kind="money", amount=5000, restricted=True, purpose="莲花街道困难家庭")
    donations.release_month(c.d1, 2026, 3, by=c.d1_reviewer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from relief import projects
    from tests.security.hostile import png

    c.project = projects.create_project(by=c.t1_staff, org=c.t1, name="莲花社区博爱家园", kind="boai_home",
                                        community="莲花社区", starts_on=date(2026, 1, 1), budget=80000)
    c.project_document = projects.add_document(c.project, by=c.t1_staff, upload=SimpleUploadedFile("photo.png", png()))
    projects.record_distribution(by=c.t1_staff, org=c.t1, occasion="博爱送万家", held_on=date(2026, 1, 20),
                                 households=30, per_household="大米10千克", handed_out_by="莲花街道红十字会")


SA, RA, ADMIN_ONLY = frozenset({S, A}), frozenset({R, A}), frozenset({A})
PUBLISHER_SIDE = frozenset({"d1_reviewer", "d1_admin", "city_admin"})
NOTICE_READERS = PUBLISHER_SIDE | {"t1_staff", "t2_staff"}
PUBLISHER_SIDE_403 = {actor: 403 for actor in PUBLISHER_SIDE}  # not a recipient: may not reply
LOGIN = "login"

CASES: dict[str, Case] = {
    "home": Case(roles=ANYONE, at=None, hidden=lambda c: c.t1.name),
    "login": Case(public=True, at=None),
    "logout": Case(public=True, at=None, method="post", ok=(302,)),
    "password_change": Case(roles=ANYONE, at=None),
    "orgs:tree": Case(roles=ANYONE, at=None, hidden=lambda c: c.t1.name),
    "orgs:detail": Case(t1),
    "orgs:children": Case(t1),
    "orgs:create": Case(lambda c: {"parent_pk": c.t1.pk}, roles=ADMIN_ONLY),
    "orgs:edit": Case(t1, roles=ADMIN_ONLY),
    "orgs:restructure": Case(lambda c: {"pk": c.t1.pk, "action": "dissolve"}, roles=ADMIN_ONLY, method="post",
                             ok=POSTED),
    "orgs:accounts": Case(roles=ADMIN_ONLY, at=None, hidden=lambda c: "t1_staff"),
    "orgs:account_create": Case(roles=ADMIN_ONLY, at=None),
    "orgs:account_edit": Case(lambda c: {"pk": c.t1_staff.pk}, roles=ADMIN_ONLY),
    "orgs:account_unlock": Case(lambda c: {"pk": c.t1_staff.pk}, roles=ADMIN_ONLY, method="post", ok=(302,)),
    "orgs:audit": Case(roles=ADMIN_ONLY, at=None),
    # members
    "members:list": Case(at=None, hidden=lambda c: c.member.name),
    "members:find": Case(at=None, method="post", ok=POSTED),
    "members:create": Case(roles=SA, at=None),
    "members:export": Case(at=None, method="post"),  # it may start a background job
    # whole numbers need the account's grant (orgs.scoping.GRANTS) besides the role: nobody in this
    # cast holds it, so every signed-in actor is refused (tests/members/test_privacy.py grants it)
    "members:export_full": Case(roles=frozenset(), at=None, method="post", data={"reason": "核对名册信息"}),
    "members:personal_data": Case(pk("member"), roles=SA, method="post", data={"reason": "本人申请查阅"}),
    "members:erase": Case(pk("member"), roles=ADMIN_ONLY, method="post", data={"reason": "本人申请删除"},
                          ok=POSTED),
    "members:detail": Case(pk("member")),
    "members:edit": Case(pk("member"), roles=SA),
    "members:reveal": Case(pk("member"), roles=SA, method="post", data={"reason": "电话核对"}),
    "members:leave": Case(pk("member"), roles=SA, method="post", ok=POSTED),
    "members:pay": Case(pk("member"), roles=SA, method="post", ok=POSTED),
    "members:transfer": Case(pk("member"), roles=SA),
    "members:transfers": Case(roles=SA, at=None, hidden=lambda c: "乙会员", seen_at=("t1", "v1")),  # to v1
    "members:transfer_decide": Case(pk("transfer"), roles=SA, at="v1", method="post", data={"accept": "1"},
                                    ok=POSTED),
    "members:apply_pick": Case(public=True, at=None),
    "members:apply": Case(org_pk, public=True),
    "members:apply_done": Case(public=True, at=None),
    "members:queue": Case(roles=SA, at=None, hidden=lambda c: c.application.name),
    "members:decide": Case(pk("application"), roles=SA, method="post", ok=POSTED),
    "members:qr": Case(org_pk),
    "members:honour_add": Case(org_pk, roles=SA),
    "members:import": Case(roles=SA, at=None),
    "members:import_template": Case(roles=SA, at=None),
    # a failed-rows file is found only by the random token of its own uploader
    "members:import_failed": Case(lambda c: {"token": "not-mine"}, roles=SA, at=None, ok=(404,)),
    # volunteers
    "volunteers:list": Case(at=None, hidden=lambda c: c.volunteer.name),
    "volunteers:create": Case(at=None),
    "volunteers:find": Case(at=None, method="post", ok=POSTED),
    "volunteers:detail": Case(pk("volunteer")),
    "volunteers:edit": Case(pk("volunteer")),
    "volunteers:reveal": Case(pk("volunteer"), roles=SA, method="post", data={"reason": "电话核对"}),
    "volunteers:personal_data": Case(pk("volunteer"), roles=SA, method="post", data={"reason": "本人申请查阅"}),
    "volunteers:erase": Case(pk("volunteer"), roles=ADMIN_ONLY, method="post", data={"reason": "本人申请删除"},
                             ok=POSTED),
    "volunteers:log_hours": Case(pk("volunteer")),
    "volunteers:member_link": Case(pk("volunteer"), method="post", data={"number": "x"}, ok=POSTED),
    "volunteers:member_unlink": Case(pk("volunteer"), method="post", ok=POSTED),
    "volunteers:move": Case(pk("volunteer")),
    "volunteers:account": Case(pk("volunteer"), roles=ADMIN_ONLY),
    "volunteers:team_leave": Case(pk("membership")),
    "volunteers:award_stars": Case(pk("volunteer"), roles=RA),
    "volunteers:certificate_create": Case(pk("volunteer")),
    # a 1-star award is a county's to withdraw (seed 002: county 1–3 stars, city 4, province 5)
    "volunteers:withdraw_award": Case(pk("award"), roles=RA, method="post", ok=POSTED,
                                      overrides={"city_admin": 403}),
    "volunteers:certificates": Case(at=None),
    "volunteers:records": Case(at=None, hidden=lambda c: c.volunteer.name),
    "volunteers:record_decide": Case(pk("record"), method="post", ok=POSTED),
    "volunteers:activities": Case(at=None, hidden=lambda c: c.activity.title),
    "volunteers:activity_create": Case(at=None),
    "volunteers:activity": Case(pk("activity")),
    "volunteers:roster_add": Case(pk("activity"), method="post", data={"q": "x"}, ok=POSTED),
    "volunteers:roster_remove": Case(lambda c: {"pk": c.activity.pk, "volunteer_pk": c.volunteer.pk},
                                     method="post", ok=POSTED),
    "volunteers:teams": Case(at=None, hidden=lambda c: c.team.name),
    "volunteers:team": Case(pk("team")),
    "volunteers:team_create": Case(at=None),
    "volunteers:org_profile": Case(org_pk),
    "volunteers:import": Case(at=None),
    "volunteers:import_template": Case(lambda c: {"kind": "volunteers"}, at=None),
    "volunteers:export": Case(at=None, method="post"),
    "volunteers:export_full": Case(roles=frozenset(), at=None, method="post", data={"reason": "核对名册信息"}),
    "volunteers:export_records": Case(at=None, method="post"),
    # a volunteer account's own pages; nobody else has an own volunteer record to show
    "volunteers:mine": Case(at=None, only={"vol_user"}, others=404),
    "volunteers:report_hours": Case(at=None, only={"vol_user"}, others=404),
    # filings
    "filings:queue": Case(roles=RA, at=None),
    "filings:overdue": Case(roles=RA, at=None),
    "filings:start": Case(lambda c: {"org_id": c.t1.pk}, roles=SA, method="post", ok=POSTED),
    "filings:edit": Case(pk("filing")),
    "filings:upload": Case(pk("filing"), roles=SA, method="post", ok=POSTED),
    "filings:submit": Case(pk("filing"), roles=SA, method="post", ok=POSTED),
    "filings:withdraw": Case(pk("filing"), roles=SA, method="post", ok=POSTED),
    "filings:review": Case(pk("filing"), roles=RA),
    "filings:return": Case(pk("filing"), roles=RA, method="post", ok=POSTED),
    "filings:approve": Case(pk("filing"), roles=RA, method="post", ok=POSTED),
    "filings:pdf": Case(pk("filing")),
    # a new PDF of record: admins of a body above the org (this cast's filing is not filed yet:
    # a permitted admin is told so and sent back to the filing)
    "filings:reissue": Case(pk("filing"), roles=ADMIN_ONLY, method="post", data={"reason": "更换电子印章"},
                            ok=POSTED),
    "filings:attachment": Case(pk("attachment")),
    "filings:attachment_preview": Case(pk("attachment")),
    "filings:attachment_delete": Case(pk("attachment"), roles=SA, method="post", ok=POSTED),
    "filings:export_start": Case(roles=RA, at=None, method="post", ok=POSTED),
    "filings:seal": Case(roles=ADMIN_ONLY, at=None),
    # the e-seal image of the user's own body (雁江区 has one in this cast)
    "filings:seal_image": Case(at=None, only={"d1_admin", "d1_reviewer"}, others=404),
    "filings:verify": Case(lambda c: {"token": c.filing.token}, public=True, at=None, ok=(404,)),  # not filed yet
    "filings:history": Case(roles=ADMIN_ONLY, at=None, hidden=lambda c: c.t1.name),
    # background jobs belong to the account that asked for them, whoever sits above it
    # notifications: each account's own inbox (d1's reviewers got 莲花街道's submission)
    "notifications:inbox": Case(roles=ANYONE, at=None, hidden=lambda c: "莲花街道红十字会 提交了"),
    "notifications:open": Case(lambda c: {"pk": c.notification.pk}, at=None, method="post",
                               only={"d1_reviewer"}, others=404, ok=(302,)),
    "notifications:settings": Case(roles=ANYONE, at=None),
    # notices: the publisher 雁江区 (and the city above) and the recipient towns t1, t2 see a notice;
    # the publisher's side alone sees the receipts; only a recipient org replies
    "notices:list": Case(at=None, hidden=lambda c: c.notice.title, seen_at=("t1", "t2")),
    "notices:create": Case(at=None, only={"d1_reviewer", "d1_admin", "city_admin", "d2_reviewer"}, others=403),
    "notices:detail": Case(pk("notice"), at=None, only=NOTICE_READERS, others=404),
    "notices:attachment": Case(pk("notice_attachment"), at=None, only=NOTICE_READERS, others=404),
    "notices:reply": Case(pk("notice"), at=None, method="post", data={"text": "收到"}, ok=POSTED,
                          only={"t1_staff", "t2_staff"}, others=404, overrides=PUBLISHER_SIDE_403),
    "notices:receipts": Case(pk("notice"), at=None, only=PUBLISHER_SIDE, others=404),
    "notices:export": Case(pk("notice"), at=None, only=PUBLISHER_SIDE, others=404),
    "notices:remind": Case(pk("notice"), at=None, method="post", data={"state": "unread"}, ok=(302,),
                           only=PUBLISHER_SIDE, others=404),
    "notices:withdraw": Case(pk("notice"), at=None, method="post", data={"reason": "另行通知"}, ok=(302,),
                             only=PUBLISHER_SIDE, others=404),
    # t1's reply file: t1 (and above it) and the publisher's side
    "notices:reply_file": Case(pk("receipt"), at=None, only=PUBLISHER_SIDE | {"t1_staff"}, others=404),
    # year-end figures up the tree: the body above opens, reminds and returns; the district itself
    # sees its own figures but may not return them
    "notices:year_end": Case(at=None),
    "notices:year_end_remind": Case(at=None, roles=ADMIN_ONLY, method="post", data={"year": 2023}, ok=(302,)),
    "notices:year_end_report": Case(pk("year_end"), at="d1"),
    "notices:year_end_return": Case(pk("year_end"), at="d1", roles=ADMIN_ONLY, method="post",
                                    data={"comment": "请核对培训人数"}, ok=(302,), overrides={"d1_admin": 403}),
    # 公示 and 红人榜 of a body: public, by the body's id (they show only what is published anyway)
    "notices:publicity": Case(lambda c: {"org_pk": c.d1.pk}, public=True, at=None),
    "notices:honours": Case(lambda c: {"org_pk": c.d1.pk}, public=True, at=None),
    "notices:objections": Case(roles=RA, at=None, hidden=lambda c: "王群众", seen_at=("d1",)),
    # 1–3 stars are a county's to decide (seed 002), as withdrawing them
    "notices:decide": Case(pk("objection"), roles=RA, at="d1", method="post", data={"decision": "released"},
                           ok=(302,), overrides={"city_admin": 403}),
    # yearly plans and summaries: an org's own, seen from above; only a body above returns one
    "notices:papers": Case(at=None),
    "notices:paper_file": Case(pk("paper")),
    "notices:paper_return": Case(pk("paper"), method="post", data={"comment": "请补充年度目标"}, ok=(302,),
                                 overrides={"t1_staff": 403}),
    "jobs:list": Case(roles=ANYONE, at=None, hidden=lambda c: c.job.title),
    "jobs:detail": Case(pk("job"), at=None, only={"t1_staff"}, others=404),
    "jobs:progress": Case(pk("job"), at=None, only={"t1_staff"}, others=404),
    "jobs:download": Case(pk("job"), at=None, only={"t1_staff"}, others=404),
    "jobs:retry": Case(pk("job"), at=None, only={"t1_staff"}, others=404, method="post", ok=(302,)),
    # campaigns: the board belongs to the campaign's owner (雁江区) and the bodies above it
    "campaigns:list": Case(roles=RA, at=None, hidden=lambda c: c.campaign.name, seen_at=("d1",)),
    "campaigns:create": Case(roles=ADMIN_ONLY, at=None),
    # the 五有/六有 list: the grassroots orgs of the user's own subtree (莲花街道 fails some items)
    "campaigns:compliance": Case(roles=RA, at=None, hidden=lambda c: c.t1.name),
    "campaigns:board": Case(pk("campaign"), roles=RA, at="d1"),
    "campaigns:board_print": Case(pk("campaign"), roles=RA, at="d1"),
    "campaigns:board_export": Case(pk("campaign"), roles=RA, at="d1"),
    "campaigns:unit": Case(org_pk),
    "campaigns:document_upload": Case(org_pk, roles=SA),
    "campaigns:leader_add": Case(org_pk, roles=SA),
    "campaigns:staff_add": Case(org_pk, roles=SA),
    "campaigns:staff_end": Case(pk("staff"), roles=SA, method="post", ok=POSTED),
    "campaigns:paper_copy": Case(org_pk, roles=RA, method="post", ok=POSTED),
    "campaigns:document": Case(pk("document")),
    # relief: stock at 莲花街道; the waybill to 莲花社区 is shown to the receiving side too
    "relief:warehouses": Case(at=None, hidden=lambda c: c.warehouse.name),
    "relief:warehouse_create": Case(roles=SA, at=None),
    "relief:warehouse": Case(pk("warehouse")),
    "relief:stock_in": Case(pk("warehouse"), roles=SA),
    "relief:distribute": Case(pk("warehouse"), roles=SA),
    "relief:adjust": Case(pk("warehouse"), roles=SA),
    "relief:minimum": Case(pk("warehouse"), roles=SA),
    "relief:card": Case(lambda c: {"pk": c.warehouse.pk, "item_pk": c.item.pk}),
    "relief:ledger_export": Case(pk("warehouse"), method="post"),
    "relief:transfer_create": Case(pk("warehouse"), roles=SA),
    "relief:transfer_request": Case(pk("warehouse"), roles=SA),
    "relief:transfers": Case(at=None, hidden=lambda c: c.waybill.number, seen_at=("t1", "v1")),
    "relief:transfer": Case(pk("waybill"), overrides={"v1_staff": 200}),
    # only the sender acts on a waybill (cancelling one in transit is refused with a message)
    "relief:transfer_act": Case(lambda c: {"pk": c.waybill.pk, "action": "cancel"}, roles=SA, method="post",
                                ok=POSTED),
    "relief:transfer_receive": Case(pk("waybill"), roles=SA, at="v1"),
    # donations sit at the district body that received them
    "relief:donations": Case(at=None, hidden=lambda c: c.donation.donor_name, seen_at=("d1",)),
    "relief:donation_create": Case(roles=SA, at=None),
    "relief:donation": Case(pk("donation"), at="d1"),
    "relief:donation_void": Case(pk("donation"), roles=SA, at="d1", method="post", data={"reason": "登记错误作废"},
                                 ok=POSTED),
    "relief:donation_use": Case(pk("donation"), roles=SA, at="d1"),
    "relief:receipt": Case(pk("donation"), at="d1"),
    "relief:releases": Case(at=None),
    "relief:statistics": Case(at=None),
    "relief:projects": Case(at=None, hidden=lambda c: c.project.name),
    "relief:project_create": Case(roles=SA, at=None),
    "relief:projects_export": Case(at=None, method="post"),
    "relief:project": Case(pk("project")),
    "relief:project_move": Case(lambda c: {"pk": c.project.pk, "status": "implementing"}, roles=SA, method="post",
                                ok=POSTED),
    "relief:project_add": Case(lambda c: {"pk": c.project.pk, "part": "funding"}, roles=SA, method="post",
                               data={"source": "区红十字会", "amount": "20000"}, ok=POSTED),
    "relief:project_document": Case(pk("project_document")),
    "relief:distributions": Case(at=None, hidden=lambda c: "大米10千克"),
    "relief:distribution_create": Case(roles=SA, at=None),
    # training: a class and its roster sit at the org that runs it
    "training:classes": Case(at=None, hidden=lambda c: c.training_class.title),
    "training:class_create": Case(roles=SA, at=None),
    "training:import_template": Case(roles=SA, at=None),
    "training:class": Case(pk("training_class"), hidden=lambda c: "庚学员"),
    "training:results": Case(pk("training_class"), roles=SA, method="post", ok=(302,)),
    "training:import": Case(pk("training_class"), roles=SA),
    "training:issue": Case(pk("training_class"), roles=SA, method="post", ok=(302,)),
    "training:certificates": Case(at=None, hidden=lambda c: c.first_aid_certificate.number),
    "training:certificate_export": Case(at=None, method="post"),
    "training:certificate_pdf": Case(pk("first_aid_certificate")),
    "verify:certificate": Case(lambda c: {"token": c.first_aid_certificate.token}, public=True, at=None),
    # a failed-rows file is found only by the random token of its own uploader
    "training:import_failed": Case(lambda c: {"pk": c.training_class.pk, "token": "not-mine"}, roles=SA,
                                   ok=(404,)),
    "disclosure:index": Case(public=True, at=None),
    "disclosure:month": Case(lambda c: {"org_pk": c.d1.pk, "year": 2026, "month": 3}, public=True, at=None),
    "disclosure:receipt": Case(lambda c: {"token": c.donation.token}, public=True, at=None),
    "reports:statistics": Case(at=None, hidden=lambda c: c.t1.name),
    "reports:export": Case(at=None),
    "reports:targets": Case(roles=ADMIN_ONLY, at=None),
    "reports:year_end_submit": Case(lambda c: {"pk": c.d1.pk}, roles=ADMIN_ONLY, at="d1", method="post",
                                    data={"year": 2022}, ok=POSTED),
    # signing certificates: a body's admin manages its own; a body above may revoke one below it
    "signing:manage": Case(roles=ADMIN_ONLY, at=None),
    "signing:issue": Case(roles=ADMIN_ONLY, at=None, method="post", ok=(302,)),
    "signing:import": Case(roles=ADMIN_ONLY, at=None, method="post", ok=(302,)),
    "signing:revoke": Case(pk("certificate"), roles=ADMIN_ONLY, at="d1", method="post", ok=(302,),
                           data={"reason": "私钥保管人离职"}),
    "signing:ca_certificate": Case(public=True, at=None),
    "signing:verify": Case(public=True, at=None),
    # the open data API answers tokens of integration accounts only (test_api_answers_every_account):
    # a signed-in session is not an integration account
    **{name: Case(kwargs, at=None, overrides=dict.fromkeys(ACTORS, 401)) for name, kwargs in {
        "api:orgs": lambda c: {}, "api:org": t1, "api:org_statistics": t1,
        "api:filings": lambda c: {}, "api:filing": pk("filing")}.items()},
    "api:schema": Case(public=True, at=None),
    "api:docs": Case(public=True, at=None),
}

#: integration accounts (api.IntegrationAccount) and their relation to 莲花街道 t1
API_ACCOUNTS = {"t1": "own org", "v1": "child org", "d1": "parent district", "city": "grandparent city",
                "t2": "sibling town", "d2": "other district"}
API_DETAIL = {"api:org", "api:org_statistics", "api:filing"}  # the object sits at t1


API_URLS = sorted(n for n in CASES if n.startswith("api:") and n not in {"api:schema", "api:docs"})


@pytest.mark.parametrize("name", API_URLS)
def test_api_answers_every_account(placed, name):
    """Every API URL × an account at each place in the tree, one disabled, a wrong token, none:
    inside its subtree 200, outside 404, and a list never shows another branch's rows."""
    from api.models import IntegrationAccount

    c = placed
    url = reverse(name, kwargs=CASES[name].kwargs(c))
    tokens, wrong = {}, []
    for place in [*API_ACCOUNTS, "disabled"]:
        org = getattr(c, "t1" if place == "disabled" else place)
        account = IntegrationAccount(name=f"{place}平台", org=org, is_active=place != "disabled")
        tokens[place] = account.new_token()
        account.save()
    tokens["wrong token"], tokens["no token"] = "rcapi_not-a-token", None
    for place, token in tokens.items():
        client = Client(raise_request_exception=False)
        headers = {"Authorization": f"Token {token}"} if token else {}
        response = client.get(url, headers=headers)
        if place not in API_ACCOUNTS:
            want = 401
        else:
            want = 200 if name not in API_DETAIL or c.t1.path.startswith(getattr(c, place).path) else 404
        got = response.status_code
        if got == 200 and name in {"api:orgs", "api:filings"} and not c.t1.path.startswith(getattr(c, place).path):
            if c.t1.name in response.content.decode():
                got = f"200 showing {c.t1.name}"
        if got != want:
            wrong.append(f"{place} ({API_ACCOUNTS.get(place, place)}): expected {want}, got {got}")
    assert wrong == [], f"{name} GET {url}\n" + "\n".join(wrong)


def in_subtree(user, org) -> bool:
    """The independent check: a worker's subtree is its org and everything below it by path;
    a volunteer account has no subtree (it sees only its own record)."""
    return user.role != V and org.path.startswith(user.org.path)


def expected(case: Case, actor: str, c):
    if actor in case.overrides:
        return (case.overrides[actor],)
    if actor == "anonymous":
        return case.ok if case.public else (LOGIN,)
    if case.public:
        return (302,) if case.method == "get" and case is CASES["login"] else case.ok
    if case.only:
        return case.ok if actor in case.only else (case.others,)
    user = getattr(c, actor)
    if case.at and not in_subtree(user, getattr(c, case.at)):
        return (404,)
    if user.role not in case.roles:
        return (403,)
    return case.ok


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


def _ask(client, case, url):
    """One request; a permitted POST's changes are rolled back so the next actor sees the same cast."""
    with transaction.atomic():
        response = getattr(client, case.method)(url, case.data)
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("name", sorted(CASES))
def test_url_answers_every_actor(placed, name):
    c = placed
    case = CASES[name]
    url = reverse(name, kwargs=case.kwargs(c))
    wrong = []
    for actor in ACTORS:
        client = Client(raise_request_exception=False)
        if actor != "anonymous":
            client.force_login(getattr(c, actor))
        response = _ask(client, case, url)
        want = expected(case, actor, c)
        got = response.status_code
        if want == (LOGIN,):
            ok = got == 302 and response["Location"].startswith(reverse("login"))
        else:
            to_login = got == 302 and response["Location"].startswith(reverse("login"))
            ok = got in want and (case.public or not to_login)
        if ok and got == 200 and case.hidden and actor != "anonymous" and not case.public:
            user = getattr(c, actor)
            outsider = not any(getattr(c, org).path.startswith(user.org.path) for org in case.seen_at)
            if outsider and case.hidden(c) in response.content.decode():
                ok, got = False, f"{got} showing {case.hidden(c)!r}"
        if not ok:
            wrong.append(f"{actor} ({ACTORS[actor]}): expected {want}, got {got}")
    assert wrong == [], f"{name} {case.method.upper()} {url}\n" + "\n".join(wrong)


def test_public_urls_take_no_guessable_ids():
    """Public pages are found by a random token, or by an org id whose page shows only what the
    public list of orgs (members:apply_pick) already shows, or what a body publishes (公示, 红人榜)."""
    from filings.models import new_token

    public = {n for n, case in CASES.items() if case.public}
    int_args = {n for n in public if all_url_names()[n].pattern.regex.groupindex}
    # disclosure:month names a body and a month: it shows only what that body released to the public
    assert int_args == {"members:apply", "filings:verify", "disclosure:month", "disclosure:receipt",
                        "notices:publicity", "notices:honours", "verify:certificate"}
    assert set(all_url_names()["filings:verify"].pattern.converters) == {"token"}
    assert set(all_url_names()["verify:certificate"].pattern.converters) == {"token"}
    assert set(all_url_names()["disclosure:receipt"].pattern.converters) == {"token"}
    tokens = {new_token() for _ in range(1000)}
    assert len(tokens) == 1000 and min(len(t) for t in tokens) >= 32  # 24 random bytes, URL-safe


# Django admin: the site itself refuses non-admin roles (302 to its login); scoped querysets
# make another branch's rows invisible to admins (tested in tests/orgs/test_views.py).
ADMIN_KWARGS = {"object_id": "1", "app_label": "orgs", "content_type_id": "1", "url": "x"}


@pytest.mark.parametrize("name", sorted(n for n in all_url_names() if n.startswith("admin:")))
def test_admin_urls_refuse_every_role_but_admin(cast, name):
    pattern = all_url_names()[name]
    kwargs = {k: ADMIN_KWARGS.get(k, "1") for k in pattern.pattern.regex.groupindex}
    url = reverse(name, kwargs=kwargs)
    for actor in ("t1_staff", "d1_reviewer", "anonymous"):
        client = Client()
        if actor != "anonymous":
            client.force_login(getattr(cast, actor))
        response = client.get(url, follow=True)
        # Wherever the admin sends them, they end on its login page (or a 404/405), never on data.
        assert response.status_code in (200, 404, 405), (actor, url)
        if response.status_code == 200:
            assert response.request["PATH_INFO"] == reverse("admin:login"), (actor, url)


def test_admin_of_a_district_sees_only_its_subtree_in_django_admin(placed):
    c = placed
    client = Client()
    client.force_login(c.city_admin)
    assert client.get(reverse("admin:members_member_change", args=[c.member.pk])).status_code == 200
    from tests.conftest import make_user

    client.force_login(make_user("d2_admin", c.d2, "admin"))
    listing = client.get(reverse("admin:members_member_changelist"))
    assert listing.status_code == 200 and c.member.name not in listing.content.decode()
    change = client.get(reverse("admin:members_member_change", args=[c.member.pk]), follow=True)
    assert c.member.name not in change.content.decode()  # Django admin redirects a missing object home
