"""The fixed cast every test can use (healthchecks' alice/bob idea, STYLE.md).

    四川省 (province)
    └── 资阳市 (city)                 city_admin
        ├── 雁江区 (county, D1)       d1_admin, d1_reviewer
        │   ├── 莲花街道 (town)       t1_staff
        │   │   └── 莲花社区 (village)
        │   └── 宝台镇 (town)         t2_staff
        └── 安岳县 (county, D2)       d2_reviewer
            ├── 岳阳镇 (town)         t3_staff
            └── 县教育局 (department)

The tree is built through ``orgs.services`` by an operator, as the portal itself would.
"""

from types import SimpleNamespace

import pytest

from orgs import services
from orgs.models import Organization, User

PASSWORD = "Test#Portal2026"


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` prove what only PostgreSQL can show (row locks under concurrency;
    SQLite has no SELECT … FOR UPDATE): they are deselected, not skipped, on SQLite, and CI runs
    the suite on both databases."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    deselected = [item for item in items if item.get_closest_marker("postgres")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgres")]


def make_user(username, org, role, **extra) -> User:
    user = User(username=username, org=org, role=role, full_name=extra.pop("full_name", username), **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture(autouse=True)
def _fast_test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # uploads of a test never reach var/media
    settings.JOBS_TEMP_DIR = tmp_path / "jobs-tmp"  # nor a background job's temporary files var/tmp
    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    settings.WHITENOISE_USE_FINDERS = True


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    """Each test starts with an empty cache of its own: a rate limit counted or a report cached by
    one test must not answer another. The portal's database cache table would survive the browser
    tests' flushes, so the test process keeps its cache in memory (unless ``REDIS_URL`` asks for
    Redis); the shared cache itself is proven by processes a test starts
    (``tests/security/test_shared_cache.py``)."""
    from django.core.cache import caches

    if "DatabaseCache" in settings.CACHES["default"]["BACKEND"]:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    for alias in settings.CACHES:  # a new LocMemCache object still shares the process's store
        caches[alias].clear()


@pytest.fixture
def operator(db) -> User:
    return User.objects.create_superuser("operator", "ops@example.com", PASSWORD)


@pytest.fixture
def cast(db, operator) -> SimpleNamespace:
    c = SimpleNamespace(operator=operator)
    c.province = Organization.objects.add_root({"name": "四川省红十字会", "level": "province"})
    add = services.create_org
    c.city = add(parent=c.province, by=operator, name="资阳市红十字会", level="city")
    c.d1 = add(parent=c.city, by=operator, name="雁江区红十字会", level="county", resident_population=800000)
    c.d2 = add(parent=c.city, by=operator, name="安岳县红十字会", level="county", resident_population=1000000)
    c.t1 = add(parent=c.d1, by=operator, name="莲花街道红十字会", level="town", category="town", headcount=5000)
    c.t2 = add(parent=c.d1, by=operator, name="宝台镇红十字会", level="town", category="town", headcount=3000)
    c.v1 = add(parent=c.t1, by=operator, name="莲花社区红十字会", level="village", category="community")
    c.t3 = add(parent=c.d2, by=operator, name="岳阳镇红十字会", level="town", category="town")
    c.dep3 = add(parent=c.d2, by=operator, name="县教育局红十字会", level="department", category="organ")
    for name in ("province", "city", "d1", "d2", "t1", "t2", "v1", "t3", "dep3"):
        setattr(c, name, Organization.objects.get(pk=getattr(c, name).pk))
    c.city_admin = make_user("city_admin", c.city, "admin")
    c.d1_admin = make_user("d1_admin", c.d1, "admin")
    c.d1_reviewer = make_user("d1_reviewer", c.d1, "reviewer")
    c.d2_reviewer = make_user("d2_reviewer", c.d2, "reviewer")
    c.t1_staff = make_user("t1_staff", c.t1, "staff")
    c.t2_staff = make_user("t2_staff", c.t2, "staff")
    c.t3_staff = make_user("t3_staff", c.t3, "staff")
    return c


@pytest.fixture
def login(client):
    """``login(user)`` logs the test client in as ``user`` and returns the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
