"""Bulk loading for generated data: COPY through psycopg 3 on PostgreSQL, ``bulk_create`` in
batches elsewhere (SQLite). Rows are tuples in a declared column order with their primary keys
assigned by the caller, so related rows can point at them before anything is written."""

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max

BATCH = 50_000


class Table:
    def __init__(self, loader: "Loader", model, columns: list[str]):
        self.loader, self.model, self.columns = loader, model, columns
        self.rows: list[tuple] = []
        self.count = 0
        self.next_pk = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    def take_pk(self) -> int:
        pk = self.next_pk
        self.next_pk += 1
        return pk

    def add(self, row: tuple) -> None:
        self.rows.append(row)
        self.count += 1
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        if connection.vendor == "postgresql":
            self._copy()
        else:
            self.model.objects.bulk_create([self.model(**dict(zip(self.columns, row, strict=True)))
                                            for row in self.rows], batch_size=2000)
        self.rows.clear()

    def _copy(self) -> None:
        # COPY knows no Django defaults: columns the caller left out get the field's default,
        # evaluated once per batch (so never leave out a field whose default must be unique).
        rest = [f for f in self.model._meta.concrete_fields if f.attname not in self.columns]
        defaults = tuple(f.get_default() for f in rest)
        names = ", ".join(connection.ops.quote_name(self.model._meta.get_field(c).column) for c in self.columns)
        names += "".join(", " + connection.ops.quote_name(f.column) for f in rest)
        sql = f"COPY {connection.ops.quote_name(self.model._meta.db_table)} ({names}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in self.rows:
                copy.write_row(row + defaults)


def skip_row_triggers() -> bool:
    """Inside the load's transaction, skip the per-row foreign-key triggers as ``pg_dump
    --disable-triggers`` does: the generator assigns every key itself, so checking 10⁶ rows one
    by one at commit only costs time. Needs a superuser; otherwise the checks simply run."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            return False
        cursor.execute("SET LOCAL session_replication_role = replica")
    return True


class Loader:
    """Collects the tables of one load; ``close`` flushes them in creation order (parents
    first) and moves each primary-key sequence past the rows written with explicit keys."""

    def __init__(self):
        self.tables: list[Table] = []

    def table(self, model, columns: list[str], *, pk: str = "id") -> Table:
        table = Table(self, model, [pk, *columns])
        self.tables.append(table)
        return table

    def close(self) -> dict[str, int]:
        for table in self.tables:
            table.flush()
        statements = connection.ops.sequence_reset_sql(no_style(), [t.model for t in self.tables])
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
        return {t.model._meta.label: t.count for t in self.tables}
