"""Relief fixtures: a district warehouse (雁江区) and a town warehouse (莲花街道), made through the
services, and a few catalogue items."""

from datetime import date
from types import SimpleNamespace

import pytest

from relief import stock


@pytest.fixture
def depot(cast):
    c = cast
    r = SimpleNamespace()
    r.district = stock.create_warehouse(by=c.d1_admin, org=c.d1, name="雁江区救灾物资仓库")
    r.town = stock.create_warehouse(by=c.t1_staff, org=c.t1, name="莲花街道物资室")
    r.quilt = stock.item_named("棉被", "床")
    r.water = stock.item_named("饮用水", "箱")
    r.water.perishable = True
    r.water.save()
    r.day = date(2026, 3, 1)
    return r
