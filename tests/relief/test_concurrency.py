"""Parallel stock-outs and receipts on PostgreSQL (SQLite has no row locks; deselected there)."""

import threading
from datetime import date

import pytest

from relief import donations, stock
from relief.models import Donation, Move

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _parallel(count, work):
    barrier, errors, done = threading.Barrier(count), [], []

    def run(i):
        from django.db import connections

        try:
            barrier.wait()
            done.append(work(i))
        except Exception as exc:  # noqa: BLE001 — refusals are collected and counted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return done, errors


def test_twenty_parallel_stock_outs_never_take_the_balance_below_zero(cast, depot):
    from django.core.exceptions import ValidationError

    stock.stock_in(depot.district, depot.quilt, 50, by=cast.d1_admin, on=date(2026, 3, 1))
    done, errors = _parallel(20, lambda i: stock.distribute(depot.district, depot.quilt, 3, by=cast.d1_admin,
                                                              households=3, on=date(2026, 3, 2)))
    assert len(done) == 16 and len(errors) == 4  # 16 × 3 = 48 ≤ 50; a 17th would need 51
    assert all(isinstance(e, ValidationError) for e in errors)
    assert stock.balance(depot.district, depot.quilt) == 2
    assert Move.objects.filter(quantity__lt=0).count() == 16


def test_twenty_parallel_receipts_take_twenty_numbers_without_gaps(cast):
    done, errors = _parallel(20, lambda i: donations.receive_donation(
        by=cast.d1_admin, org=cast.d1, received_on=date(2026, 3, 1), donor_kind="person", donor_name=f"捐赠人{i}",
        kind="money", amount=10))
    assert errors == []
    assert sorted(Donation.objects.values_list("serial", flat=True)) == list(range(1, 21))
