"""``manage.py load_demo``: the demo region is alive — every state a user meets exists, made
through the apps' services — with fictional people only, and loading it twice changes nothing."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import IntegerField, Max
from django.utils import timezone

from filings.models import Decision, Filing, Seal
from members.models import Application, DuesPayment, Honour, Kind, Member, Transfer
from orgs.models import LeadershipTerm, Organization, User
from reports.models import Target, YearEndReport
from reports.statistics import survey
from volunteers.models import (
    Activity,
    FirstAidCertificate,
    ServiceRecord,
    ServiceTeam,
    StarAward,
    TeamMembership,
    Volunteer,
)

pytestmark = pytest.mark.django_db
#: the seeds sit beside the checkout (../shared/seeds, DESIGN.md); found by looking upwards
SEEDS = next(p / "shared" / "seeds" for p in Path(__file__).resolve().parents if (p / "shared" / "seeds").is_dir())


def _snapshot() -> dict[str, tuple]:
    """Every table's row count and highest key (where keys are numbers): a second load that wrote
    anything changes one."""
    def top(model):
        numbered = isinstance(model._meta.pk, IntegerField)
        return model._default_manager.aggregate(top=Max("pk"))["top"] if numbered else None

    return {model._meta.label: (model._default_manager.count(), top(model)) for model in apps.get_models()}


def test_the_demo_region_is_alive_and_loading_it_twice_changes_nothing(django_capture_on_commit_callbacks):
    """One load (it takes seconds) serves every check."""
    with django_capture_on_commit_callbacks(execute=True):  # the notifications are sent on commit
        call_command("load_demo", verbosity=0)
    demo = Organization.objects.get(name="雁江区红十字会")
    _filings_in_every_state_with_comments_seal_and_pdf(demo)
    _members_of_every_kind_with_dues_transfers_applications_and_honours(demo)
    _volunteers_with_teams_hours_activities_stars_and_certificates(demo)
    _statistics_and_year_end_report_show_real_figures(demo)
    _notices_with_receipts_in_every_state(demo)
    _people_are_fictional()
    _campaign_with_units_in_every_situation(demo)
    _filed_pdfs_are_signed_and_the_api_has_an_account(demo)
    _relief_in_every_state(demo)
    _training_classes_in_every_state(demo)
    before = _snapshot()
    call_command("load_demo", verbosity=0)
    assert _snapshot() == before


def _notices_with_receipts_in_every_state(demo):
    from notices.models import Notice, Receipt

    assert set(Notice.objects.filter(publisher=demo).values_list("kind", flat=True)) == {"notice", "bulletin", "prompt"}
    assert Notice.objects.filter(withdrawn_at__isnull=False).exists()
    states = {r.state for r in Receipt.objects.filter(notice__reply_required=True)}
    assert states == {"未读", "已读", "已回执"}
    assert Receipt.objects.exclude(reply_file="").exists() and Notice.objects.filter(attachments__isnull=False).exists()
    from notices.models import YearEndReturn

    assert YearEndReturn.objects.filter(org=demo, comment__contains="请核对").exists()


def _campaign_with_units_in_every_situation(demo):
    from campaigns import progress
    from campaigns.models import Campaign

    campaign = Campaign.objects.get(org=demo)
    assert [s.name for s in campaign.stages.all()] == ["宣传发动", "组织实施", "备案", "建章立制"]
    assert {s.due_on.year for s in campaign.stages.all()} == {campaign.starts_on.year}
    rows = progress.unit_rows(campaign, campaign.units(), timezone.localdate())
    states = {s.state for r in rows for s in r.stages}
    assert {"done", "late", "done_late"} <= states
    assert len({r.score for r in rows}) >= 3 and min(r.score for r in rows) < 100
    from notifications.models import Notification

    # every late unit with an account has the daily reminder in its inbox
    late = {r.org.pk for r in rows if r.late_now and User.objects.filter(org=r.org).exists()}
    assert late and late <= set(Notification.objects.filter(reason="campaign.reminder").values_list("org", flat=True))
    assert Notification.objects.filter(reason="campaign.escalation", user__org=demo).exists()
    parts = Target.objects.exclude(org=demo)  # seed 001 持证救护员, split among the towns
    assert sum(parts.values_list("value", flat=True)) == 4600 and parts.count() == 5


def _filed_pdfs_are_signed_and_the_api_has_an_account(demo):
    from api.models import IntegrationAccount
    from filings import stamping
    from signing import pdfsign
    from signing.models import SigningCertificate

    for filing in Filing.objects.filter(status="filed", record_body=demo):
        [finding] = pdfsign.verify(stamping.pdf_of_record(filing))
        assert finding.valid and finding.certificate.org == demo
    certificates = SigningCertificate.objects.filter(org=demo)
    assert certificates.filter(revoked_at__isnull=False).count() == 1
    assert certificates.filter(revoked_at__isnull=True).count() == 1
    account = IntegrationAccount.objects.get()
    assert account.is_active and account.org.name == "资阳市红十字会" and len(account.token_hash) == 64
    from notices.models import Objection

    assert set(Objection.objects.values_list("decision", flat=True)) == {"", "released"}
    from notices.models import WorkPaper

    assert set(WorkPaper.objects.values_list("status", flat=True)) == {"submitted", "returned"}


def _filings_in_every_state_with_comments_seal_and_pdf(demo):
    assert set(Filing.objects.values_list("status", flat=True)) == {"draft", "submitted", "returned", "filed"}
    returned = Filing.objects.get(status="returned")
    review = returned.reviews.get(decision=Decision.RETURN)
    assert review.comment and len(review.field_comments) >= 2
    seal = Seal.objects.get(org=demo)
    assert seal.image.open("rb").read(8) == b"\x89PNG\r\n\x1a\n"
    for filing in Filing.objects.filter(status="filed"):
        assert filing.record_body == demo and filing.number and filing.org.status == "filed"
        assert filing.stamped_pdf.open("rb").read(5) == b"%PDF-" and len(filing.pdf_sha256) == 64
    assert Filing.objects.filter(status="submitted").exclude(org__path__startswith=demo.path).exists()


def _members_of_every_kind_with_dues_transfers_applications_and_honours(demo):
    in_district = Member.objects.filter(org__path__startswith=demo.path)
    assert in_district.count() >= 300
    assert {k: in_district.filter(kind=k).exists() for k in Kind.values} == dict.fromkeys(Kind.values, True)
    assert DuesPayment.objects.count() > in_district.count()
    lapsed = Member.objects.with_status("lapsed").filter(org__path__startswith=demo.path)
    assert lapsed.exists() and in_district.filter(status="left").exists()
    assert set(Transfer.objects.values_list("state", flat=True)) == {"accepted", "pending"}
    assert set(Application.objects.values_list("state", flat=True)) == {"pending", "approved", "rejected"}
    assert Honour.objects.filter(kind="star").exists() and Honour.objects.filter(kind="red_list").exists()


def _volunteers_with_teams_hours_activities_stars_and_certificates(demo):
    assert Volunteer.objects.count() >= 100 and Volunteer.objects.exclude(member=None).exists()
    assert ServiceTeam.objects.filter(specialty="rescue").exists() and TeamMembership.objects.count() >= 40
    assert set(ServiceRecord.objects.values_list("status", flat=True)) == {"approved", "pending", "rejected"}
    assert Activity.objects.filter(type="first_aid_training", certified_first_aiders__gt=0).exists()
    today = timezone.localdate()
    awards = StarAward.objects.all()
    assert any(a.effective_on <= today for a in awards) and any(a.effective_on > today for a in awards)
    certificates = FirstAidCertificate.objects.all()
    assert certificates.filter(expires_on__gt=today).count() > certificates.filter(
        expires_on__lte=today + timezone.timedelta(days=90)).count() > 0
    volunteer_account = User.objects.get(username="lianhua_volunteer")
    assert volunteer_account.role == "volunteer" and ServiceRecord.objects.filter(entered_by=volunteer_account)


def _statistics_and_year_end_report_show_real_figures(demo):
    figures = survey(demo, timezone.localdate())
    assert all(figures[item] > 0 for item in range(8, 15)), figures
    assert YearEndReport.objects.filter(org=demo, year=timezone.localdate().year - 1).exists()
    assert Target.objects.filter(org=demo).count() == 5


def _people_are_fictional():
    """No name or phone number of the seeds: every name is drawn by the generator (three-character
    names are checked; two characters are too often an ordinary word of the seeds' prose)."""
    seeds = "".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt"))
    assert len(seeds) > 10_000
    phones = set(re.findall(r"1[3-9]\d{9}", seeds))
    names = set(Member.objects.exclude(kind="group").values_list("name", flat=True))
    names |= set(Volunteer.objects.values_list("name", flat=True))
    names |= set(User.objects.values_list("full_name", flat=True))
    names |= set(LeadershipTerm.objects.values_list("person_name", flat=True))
    names |= set(Organization.objects.exclude(unit_head="").values_list("unit_head", flat=True))
    names |= set(Filing.objects.values_list("leader_name", flat=True))
    assert len(names) > 400
    assert [n for n in names if len(n) >= 3 and n in seeds] == []
    stored = {*Member.objects.values_list("phone", flat=True), *Volunteer.objects.values_list("phone", flat=True)}
    assert stored and not stored & phones


def _training_classes_in_every_state(demo):
    from datetime import timedelta

    from training.models import Certificate, ClassKind, Enrollment, TrainingClass

    classes = TrainingClass.objects.filter(org__path__startswith=demo.path)
    assert set(classes.values_list("kind", flat=True)) == set(ClassKind.values)
    seats = Enrollment.objects.filter(training_class__in=classes)
    assert {s.passed for s in seats} == {True, False, None}  # passed, failed, no result yet
    today = timezone.localdate()
    assert seats.filter(attended=False, training_class__ends_on__lt=today).exists()
    held = {c.expires_on < today for c in Certificate.objects.filter(issuer__path__startswith=demo.path)}
    assert held == {True, False}  # lapsed and valid
    assert Certificate.objects.filter(expires_on__gte=today, expires_on__lte=today + timedelta(days=60)).exists()


def _relief_in_every_state(demo):
    from django.test import Client
    from django.urls import reverse

    from relief import stock
    from relief.models import Distribution, Donation, Project, Release, Transfer, Warehouse

    assert set(Transfer.objects.values_list("status", flat=True)) == {
        "requested", "approved", "in_transit", "received", "rejected"}
    depot = Warehouse.objects.get(org=demo)
    assert stock.below_minimum(depot) and stock.expiring(depot)
    assert Donation.objects.filter(voided_at__isnull=False).exclude(void_reason="").exists()
    assert Donation.objects.filter(anonymous=True).exists() and Donation.objects.filter(uses__isnull=False).exists()
    release = Release.objects.get(org=demo)
    page = Client().get(reverse("disclosure:month", args=[demo.pk, release.year, release.month])).content.decode()
    assert "爱心人士" in page and "调拨莲花街道红十字会" in page
    assert set(Project.objects.values_list("status", flat=True)) == {"applied", "implementing", "acceptance",
                                                                      "completed"}
    assert Distribution.objects.filter(money__gt=0).exists() and Distribution.objects.filter(project__isnull=False)
