"""The training register's counts for the targets equal a hand count, as of two dates."""

from datetime import date

import pytest

from lib import registers
from tests.members.factories import make_id
from tests.training.test_roster import make_class
from training import certificates, services

pytestmark = pytest.mark.django_db


def run(c, org, by, kind, ends_on, people, scores):
    klass = make_class(c, kind=kind, starts_on=ends_on, ends_on=ends_on, title=f"{kind}{ends_on}")
    klass.org = org
    klass.save()
    seats = [services.add_trainee(klass, by=by, name="学员", id_number=make_id(seq=600 + p)) for p in people]
    sheet = {s.pk: (score is not None, score) for s, score in zip(seats, scores, strict=True)}
    services.record_results(klass, by=by, results=sheet)
    if kind != "awareness":
        certificates.issue_for_class(klass, by=by)


def test_targets_read_the_register_as_of_two_dates(cast):
    c = cast
    # awareness: person 1 twice (counted once), person 2 absent, person 3 in another district
    run(c, c.t1, c.t1_staff, "awareness", date(2026, 2, 1), [1, 2], [70, None])
    run(c, c.v1, c.t1_staff, "awareness", date(2026, 5, 1), [1, 4, 5], [70, 80, 90])
    run(c, c.t3, c.t3_staff, "awareness", date(2026, 5, 1), [3], [70])
    # 救护员: 10 and 11 pass in 2026; 12 passed in 2022 (lapsed 2025); 10 renews in 2026-06 (once)
    run(c, c.t1, c.t1_staff, "first_aider", date(2026, 3, 1), [10, 11], [90, 85])
    run(c, c.t1, c.t1_staff, "first_aider", date(2022, 3, 1), [12], [90])
    run(c, c.t1, c.t1_staff, "refresher", date(2026, 6, 1), [10], [95])
    since = date(2026, 1, 1)
    # hand count on 2026-03-15: trained {1}; certified {10, 11}
    assert registers.read("people_trained", c.d1, since, date(2026, 3, 15)) == 1
    assert registers.read("certified_first_aiders", c.d1, since, date(2026, 3, 15)) == 2
    # on 2025-01-10: 12's certificate (2022-03-01 to 2025-02-28) still runs; no 2026 class yet
    assert registers.read("certified_first_aiders", c.t1, since, date(2025, 1, 10)) == 1
    # on 2026-12-31: trained {1, 4, 5} in 雁江区; certified {10, 11}, 12 lapsed
    assert registers.read("people_trained", c.d1, since, date(2026, 12, 31)) == 3
    assert registers.read("people_trained", c.v1, since, date(2026, 12, 31)) == 3
    assert registers.read("people_trained", c.city, since, date(2026, 12, 31)) == 4
    assert registers.read("certified_first_aiders", c.d1, since, date(2026, 12, 31)) == 2
    assert registers.read("stem_cell_samples", c.d1, since, date(2026, 12, 31)) is None  # no register yet
