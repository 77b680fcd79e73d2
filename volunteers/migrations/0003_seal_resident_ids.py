"""Encrypt the resident IDs still stored in plain text and recompute their blind index the way
members do. Reversible.

Frozen and resumable the same way as members 0004 (whose notes apply): the cipher and key
derivation live here, not in lib.pii; rows stream through a server-side cursor and every batch
commits on its own; a rerun skips values that already carry the Fernet prefix."""

import base64
import functools
import hashlib
import hmac
import itertools
import unicodedata

from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import migrations, transaction
from django.db.models import Q

BATCH = 2000
#: version byte 0x80 and the high bytes of the timestamp: every token ours starts this way, an ID never
TOKEN_PREFIX = "gAAAAA"
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


def _hash_key() -> bytes:
    key = getattr(settings, "PII_HASH_KEY", "") or ""
    return key.encode() if key else _derive(b"blind-index", settings.SECRET_KEY)


def _legacy_hash_key() -> bytes:
    key = (getattr(settings, "PII_HASH_KEY", "") or "").encode()
    return key or hashlib.sha256(b"pii-hash:" + settings.SECRET_KEY.encode()).digest()


def _write(connection, statement, values):
    """One batch, one transaction (tests break in here to interrupt a run)."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(statement, [list(column) for column in zip(*values, strict=True)])
        else:
            cursor.executemany(statement, values)


def reseal(connection, model, todo, source, columns, convert):
    """Set ``columns`` to ``convert(source)`` on the rows matching ``todo``, batch by batch. In
    autocommit the server-side cursor is declared WITH HOLD, so it outlives each batch's commit."""
    qn = connection.ops.quote_name
    table, pk = qn(model._meta.db_table), qn(model._meta.pk.column)
    names = [qn(model._meta.get_field(c).column) for c in columns]
    if connection.vendor == "postgresql":
        # one UPDATE per batch from arrays: a statement per row costs the server more than the crypto
        arrays = ", ".join(["%s::text[]"] * len(names))
        statement = (f"UPDATE {table} SET {', '.join(f'{n} = v.{n}' for n in names)} "
                     f"FROM unnest({arrays}, %s::bigint[]) AS v({', '.join(names)}, {pk}) WHERE {table}.{pk} = v.{pk}")
    else:
        statement = f"UPDATE {table} SET {', '.join(f'{n} = %s' for n in names)} WHERE {pk} = %s"
    rows = model._base_manager.filter(todo).order_by().values_list("pk", source).iterator(chunk_size=BATCH)
    done = 0
    for batch in itertools.batched(rows, BATCH):
        _write(connection, statement, [(*convert(value), pk) for pk, value in batch])
        done += len(batch)
    return done


def seal(apps, schema_editor):
    fernet, key = _fernet(), _hash_key()

    def convert(plain):
        plain = _normalize(plain)
        return fernet.encrypt(plain.encode()).decode(), hmac.new(key, plain.encode(), hashlib.sha256).hexdigest()

    Volunteer = apps.get_model("volunteers", "Volunteer")
    todo = ~Q(resident_id="") & ~Q(resident_id__startswith=TOKEN_PREFIX)
    reseal(schema_editor.connection, Volunteer, todo, "resident_id", ["resident_id", "resident_id_hash"], convert)


def unseal(apps, schema_editor):
    fernet, key = _fernet(), _legacy_hash_key()

    def convert(stored):
        plain = fernet.decrypt(stored.encode()).decode()
        return plain, hmac.new(key, plain.upper().encode(), hashlib.sha256).hexdigest()

    Volunteer = apps.get_model("volunteers", "Volunteer")
    todo = Q(resident_id__startswith=TOKEN_PREFIX)
    reseal(schema_editor.connection, Volunteer, todo, "resident_id", ["resident_id", "resident_id_hash"], convert)


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("volunteers", "0002_pii_sealed_ids_history")]
    operations = [migrations.RunPython(seal, unseal)]
