"""A filing is never submitted without its required attachments: submitting and removing an
attachment take the same lock on the filing, and both decide inside it."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from filings import uploads, workflow
from filings.models import Attachment, Filing, Status


def test_an_attachment_of_a_submitted_filing_cannot_be_removed(complete_filing, cast, login):
    election = Attachment.objects.select_related("filing").get(filing=complete_filing, kind="election")
    workflow.submit_filing(complete_filing, by=cast.t1_staff)  # after the attachment was looked up
    with pytest.raises(ValidationError) as exc:
        uploads.remove_attachment(election, by=cast.t1_staff)
    assert "不能删除附件" in str(exc.value)
    assert Attachment.objects.filter(pk=election.pk).exists()
    response = login(cast.t1_staff).post(reverse("filings:attachment_delete", args=[election.pk]), follow=True)
    assert "不能删除附件" in response.content.decode() and Attachment.objects.filter(pk=election.pk).exists()


def test_an_attachment_of_a_returned_filing_can_be_removed(submitted_filing, cast):
    workflow.return_filing(submitted_filing, by=cast.d1_reviewer, comment="请换一份选举结果")
    election = Attachment.objects.get(filing=submitted_filing, kind="election")
    uploads.remove_attachment(election, by=cast.t1_staff)
    assert not Attachment.objects.filter(pk=election.pk).exists()


def _lock_waiters() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # inside a transaction the view is cached
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                       "AND datname = current_database()")
        return cursor.fetchone()[0]


def _wait_for(condition, seconds=10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_submit_and_delete_sent_at_the_same_moment_never_file_without_the_election_results(complete_filing, cast):
    """The deletion request has read the filing (a draft) and is about to delete the attachment
    when the submit request arrives. The test holds the attachment's row for a moment so that
    both requests are in flight together, then lets them finish in whatever order they get."""
    election = Attachment.objects.get(filing=complete_filing, kind="election")
    answers = {}

    def post(name, url):
        client = Client()
        client.force_login(cast.t1_staff)
        try:
            answers[name] = client.post(url, follow=True).content.decode()
        finally:
            connections.close_all()

    delete = threading.Thread(target=post, args=("delete", reverse("filings:attachment_delete", args=[election.pk])))
    submit = threading.Thread(target=post, args=("submit", reverse("filings:submit", args=[complete_filing.pk])))
    with transaction.atomic():
        Attachment.objects.select_for_update().get(pk=election.pk)
        delete.start()
        assert _wait_for(lambda: _lock_waiters() == 1)  # the deletion waits for the attachment row
        submit.start()
        _wait_for(lambda: not submit.is_alive() or _lock_waiters() == 2, seconds=5)
    delete.join(30)
    submit.join(30)
    filing = Filing.objects.get(pk=complete_filing.pk)
    has_election = Attachment.objects.filter(filing=filing, kind="election").exists()
    assert filing.status == Status.DRAFT or has_election, "submitted without 选举结果"
    assert filing.status == Status.DRAFT and not has_election  # the deletion came first; the submit saw it
    assert "还缺少：选举结果（正式文件）" in answers["submit"]
