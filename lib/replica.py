"""Heavy reads on a PostgreSQL streaming replica, when the deployment has one.

With ``DATABASE_REPLICA_URL`` set, the settings add the ``replica`` alias and ``ReplicaRouter``
sends the reads made inside ``heavy_reads()`` (the statistics, the big exports, the supervision
board) there; every other read, and every write, goes to the primary. A replica lags its primary a
little, so a read that must see its own write stays on the primary: inside a transaction, and for a
model already written in the same heavy block. Without the alias, everything is the primary.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

# None outside a heavy block; inside, the labels of the models written in it
_written: ContextVar[set | None] = ContextVar("replica_written", default=None)


def configured() -> bool:
    return REPLICA in connections.settings


@contextmanager
def heavy_reads():
    token = _written.set(set())
    try:
        yield
    finally:
        _written.reset(token)


def heavy(func):
    """Run ``func`` (a view or a job's work) inside ``heavy_reads``."""
    @wraps(func)
    def wrapper(*args, **kwargs):
        with heavy_reads():
            return func(*args, **kwargs)
    return wrapper


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        written = _written.get()
        if written is None or not configured():
            return None
        if connections[DEFAULT_DB_ALIAS].in_atomic_block or model._meta.label in written:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        written = _written.get()
        if written is not None:
            written.add(model._meta.label)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's rows: objects from either may relate

    def allow_migrate(self, db, app_label, **hints):
        return db != REPLICA  # PostgreSQL's replication carries the schema to the replica
