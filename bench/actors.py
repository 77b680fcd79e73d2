"""Who the benchmarks act as: one account per role at fixed places of the generated tree.

The places are the largest province (most cities; the first by path among equals), its first
city and that city's first county, so every bench script and the load test look at the same
subtrees. Accounts get unusable passwords:
the scripts sign them in with ``Client.force_login`` and never by password.
"""

from dataclasses import dataclass

from orgs.models import Level, Organization, User


@dataclass(frozen=True)
class Places:
    province: Organization
    city: Organization
    county: Organization


def places() -> Places:
    province = Organization.objects.filter(depth=1).order_by("-numchild", "path").first()
    city = Organization.objects.filter(path__startswith=province.path, level=Level.CITY).order_by("path").first()
    county = Organization.objects.filter(path__startswith=city.path, level=Level.COUNTY).order_by("path").first()
    return Places(province, city, county)


def account(username: str, org: Organization, role: str) -> User:
    user, _ = User.objects.update_or_create(username=username, defaults={"org": org, "role": role,
                                                                         "full_name": username, "is_active": True})
    if user.has_usable_password():
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def accounts(where: Places) -> dict[str, User]:
    return {
        "county_admin": account("bench-county-admin", where.county, "admin"),
        "county_reviewer": account("bench-county-reviewer", where.county, "reviewer"),
        "city_admin": account("bench-city-admin", where.city, "admin"),
        "province_admin": account("bench-province-admin", where.province, "admin"),
    }
