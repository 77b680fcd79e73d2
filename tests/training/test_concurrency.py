"""Parallel certificate issuing on PostgreSQL (SQLite has no row locks; deselected there): ten
classes of one district issue at once and their numbers run 1–10 without a gap or a repeat."""

from datetime import date

import pytest

from tests.members.factories import make_id
from tests.relief.test_concurrency import _parallel
from tests.training.test_roster import make_class
from training import certificates, services
from training.models import Certificate

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_ten_parallel_issues_take_ten_numbers_without_gaps(cast):
    classes = []
    for i in range(10):
        klass = make_class(cast, title=f"救护员培训班{i}", ends_on=date(2026, 3, 3))
        seat = services.add_trainee(klass, by=cast.t1_staff, name="学员", id_number=make_id(seq=700 + i))
        services.record_results(klass, by=cast.t1_staff, results={seat.pk: (True, 90)})
        classes.append(klass)
    done, errors = _parallel(10, lambda i: certificates.issue_for_class(classes[i], by=cast.t1_staff))
    assert errors == [] and len(done) == 10
    assert sorted(Certificate.objects.values_list("serial", flat=True)) == list(range(1, 11))
