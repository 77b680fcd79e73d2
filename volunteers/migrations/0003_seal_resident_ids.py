"""Encrypt the resident IDs already stored in plain text and recompute their blind index with the
one function members use too (lib.pii.id_hash). Reversible."""

import hashlib
import hmac

from django.conf import settings
from django.db import migrations

BATCH = 1000


def _legacy_hash(value: str) -> str:
    key = (getattr(settings, "PII_HASH_KEY", "") or "").encode() or hashlib.sha256(
        b"pii-hash:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, value.upper().encode(), hashlib.sha256).hexdigest()


def _convert(apps, convert):
    Volunteer = apps.get_model("volunteers", "Volunteer")
    rows = []
    for row in Volunteer.objects.only("pk", "resident_id", "resident_id_hash").iterator(chunk_size=BATCH):
        if convert(row):
            rows.append(row)
        if len(rows) == BATCH:
            Volunteer.objects.bulk_update(rows, ["resident_id", "resident_id_hash"])
            rows = []
    Volunteer.objects.bulk_update(rows, ["resident_id", "resident_id_hash"])


def seal(apps, schema_editor):
    from lib import pii

    def convert(row):
        if not row.resident_id or pii.is_sealed(row.resident_id):
            return False
        plain = row.resident_id
        row.resident_id, row.resident_id_hash = pii.seal(plain), pii.id_hash(plain)
        return True

    _convert(apps, convert)


def unseal(apps, schema_editor):
    from lib import pii

    def convert(row):
        if not row.resident_id or not pii.is_sealed(row.resident_id):
            return False
        plain = pii.unseal(row.resident_id)
        row.resident_id, row.resident_id_hash = plain, _legacy_hash(plain)
        return True

    _convert(apps, convert)


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0002_pii_sealed_ids_history")]
    operations = [migrations.RunPython(seal, unseal)]
