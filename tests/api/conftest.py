import pytest
from django.test import Client

from api.models import IntegrationAccount
from tests.reports.conftest import people  # noqa: F401  (the statistics tests' known history)


@pytest.fixture
def api_client():
    """``api_client(org)``: a client with a fresh integration account's token for ``org``."""

    def _client(org, name="省平台"):
        account = IntegrationAccount(name=name, org=org)
        token = account.new_token()
        account.save()
        client = Client()
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
        client.account = account
        return client

    return _client
