"""The last four characters of every volunteer's sealed ID number (the column is 0011's), the way
members 0005 fills members'. Not atomic: tails are filled batch by batch, each committed; a rerun
after an interruption fills only the rows still without a tail. The cipher is frozen here rather
than imported from lib.pii, so that what this migration does cannot change when that module does."""

import base64
import functools
import itertools
import unicodedata

from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import migrations, transaction
from django.db.models import Q

BATCH = 2000
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def _normalize(value: str) -> str:
    value = unicodedata.normalize("NFKC", value or "")
    value = "".join(ch for ch in value if not ch.isspace() and unicodedata.category(ch) != "Cf").upper()
    if len(value) == 15 and value.isascii() and value.isdigit():
        first17 = value[:6] + "19" + value[6:]
        value = first17 + ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]
    return value


@functools.cache
def _derive(purpose: bytes, secret: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"redcross-portal-pii", info=purpose).derive(secret.encode())


def _fernet() -> MultiFernet:
    keys = [k.strip().encode() for k in (getattr(settings, "PII_ENCRYPTION_KEY", "") or "").split(",") if k.strip()]
    keys = keys or [base64.urlsafe_b64encode(_derive(b"fernet", settings.SECRET_KEY))]
    return MultiFernet([Fernet(k) for k in keys])


def _write(connection, statement, values):
    """One batch, one transaction (tests break in here to interrupt a run)."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(statement, [list(column) for column in zip(*values, strict=True)])
        else:
            cursor.executemany(statement, values)


def fill_tails(apps, schema_editor):
    """Erased rows (no number) keep "". In autocommit the server-side cursor is declared WITH HOLD,
    so it outlives each batch's commit."""
    connection, fernet = schema_editor.connection, _fernet()
    Volunteer = apps.get_model("volunteers", "Volunteer")
    qn = connection.ops.quote_name
    table, pk, tail = qn(Volunteer._meta.db_table), qn(Volunteer._meta.pk.column), qn("id_tail")
    if connection.vendor == "postgresql":
        # one UPDATE per batch from arrays: a statement per row costs the server more than the crypto
        statement = (f"UPDATE {table} SET {tail} = v.tail FROM unnest(%s::text[], %s::bigint[]) AS v(tail, id) "
                     f"WHERE {table}.{pk} = v.id")
    else:
        statement = f"UPDATE {table} SET {tail} = %s WHERE {pk} = %s"
    todo = Volunteer._base_manager.filter(~Q(id_number="") & Q(id_tail="")).order_by()
    for batch in itertools.batched(todo.values_list("pk", "id_number").iterator(chunk_size=BATCH), BATCH):
        _write(connection, statement,
               [(_normalize(fernet.decrypt(sealed.encode()).decode())[-4:], pk) for pk, sealed in batch])


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("volunteers", "0012_activity_moves_to_grassroots")]
    operations = [migrations.RunPython(fill_tails, migrations.RunPython.noop)]
