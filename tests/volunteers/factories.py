"""Fixed-default helpers: every row is made through ``volunteers.services`` as the portal would."""

import itertools
from datetime import date, timedelta

from grassroots import services as grassroots
from lib.identity import id_check_char
from volunteers import services

_serial = itertools.count(1)


def resident_id(n: int | None = None) -> str:
    """A valid, distinct number each call: past 999 the birth date moves on a day, so a long run
    (the whole suite on PostgreSQL) never outgrows the three-digit sequence."""
    n = next(_serial) if n is None else n
    born = date(1990, 1, 1) + timedelta(days=n // 1000)
    first17 = f"512002{born:%Y%m%d}{n % 1000:03d}"
    return first17 + id_check_char(first17)


def volunteer(org, by, *, name="测试志愿者", **extra):
    fields = {"gender": "F", "id_number": resident_id(), "registered_on": date(2025, 1, 1), **extra}
    return services.register_volunteer(org=org, by=by, name=name, **fields)


def activity(org, by, *, title="应急救护培训班", held_on=date(2026, 3, 1), **extra):
    return grassroots.create_activity(org=org, by=by, title=title, type=extra.pop("type", "first_aid_training"),
                                    held_on=held_on, **extra)
