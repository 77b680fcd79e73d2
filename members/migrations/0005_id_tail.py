"""The last four characters of every sealed ID number, for the member list's search.

Not atomic, like 0004: tails are filled batch by batch, each committed. A rerun after an interruption
finds the column and index already there (the two steps below skip what exists) and fills only the
rows still without a tail. The cipher is frozen here rather than imported from lib.pii (see 0004)."""

import base64
import functools
import itertools
import unicodedata

from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import migrations, models, transaction
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


def fill_tails(apps, schema_editor):
    fernet = _fernet()

    def convert(stored):
        return (_normalize(fernet.decrypt(stored.encode()).decode())[-4:],)

    Member = apps.get_model("members", "Member")
    reseal(schema_editor.connection, Member, ~Q(id_number="") & Q(id_tail=""), "id_number", ["id_tail"], convert)


def _existing(schema_editor, table):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, table)}
        return columns | set(connection.introspection.get_constraints(cursor, table))


class AddFieldOnce(migrations.AddField):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        column = model._meta.get_field(self.name).column
        if column not in _existing(schema_editor, model._meta.db_table):
            super().database_forwards(app_label, schema_editor, from_state, to_state)


class AddIndexOnce(migrations.AddIndex):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.index.name not in _existing(schema_editor, model._meta.db_table):
            super().database_forwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('members', '0004_seal_id_numbers'),
        ('orgs', '0004_history'),
    ]

    operations = [
        AddFieldOnce(
            model_name='member',
            name='id_tail',
            field=models.CharField(blank=True, editable=False, max_length=4, verbose_name='身份证号码末四位'),
        ),
        AddIndexOnce(
            model_name='member',
            index=models.Index(fields=['id_tail'], name='members_mem_id_tail_b8fb46_idx'),
        ),
        migrations.RunPython(fill_tails, migrations.RunPython.noop),
    ]
