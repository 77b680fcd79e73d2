"""Malformed input never gives a 500 and never half-saves (checklist row 28).

Each form of the portal is posted with hypothesis-generated values in every field — empty, very
long, NUL, RTL override, full-width digits, quotes and brackets, formulas, impossible dates — and
must answer 2xx/3xx/4xx. New forms add a row to ``FORMS``.
"""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgs.models import Organization, User

pytestmark = pytest.mark.django_db

NASTY = st.sampled_from([
    "", " ", "\x00", "a" * 10_000, "\u202eevil", "１２３４５", "'\"<>{}[]()", "=HYPERLINK(\"x\")", "+1", "-1",
    "@SUM(1)", "2023-02-29", "9999-99-99", "-5", "1e308", "NaN", "<script>alert(1)</script>", "../../etc/passwd",
    "11010519491231002X", "91350100M000100Y43", "０", "null", "None", "𠀀𠀁", "\r\n\t",
])
VALUES = st.one_of(NASTY, st.text(max_size=300), st.integers(-10**12, 10**12).map(str))

#: url name, kwargs from the cast, the user who posts, the fields of the form
FORMS = [
    ("orgs:create", lambda c: {"parent_pk": c.t2.pk}, "d1_admin",
     ["name", "level", "category", "form", "host_unit", "address", "unit_head", "headcount",
      "resident_population", "villages_total", "founded_on"]),
    ("orgs:edit", lambda c: {"pk": c.t2.pk}, "d1_admin",
     ["name", "category", "form", "host_unit", "address", "unit_head", "headcount", "resident_population",
      "villages_total", "founded_on"]),
    ("orgs:restructure", lambda c: {"pk": c.t2.pk, "action": "dissolve"}, "d1_admin", ["successor", "reason"]),
    ("orgs:account_create", lambda c: {}, "d1_admin", ["username", "full_name", "email", "role", "password", "org"]),
    ("orgs:account_edit", lambda c: {"pk": c.t2_staff.pk}, "d1_admin", ["full_name", "email", "role", "org",
                                                                          "is_active"]),
    ("reports:year_end_submit", lambda c: {"pk": c.d1.pk}, "d1_admin", ["year", "base_year"]),
    ("login", lambda c: {}, None, ["username", "password"]),
    ("members:export_full", lambda c: {}, "operator", ["reason"]),
    ("volunteers:export_full", lambda c: {}, "operator", ["reason"]),
    ("members:erase", lambda c: {"pk": _member(c).pk}, "d1_admin", ["reason"]),
    ("volunteers:erase", lambda c: {"pk": _volunteer(c).pk}, "d1_admin", ["reason"]),
    ("password_change", lambda c: {}, "t1_staff", ["old_password", "new_password1", "new_password2"]),
    ("members:create", lambda c: {}, "t1_staff",
     ["org", "kind", "name", "id_number", "phone", "credit_code", "contact_person", "joined_on", "in_school"]),
    ("members:apply", lambda c: {"org_pk": c.t1.pk}, None, ["kind", "name", "id_number", "phone", "in_school"]),
    ("volunteers:create", lambda c: {}, "t1_staff",
     ["org", "name", "gender", "id_number", "phone", "skills", "registered_on", "status"]),
    ("volunteers:team_create", lambda c: {}, "t1_staff", ["org", "name", "specialty", "founded_on"]),
    ("filings:edit", lambda c: {"pk": c.filing.pk}, "t1_staff",
     ["name", "category", "host_unit", "address", "unit_head", "headcount", "leader_name", "leader_phone",
      "founded_on", "member_count", "contact1_name", "contact1_phone", "host_profile", "party_opinion"]),
]
#: what a create form would add: these counts must not move under junk input
COUNTED = {"orgs:create", "orgs:account_create", "members:create", "volunteers:create", "volunteers:team_create"}


def _member(c):
    from members import services
    from tests.members.factories import make_id

    return services.create_member(by=c.t1_staff, org=c.t1, kind="adult", name="模糊测试", id_number=make_id(),
                                  phone="13800000000")


def _volunteer(c):
    from tests.volunteers import factories

    return factories.volunteer(c.t1, c.t1_staff, name="模糊测试")


@pytest.mark.parametrize("name, kwargs, actor, fields", FORMS, ids=[f[0] for f in FORMS])
def test_form_never_fails_with_a_server_error(cast, name, kwargs, actor, fields):
    from filings import workflow
    from members.models import Member
    from volunteers.models import ServiceTeam, Volunteer

    cast.filing = workflow.start_filing(cast.t1, by=cast.t1_staff)
    client = Client(raise_request_exception=False)
    if actor:
        client.force_login(getattr(cast, actor))
    url = reverse(name, kwargs=kwargs(cast))
    def counts():
        return [m.objects.count() for m in (Organization, User, Member, Volunteer, ServiceTeam)]

    before = counts()

    @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck),
              database=None)
    @given(st.fixed_dictionaries({f: VALUES for f in fields}))
    def post(data):
        response = client.post(url, data, REMOTE_ADDR="127.0.0.2")
        assert response.status_code < 500, (name, data)

    post()
    # Nothing valid could be built from these values, so nothing was half-created.
    if name in COUNTED:
        assert counts() == before


def test_stats_query_string_never_fails(cast):
    client = Client(raise_request_exception=False)
    client.force_login(cast.city_admin)

    @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(st.fixed_dictionaries({"org": VALUES, "as_of": VALUES, "base_year": VALUES}))
    def get(params):
        for name in ("reports:statistics", "reports:export"):
            assert client.get(reverse(name), params).status_code < 500, params

    get()
