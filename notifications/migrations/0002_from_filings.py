"""Carry the filings app's own notifications over into the one inbox, before filings drops them."""

from django.db import migrations

PREFIX = "【催办】"


def copy(apps, schema_editor):
    Old = apps.get_model("filings", "Notification")
    New = apps.get_model("notifications", "Notification")
    rows = Old.objects.select_related("filing").order_by("pk")
    batch = []
    for old in rows.iterator(chunk_size=2000):
        message = old.message
        if message.startswith(PREFIX):
            reason = "filing.reminder"
        elif "提交了" in message:
            reason = "filing.submitted"
        elif "退回" in message:
            reason = "filing.returned"
        else:
            reason = "filing.filed"
        batch.append(New(user_id=old.user_id, message=message, reason=reason,
                         link=f"/filings/{old.filing_id}/", org_id=old.filing.org_id,
                         about_key=f"filing:{old.filing_id}", created_at=old.created_at, read=old.read))
        if len(batch) >= 2000:
            New.objects.bulk_create(batch)
            batch = []
    New.objects.bulk_create(batch)


def copy_back(apps, schema_editor):
    Old = apps.get_model("filings", "Notification")
    New = apps.get_model("notifications", "Notification")
    Old.objects.bulk_create(
        Old(user_id=n.user_id, filing_id=int(n.about_key.split(":")[1]), message=n.message,
            created_at=n.created_at, read=n.read)
        for n in New.objects.filter(about_key__startswith="filing:").iterator(chunk_size=2000))


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("filings", "0006_delete_pdfexport"),
    ]

    operations = [migrations.RunPython(copy, copy_back)]
