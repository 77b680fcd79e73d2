import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from filings import workflow
from filings.models import Event, Filing, Review, Status
from notifications.models import Notification
from orgs.models import OrgStatus


def test_new_filing_is_prefilled_from_the_org(cast):
    filing = workflow.start_filing(cast.t1, by=cast.t1_staff)
    assert (filing.name, filing.category, filing.headcount, filing.status) == (
        "莲花街道红十字会",
        "town",
        5000,
        "draft",
    )


def test_submit_refuses_missing_fields_and_attachments(cast):
    filing = workflow.start_filing(cast.t1, by=cast.t1_staff)
    with pytest.raises(ValidationError) as exc:
        workflow.submit_filing(filing, by=cast.t1_staff)
    assert "选举结果（正式文件）" in str(exc.value) and "基层组织负责人" in str(exc.value)
    assert Filing.objects.get(pk=filing.pk).status == Status.DRAFT
    assert not Event.objects.exists()


def test_full_cycle_return_resubmit_approve(submitted_filing, cast, django_capture_on_commit_callbacks):
    cast.d1_reviewer.email = "rev@example.com"
    assert (
        Notification.objects.filter(user=cast.d1_reviewer).exists() is False
    )  # on_commit not run in test tx
    with django_capture_on_commit_callbacks(execute=True):
        filing = workflow.return_filing(
            submitted_filing,
            by=cast.d1_reviewer,
            comment="请补充概况",
            field_comments={"host_profile": "太简略"},
        )
    assert filing.status == Status.RETURNED
    assert Notification.objects.filter(user=cast.t1_staff, message__contains="退回").exists()
    filing = workflow.save_filing(filing, by=cast.t1_staff, host_profile="更详细的概况。")
    assert workflow.changes_since_return(filing) == {
        "host_profile": ("莲花街道位于城区东部，下辖若干社区。", "更详细的概况。")
    }
    workflow.submit_filing(filing, by=cast.t1_staff)
    with django_capture_on_commit_callbacks(execute=True):
        filing = workflow.approve_filing(filing, by=cast.d1_reviewer)
    assert filing.status == Status.FILED and filing.number
    assert "雁江区红十字会" in filing.record_opinion and filing.record_sealed_on
    cast.t1.refresh_from_db()
    assert cast.t1.status == OrgStatus.FILED and cast.t1.founded_on == filing.founded_on
    assert [e.to_status for e in filing.events.all()] == ["submitted", "returned", "submitted", "filed"]
    assert Notification.objects.filter(user=cast.t1_staff, message__contains="已备案").exists()


def test_email_sent_on_submit(complete_filing, cast, django_capture_on_commit_callbacks):
    cast.d1_reviewer.email = "rev@example.com"
    cast.d1_reviewer.save()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit_filing(complete_filing, by=cast.t1_staff)
    assert mail.outbox and mail.outbox[0].to == ["rev@example.com"]


def test_filed_filing_cannot_move_or_be_edited(submitted_filing, cast):
    filing = workflow.approve_filing(submitted_filing, by=cast.d1_reviewer)
    for act in (
        lambda: workflow.return_filing(filing, by=cast.d1_reviewer, comment="x"),
        lambda: workflow.approve_filing(filing, by=cast.d1_reviewer),
        lambda: workflow.save_filing(filing, by=cast.t1_staff, name="改名"),
    ):
        with pytest.raises(workflow.IllegalMove):
            act()
    assert Filing.objects.get(pk=filing.pk).name == "莲花街道红十字会"
    assert filing.events.count() == 2  # submitted, filed — the refused moves wrote nothing


def test_staff_cannot_review_and_other_district_cannot_see(submitted_filing, cast):
    with pytest.raises(PermissionDenied):
        workflow.approve_filing(submitted_filing, by=cast.t1_staff)
    with pytest.raises(Http404):
        workflow.approve_filing(submitted_filing, by=cast.d2_reviewer)
    with pytest.raises(Http404):
        workflow.submit_filing(submitted_filing, by=cast.t2_staff)


def test_withdraw_returns_to_draft(submitted_filing, cast):
    filing = workflow.withdraw_filing(submitted_filing, by=cast.t1_staff)
    assert filing.status == Status.DRAFT


def test_return_needs_a_comment(submitted_filing, cast):
    with pytest.raises(ValidationError):
        workflow.return_filing(submitted_filing, by=cast.d1_reviewer, comment=" ")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_stamp_once(cast, seals):
    from filings import uploads
    from tests.filings.conftest import VALUES, pdf_upload

    filing = workflow.start_filing(cast.t1, by=cast.t1_staff)
    filing = workflow.save_filing(filing, by=cast.t1_staff, **VALUES)
    uploads.add_attachment(filing, kind="election", upload=pdf_upload(), by=cast.t1_staff)
    uploads.add_attachment(filing, kind="signed_scan", upload=pdf_upload(), by=cast.t1_staff)
    workflow.submit_filing(filing, by=cast.t1_staff)
    results, barrier = [], threading.Barrier(8)

    def approve():
        from django.db import connections

        try:
            barrier.wait()
            workflow.approve_filing(Filing.objects.get(pk=filing.pk), by=cast.d1_reviewer)
            results.append("ok")
        except ValidationError:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1 and results.count("refused") == 7
    assert Event.objects.filter(filing=filing, to_status="filed").count() == 1
    assert Review.objects.filter(filing=filing, decision="approve").count() == 1
