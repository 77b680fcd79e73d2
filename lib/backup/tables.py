"""The rows of a backup, table by table, in a form any database reads back: one JSON array per
row in the model's column order (dates as ISO text, decimals as text, bytes as Base64).

Loading writes straight into the tables — ``COPY … FROM STDIN`` on PostgreSQL, ``executemany``
elsewhere — inside the restore's one transaction; foreign keys are checked at commit (Django
declares them deferrable). Rows that point at permissions or content types are re-pointed by
natural key: those tables are not backed up, ``migrate`` makes them, with ids of its own.
"""

import base64
import json
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection
from django.utils.duration import duration_string

#: runtime-only apps, never backed up: sessions, lock-outs, the task queue, and background jobs
#: (their uploads hold ID numbers in plain text and are deleted when a job ends)
SKIP_APPS = {"contenttypes", "sessions", "admin", "axes", "django_tasks_database", "jobs"}
SKIP_MODELS = {"auth.Permission"}  # made by ``migrate``; rows pointing at them are re-pointed
#: tables a data migration fills: a freshly migrated database has these rows, the archive replaces them
MIGRATION_ROWS = {"members.DuesRule"}
#: read back by natural key, since ``migrate`` numbers them its own way
NATURAL = {
    ContentType: (lambda: ContentType.objects.all(), lambda ct: [ct.app_label, ct.model]),
    Permission: (lambda: Permission.objects.select_related("content_type"),
                 lambda p: [p.content_type.app_label, p.content_type.model, p.codename]),
}
#: column types whose JSON value PostgreSQL's COPY reads as it is (ISO dates, decimal text …)
AS_IS_ON_POSTGRES = {
    "AutoField", "BigAutoField", "SmallAutoField", "BooleanField", "CharField", "TextField", "SlugField",
    "EmailField", "URLField", "FileField", "ImageField", "FilePathField", "GenericIPAddressField",
    "IntegerField", "BigIntegerField", "SmallIntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
    "PositiveBigIntegerField", "DateField", "DateTimeField", "TimeField", "DecimalField", "UUIDField",
}


def models() -> list:
    return [m for m in apps.get_models(include_auto_created=True)
            if m._meta.app_label not in SKIP_APPS and m._meta.label not in SKIP_MODELS
            and not m._meta.proxy and m._meta.managed]


def columns(model) -> list:
    return list(model._meta.local_concrete_fields)


def plain(value):
    """``json.dumps``' fallback for the values JSON has no type for."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, timedelta):
        return duration_string(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    raise TypeError(f"cannot back up a value of type {type(value).__name__}")


def dump(model, write) -> int:
    """Write every row of ``model`` through ``write(bytes)``; returns the row count."""
    names = [f.attname for f in columns(model)]
    count = 0
    for row in model._base_manager.order_by("pk").values_list(*names).iterator(chunk_size=5000):
        write(json.dumps(row, ensure_ascii=False, default=plain, separators=(",", ":")).encode() + b"\n")
        count += 1
    return count


def natural_keys() -> dict:
    """The archive's ids of permissions and content types, by natural key."""
    return {m._meta.label: {str(obj.pk): key(obj) for obj in rows()} for m, (rows, key) in NATURAL.items()}


def _remapper(field, archived: dict):
    """For a column pointing at a permission or a content type: archive id → this database's id."""
    target = field.related_model if field.is_relation else None
    if target not in NATURAL:
        return None
    rows, key = NATURAL[target]
    here = {tuple(key(obj)): obj.pk for obj in rows()}
    mapping = {}
    for old, key in archived.get(target._meta.label, {}).items():
        if tuple(key) in here:
            mapping[int(old)] = here[tuple(key)]

    def remap(value):
        if value is None:
            return None
        if value not in mapping:
            raise LookupError(f"{target._meta.label} {value}")
        return mapping[value]
    return remap


def _converter(field, remap):
    """JSON value → what the database driver takes for ``field``."""
    if remap is not None:
        return remap
    kind = field.get_internal_type()
    target = field.target_field if field.is_relation else field
    if kind == "JSONField":
        return lambda v: None if v is None else json.dumps(v, ensure_ascii=False)
    if connection.vendor == "postgresql" and target.get_internal_type() in AS_IS_ON_POSTGRES:
        return None
    return lambda v: None if v is None else target.get_db_prep_save(target.to_python(v), connection)


def load(model, lines, archived_keys: dict) -> int:
    """Insert the rows read from ``lines`` (bytes, one JSON array each); returns the count."""
    fields = columns(model)
    convert = [_converter(f, _remapper(f, archived_keys)) for f in fields]
    pairs = [(i, c) for i, c in enumerate(convert) if c is not None]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(f.column) for f in fields)

    read = 0

    def rows():
        nonlocal read
        for line in lines:
            row = json.loads(line)
            for i, c in pairs:
                row[i] = c(row[i])
            read += 1
            yield row

    with connection.cursor() as cursor, connection.wrap_database_errors:  # the driver's errors as Django's
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows():
                    copy.write_row(row)
        else:
            sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"
            batch = []
            for row in rows():
                batch.append(row)
                if len(batch) == 5000:
                    cursor.executemany(sql, batch)
                    batch.clear()
            if batch:
                cursor.executemany(sql, batch)
    return read


def count(model) -> int:
    return model._base_manager.count()


def clear(tables: list) -> None:
    """Empty ``tables`` (and what points at them) inside the current transaction."""
    statements = connection.ops.sql_flush(no_style(), [m._meta.db_table for m in tables], allow_cascade=True)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def reset_sequences(tables: list) -> None:
    """After rows were written with their ids, PostgreSQL's sequences move past them."""
    statements = connection.ops.sequence_reset_sql(no_style(), tables)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
