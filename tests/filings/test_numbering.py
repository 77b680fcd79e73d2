"""备案编号: unique per body and year, never reused — not "count of filed + 1"."""

import threading

import pytest

from filings import uploads, workflow
from filings.models import Filing
from tests.filings.conftest import VALUES, pdf_upload


def _submitted(org, staff):
    filing = workflow.start_filing(org, by=staff)
    filing = workflow.save_filing(filing, by=staff, **{**VALUES, "name": org.name})
    uploads.add_attachment(filing, kind="election", upload=pdf_upload(), by=staff)
    uploads.add_attachment(filing, kind="signed_scan", upload=pdf_upload("scan.pdf"), by=staff)
    return workflow.submit_filing(filing, by=staff)


@pytest.mark.django_db
def test_numbers_follow_each_other_and_are_not_reused_after_a_deletion(cast, seals):
    first = workflow.approve_filing(_submitted(cast.t1, cast.t1_staff), by=cast.d1_reviewer)
    second = workflow.approve_filing(_submitted(cast.t2, cast.t2_staff), by=cast.d1_reviewer)
    year = first.filed_at.astimezone().year
    assert first.number == f"{cast.d1.pk:04d}-{year}-0001"
    assert second.number == f"{cast.d1.pk:04d}-{year}-0002"

    Filing.objects.filter(pk=second.pk).delete()  # e.g. an operator removes a mistaken filing
    third = workflow.approve_filing(_submitted(cast.v1, cast.t1_staff), by=cast.d1_reviewer)

    # "count + 1" would have given 0002 again
    assert third.number == f"{cast.d1.pk:04d}-{year}-0003"


@pytest.mark.django_db
def test_another_body_counts_on_its_own(cast, seals):
    mine = workflow.approve_filing(_submitted(cast.t1, cast.t1_staff), by=cast.d1_reviewer)
    theirs = workflow.approve_filing(_submitted(cast.t3, cast.t3_staff), by=cast.d2_reviewer)
    assert mine.number.endswith("-0001") and theirs.number.endswith("-0001")
    assert mine.number != theirs.number


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_of_different_filings_get_different_numbers(cast, seals):
    filings = [_submitted(cast.t1, cast.t1_staff), _submitted(cast.t2, cast.t2_staff),
               _submitted(cast.v1, cast.t1_staff)]
    barrier, errors = threading.Barrier(len(filings)), []

    def approve(filing):
        from django.db import connections

        try:
            barrier.wait()
            workflow.approve_filing(Filing.objects.get(pk=filing.pk), by=cast.d1_reviewer)
        except Exception as exc:  # noqa: BLE001 — collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(f,)) for f in filings]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(Filing.objects.values_list("number", flat=True))
    assert [n[-4:] for n in numbers] == ["0001", "0002", "0003"]
