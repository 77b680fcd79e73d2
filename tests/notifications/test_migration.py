"""The filings app's own notifications are carried into the one inbox, and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("filings", "0006_delete_pdfexport"), ("notifications", "0001_initial")]
AFTER = [("filings", "0007_delete_notification")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_filing_notifications_move_to_the_inbox_and_back(cast):
    old = migrate(BEFORE)
    try:
        filing = old.get_model("filings", "Filing").objects.create(org_id=cast.t1.pk, name="莲花街道红十字会")
        Old = old.get_model("filings", "Notification")
        reviewer = cast.d1_reviewer.pk
        Old.objects.create(user_id=reviewer, filing=filing, message="莲花街道红十字会 提交了备案表，请审核。")
        Old.objects.create(user_id=reviewer, filing=filing, message="【催办】莲花街道红十字会 的备案表已等待",
                           read=True)
        new = migrate(AFTER)
        rows = {n.reason: n for n in new.get_model("notifications", "Notification").objects.all()}
        assert set(rows) == {"filing.submitted", "filing.reminder"}
        assert rows["filing.reminder"].read and not rows["filing.submitted"].read
        assert rows["filing.submitted"].link == f"/filings/{filing.pk}/"
        assert rows["filing.submitted"].about_key == f"filing:{filing.pk}"
        assert rows["filing.submitted"].org_id == cast.t1.pk and rows["filing.submitted"].user_id == cast.d1_reviewer.pk
        back = migrate(BEFORE)
        assert back.get_model("filings", "Notification").objects.filter(filing_id=filing.pk).count() == 2
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
