"""Insert many new rows fast inside the caller's transaction: PostgreSQL ``COPY`` (after taking
their primary keys from the table's sequence, so the caller can link further rows to them), Django's
``bulk_create`` on other databases. Like ``bulk_create``, no ``save()`` and no signals run."""

from django.db import connections, router
from django.db.models import AutoField, BigAutoField, SmallAutoField

AUTO = (AutoField, BigAutoField, SmallAutoField)


def insert(model, objs: list, *, batch_size: int = 1000) -> list:
    """Save ``objs`` (new instances of ``model``) and return them with their primary keys set."""
    if not objs:
        return objs
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        return model._default_manager.bulk_create(objs, batch_size=batch_size)
    meta = model._meta
    fields = list(meta.concrete_fields)
    table = connection.ops.quote_name(meta.db_table)
    with connection.cursor() as cursor:
        if isinstance(meta.pk, AUTO) and any(o.pk is None for o in objs):
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [meta.db_table, meta.pk.column, len(objs)])
            for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
                obj.pk = pk
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias
    return objs
