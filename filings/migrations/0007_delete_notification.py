from django.db import migrations


class Migration(migrations.Migration):
    """Filing notifications now live in the notifications app (copied by its 0002)."""

    dependencies = [
        ("filings", "0006_delete_pdfexport"),
        ("notifications", "0002_from_filings"),
    ]

    operations = [migrations.DeleteModel(name="Notification")]
