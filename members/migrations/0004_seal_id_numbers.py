"""Encrypt the ID numbers already stored in plain text and move their blind index to the shared key
(lib.pii). Reversible: the reverse writes plain text and the old index back."""

import hashlib
import hmac

from django.conf import settings
from django.db import migrations

BATCH = 1000


def _legacy_hash(value: str) -> str:
    key = (getattr(settings, "PII_HASH_KEY", "") or "").encode() or hashlib.sha256(
        b"pii-blind-index:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def _convert(model, convert):
    rows = []
    for row in model.objects.exclude(id_number="").only("pk", "id_number", "id_hash").iterator(chunk_size=BATCH):
        if convert(row):
            rows.append(row)
        if len(rows) == BATCH:
            model.objects.bulk_update(rows, ["id_number", "id_hash"])
            rows = []
    model.objects.bulk_update(rows, ["id_number", "id_hash"])


def seal(apps, schema_editor):
    from lib import pii

    def convert(row):
        if pii.is_sealed(row.id_number):
            return False
        plain = row.id_number
        row.id_number, row.id_hash = pii.seal(plain), pii.id_hash(plain)
        return True

    for name in ("Member", "Application"):
        _convert(apps.get_model("members", name), convert)


def unseal(apps, schema_editor):
    from lib import pii

    def convert(row):
        if not pii.is_sealed(row.id_number):
            return False
        plain = pii.unseal(row.id_number)
        row.id_number, row.id_hash = plain, _legacy_hash(plain)
        return True

    for name in ("Member", "Application"):
        _convert(apps.get_model("members", name), convert)


class Migration(migrations.Migration):
    dependencies = [("members", "0003_pii_sealed_ids_history")]
    operations = [migrations.RunPython(seal, unseal)]
