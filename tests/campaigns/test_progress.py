"""Where a unit stands, derived from its own facts as of a date; the score and its reasons."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from campaigns import progress, services
from campaigns.models import PaperCopy, StaffMember, UnitDocument
from tests.campaigns.conftest import pdf

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d):
    return datetime(y, m, d, 10, tzinfo=TZ)


@pytest.fixture
def campaign(cast):
    return services.open_campaign(by=cast.d1_admin, name="基层组织建设", starts_on=date(2022, 9, 1),
                                  ends_on=date(2022, 12, 31), stages=services.seed_stages(2022))


def rows(campaign, as_of):
    return {r.org.pk: r for r in progress.unit_rows(campaign, campaign.units(), as_of)}


def test_units_are_the_owners_towns_and_departments(campaign, cast):
    assert set(campaign.units()) == {cast.t1, cast.t2}


def test_a_villages_documents_never_count_for_its_town(campaign, cast):
    services.upload_document(cast.v1, kind="candidates", upload=pdf(), by=cast.d1_admin, at=at(2022, 9, 10))
    t1 = rows(campaign, date(2022, 10, 5))[cast.t1.pk]
    assert t1.stages[0].state == "late" and t1.stages[0].days_late == 5
    assert t1.stages[0].missing == ["candidates"]


def test_stage_on_time_late_then_done_late_with_score(campaign, cast):
    services.upload_document(cast.t1, kind="candidates", upload=pdf(), by=cast.t1_staff, at=at(2022, 9, 20))
    before = rows(campaign, date(2022, 9, 19))[cast.t1.pk]
    assert before.stages[0].state == "pending" and before.stages[0].days_left == 11  # the 20th is not yet
    first = rows(campaign, date(2022, 10, 1))[cast.t1.pk].stages[0]
    assert first.state == "done" and first.days_late == 0
    # 组织实施 by 10/31: a 会长 and the election result, the later of the two on 11/9
    services.record_leader(cast.t1, by=cast.t1_staff, role="president", person_name="甲", post="副主任",
                           starts_on=date(2022, 10, 20))
    mid = rows(campaign, date(2022, 11, 3))[cast.t1.pk]
    assert mid.stages[1].state == "late" and mid.stages[1].days_late == 3
    assert mid.score == 100 - 5 - 1 and mid.reasons == ["组织实施超期 3 天：扣 5 分，另 1 周 × 1 分，共扣 6 分"]
    services.upload_document(cast.t1, kind="election", upload=pdf(), by=cast.t1_staff, at=at(2022, 11, 9))
    after = rows(campaign, date(2022, 11, 10))[cast.t1.pk]
    assert after.stages[1].state == "done_late" and after.stages[1].days_late == 9
    assert after.score == 100 - 5 - 2 and after.last_activity == date(2022, 11, 9)
    # the same facts, asked about an earlier day, answer for that day
    assert rows(campaign, date(2022, 11, 3))[cast.t1.pk].stages[1].state == "late"


def test_filing_stage_needs_the_filing_the_paper_copy_and_staff(campaign, cast, submitted_filing):
    from filings import workflow

    workflow.approve_filing(submitted_filing, by=cast.d1_reviewer)
    services.name_staff(cast.t1, by=cast.t1_staff, name="乙", post="干事", phone="13800000003",
                        starts_on=date(2022, 10, 1))
    today = date.today()
    stage = rows(campaign, today)[cast.t1.pk].stages[2]
    assert stage.missing == ["paper_copy"]
    services.record_paper_copy(cast.t1, received_on=today - timedelta(days=1), by=cast.d1_reviewer)
    stage = rows(campaign, today)[cast.t1.pk].stages[2]
    assert stage.state == "done_late" and stage.done_on == today  # filed today, long after 11/15


def test_the_rules_milestone_needs_both_plan_and_rules(campaign, cast):
    services.upload_document(cast.t2, kind="plan", upload=pdf(), by=cast.t2_staff, at=at(2022, 11, 1))
    assert rows(campaign, date(2022, 11, 20))[cast.t2.pk].stages[3].missing == ["rules"]
    services.upload_document(cast.t2, kind="rules", upload=pdf(), by=cast.t2_staff, at=at(2022, 11, 2))
    assert rows(campaign, date(2022, 11, 20))[cast.t2.pk].stages[3].state == "done"


def test_score_never_below_zero(cast):
    c = services.open_campaign(by=cast.d1_admin, name="严格", starts_on=date(2022, 1, 1), ends_on=date(2022, 1, 31),
                               stages=[{"name": "一", "due_on": date(2022, 1, 2), "milestones": ["candidates"]}],
                               deduct_per_stage=50, deduct_per_week=10)
    row = rows(c, date(2022, 6, 1))[cast.t1.pk]
    assert row.score == 0 and row.days_late == 150


def test_bad_dates_are_refused_next_to_their_field_and_nothing_saved(cast):
    from campaigns.models import Campaign

    bad = [
        (date(2022, 9, 1), date(2022, 8, 1), services.seed_stages(2022), "ends_on"),
        (date(2022, 9, 1), date(2022, 11, 20), services.seed_stages(2022), "stage_3_due_on"),  # after the end
        (date(2022, 9, 1), date(2022, 12, 31), services.seed_stages(2022)[::-1], "stage_1_due_on"),  # out of order
    ]
    for starts, ends, stages, field in bad:
        with pytest.raises(ValidationError) as exc:
            services.open_campaign(by=cast.d1_admin, name="x", starts_on=starts, ends_on=ends, stages=stages)
        assert field in exc.value.error_dict
    assert not Campaign.objects.exists()


def test_wrong_document_type_and_third_staff_refused(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as exc:
        services.upload_document(cast.t1, kind="plan", upload=SimpleUploadedFile("plan.docx", b"PK\x03\x04 word"),
                                 by=cast.t1_staff)
    assert exc.value.message_dict["upload"] == ["只能上传 PDF、JPG 或 PNG 文件。"]
    for name in ("甲", "乙"):
        services.name_staff(cast.t1, by=cast.t1_staff, name=name, post="干事", phone="13800000003",
                            starts_on=date(2022, 10, 1))
    with pytest.raises(ValidationError):
        services.name_staff(cast.t1, by=cast.t1_staff, name="丙", post="干事", phone="13800000004",
                            starts_on=date(2022, 10, 1))
    assert not UnitDocument.objects.exists() and StaffMember.objects.count() == 2


def test_a_unit_may_not_record_its_own_paper_copy(cast):
    with pytest.raises(PermissionDenied):
        services.record_paper_copy(cast.t1, received_on=date(2022, 11, 1), by=cast.t1_staff)
    assert not PaperCopy.objects.exists()


def test_new_president_ends_the_former_term(cast):
    old = services.record_leader(cast.t1, by=cast.t1_staff, role="president", person_name="甲", post="",
                                 starts_on=date(2022, 10, 1))
    services.record_leader(cast.t1, by=cast.t1_staff, role="president", person_name="乙", post="",
                           starts_on=date(2025, 10, 1))
    old.refresh_from_db()
    assert old.ends_on == date(2025, 9, 30)
    assert cast.t1.leadership_terms.count() == 2
