"""HTTP-level controls: headers, host check, CSRF, no state change by GET (checklist rows 10, 11)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_security_headers_on_pages(client, cast):
    client.force_login(cast.t1_staff)
    response = client.get(reverse("home"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp and "script-src 'self'" in csp


def test_hsts_for_a_year_over_https(client, cast, settings):
    settings.SECURE_SSL_REDIRECT = False
    response = client.get(reverse("login"), secure=True)
    assert int(response["Strict-Transport-Security"].split("max-age=")[1].split(";")[0]) >= 31536000


def test_session_cookie_is_httponly(client, cast):
    response = client.post(reverse("login"), {"username": "t1_staff", "password": PASSWORD})
    assert response.cookies["sessionid"]["httponly"]


def test_unknown_host_is_refused(client):
    assert client.get(reverse("login"), HTTP_HOST="evil.example.com").status_code == 400


def test_post_without_csrf_token_is_refused(cast):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cast.d1_admin)
    response = strict.post(reverse("orgs:restructure", args=[cast.t1.pk, "merge"]), {"into": cast.t2.pk})
    assert response.status_code == 403
    cast.t1.refresh_from_db()
    assert cast.t1.status == "planned"


def test_get_on_an_action_changes_nothing(client, cast):
    """The parameters a POST acts on, sent by GET (a link, a prefetch, an <img>): refused, and nothing
    happened: the session lives on and no report is filed, while the same POST does file it."""
    from reports.models import YearEndReport

    client.force_login(cast.d1_admin)
    assert client.get(reverse("logout")).status_code == 405
    assert client.get(reverse("home")).status_code == 200 and "_auth_user_id" in client.session
    submit, report = reverse("reports:year_end_submit", args=[cast.d1.pk]), {"year": 2025, "base_year": 2020}
    assert client.get(submit, report).status_code == 405
    assert not YearEndReport.objects.exists()
    assert client.post(submit, report).status_code == 302
    assert list(YearEndReport.objects.values_list("org", "year")) == [(cast.d1.pk, 2025)]


def test_server_error_page_is_generic(client, cast, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404 and "未找到该页面或记录" in html and "Traceback" not in html
