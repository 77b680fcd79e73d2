"""schemathesis against /api/schema/: generated requests to every operation, with a valid token
of an account at 雁江区, never a 500, and every response matching the schema (status, body,
content type). Bounded: a few examples per operation, no deadline per example.

The schema is generated once at collection by drf-spectacular (no database needed), and a test
checks that /api/schema/ serves exactly it. (schemathesis' fixture loader does not run under
pytest 9, so the schema is not fetched through a fixture.)"""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings

from api.models import IntegrationAccount

pytestmark = pytest.mark.django_db

EXAMPLES = 25  # per operation: five operations, a minute or so on a busy machine


GENERATED = SchemaGenerator().get_schema(request=None, public=True)
schema = schemathesis.openapi.from_dict(GENERATED)
schema.app = get_wsgi_application()


def test_the_fuzzed_schema_is_the_one_served(client):
    import yaml

    served = client.get("/api/schema/")
    assert served.status_code == 200
    assert yaml.safe_load(served.content) == yaml.safe_load(yaml.safe_dump(GENERATED))


@pytest.fixture
def token(cast):
    """A token of an account at 雁江区. Requests go through the bare WSGI handler, which closes
    the database connection at each request's end (the test's own transaction with it, on
    PostgreSQL); Django's test client turns that off the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield _token(cast)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _token(cast):
    account = IntegrationAccount(name="模糊测试", org=cast.d1)
    value = account.new_token()
    account.save()
    cache.clear()  # the throttle's budget starts empty
    return value


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_api_matches_its_schema(case, token):
    # Unknown query parameters are ignored, as REST clients expect, so generated requests with
    # extra ones are not "negative data" that must be refused.
    case.call_and_validate(headers={"Authorization": f"Token {token}"},
                           excluded_checks=[schemathesis.checks.negative_data_rejection])
