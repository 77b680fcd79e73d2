"""Heavy reads go to the replica when one is configured; writes, and reads that must see them, don't.

The replica here is Django's test mirror of the default database: a second connection to the same
database, so every figure must come out the same whichever connection answered it.
"""

import json
import os
import subprocess
import sys
from datetime import date

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lib import replica
from members.models import Member
from orgs.models import AuditEvent, Organization

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def mirror(transactional_db):
    connections.settings[replica.REPLICA] = {**connections["default"].settings_dict,
                                             "TEST": {"MIRROR": "default"}}
    reader = connections[replica.REPLICA]
    # opened here: the test case allows only the aliases it knew when it started
    reader.connect()
    yield reader
    connections[replica.REPLICA].close()
    del connections[replica.REPLICA]
    del connections.settings[replica.REPLICA]


def tables(queries) -> str:
    return " ".join(q["sql"] for q in queries)


def test_settings_add_the_replica_as_a_test_mirror_of_default():
    env = {**os.environ, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/primary_db",
           "DATABASE_REPLICA_URL": "postgres://reader@10.0.0.2:5432/primary_db"}
    probe = ("import django, json; django.setup(); from django.conf import settings as s; "
             "r = s.DATABASES['replica']; print(json.dumps([r['HOST'], r['USER'], r['TEST']['MIRROR'], "
             "s.DATABASE_ROUTERS]))")
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == ["10.0.0.2", "reader", "default", ["lib.replica.ReplicaRouter"]]


def test_statistics_are_read_from_the_replica_and_equal_the_primary(login, cast, mirror):
    Organization.objects.filter(pk__in=[cast.t1.pk, cast.t3.pk]).update(founded_on=date(2021, 5, 1),
                                                                       status="filed")
    params = {"as_of": "2022-12-31", "base_year": "2020", "refresh": "1"}
    client = login(cast.city_admin)
    with CaptureQueriesContext(mirror) as on_replica, \
            CaptureQueriesContext(connections["default"]) as on_primary:
        from_replica = client.get(reverse("reports:statistics"), params)
    assert from_replica.status_code == 200
    assert "orgs_organization" in tables(on_replica.captured_queries)  # the figures came from the replica
    assert "django_session" in tables(on_primary.captured_queries)  # signing in is not a heavy read
    assert "django_session" not in tables(on_replica.captured_queries)

    del connections.settings[replica.REPLICA]  # the same page without a replica
    try:
        from_primary = client.get(reverse("reports:statistics"), params)
    finally:
        connections.settings[replica.REPLICA] = mirror.settings_dict
    assert from_replica.context["report"].survey == from_primary.context["report"].survey
    assert from_replica.context["report"].survey  # a report with figures, not two empty ones


def test_pages_that_are_not_heavy_stay_on_the_primary(login, cast, mirror):
    with CaptureQueriesContext(mirror) as on_replica:
        assert login(cast.d1_admin).get(reverse("members:list")).status_code == 200
    assert on_replica.captured_queries == []


def test_a_model_written_in_a_heavy_block_is_read_back_from_the_primary(cast, mirror):
    with replica.heavy_reads():
        with CaptureQueriesContext(mirror) as on_replica:
            Member.objects.filter(org=cast.t1).count()
        assert "members_member" in tables(on_replica.captured_queries)

        AuditEvent.objects.create(action="stats.export", org=cast.d1, object_repr="统计表")
        with CaptureQueriesContext(mirror) as on_replica:
            assert AuditEvent.objects.filter(action="stats.export").count() == 1
            Member.objects.filter(org=cast.t1).count()
        assert "orgs_auditevent" not in tables(on_replica.captured_queries)
        assert "members_member" in tables(on_replica.captured_queries)


def test_reads_inside_a_transaction_stay_on_the_primary(cast, mirror):
    from django.db import transaction

    with replica.heavy_reads(), transaction.atomic(), CaptureQueriesContext(mirror) as on_replica:
        Member.objects.filter(org=cast.t1).count()
    assert on_replica.captured_queries == []


def test_without_a_replica_heavy_reads_use_the_primary(cast):
    with replica.heavy_reads(), CaptureQueriesContext(connections["default"]) as on_primary:
        Member.objects.filter(org=cast.t1).count()
    assert "members_member" in tables(on_primary.captured_queries)


def test_migrations_never_run_on_the_replica():
    router = replica.ReplicaRouter()
    assert router.allow_migrate(replica.REPLICA, "members") is False
    assert router.allow_migrate("default", "members") is True
