"""Print one line per load-test target: ``name<TAB>path<TAB>Cookie header`` (bench/load_test.sh).

Each signed-in target gets a fresh session of its bench account (bench/actors.py), made the
way the test suite signs in (``force_login``), so django-axes and passwords stay out of it.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redcross_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench import actors  # noqa: E402
from orgs.models import Level, Organization, OrgStatus  # noqa: E402


def cookie(user) -> str:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def targets():
    """The load test's pages: ``(name, user or None, path)``."""
    where = actors.places()
    users = actors.accounts(where)
    village = (Organization.objects.filter(path__startswith=where.county.path, level=Level.VILLAGE)
               .exclude(status=OrgStatus.DISSOLVED).order_by("path").first())
    targets = [
        ("member list of a district (adult, in good standing)", users["county_admin"],
         f"{reverse('members:list')}?org={where.county.pk}&kind=adult&status=active"),
        ("statistics page of a city", users["city_admin"],
         f"{reverse('reports:statistics')}?org={where.city.pk}"),
        ("filing queue of a district reviewer", users["county_reviewer"], reverse("filings:queue")),
        ("public application page of a village", None, reverse("members:apply", args=[village.pk])),
    ]
    return targets


def main():
    for name, user, path in targets():
        print(f"{name}\t{path}\t{cookie(user) if user else ''}")


if __name__ == "__main__":
    main()
