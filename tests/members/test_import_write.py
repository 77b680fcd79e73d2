"""What an import writes, on either database (COPY on PostgreSQL, bulk_create elsewhere): each member
with its creation history and its membership spell, sealed IDs only, and a table sequence that a
later ordinary create continues without collision."""

from datetime import date

import pytest

from lib import pii
from members import excel, services
from members.models import Kind, Member, Spell
from tests.members.factories import ids, make_id
from tests.members.test_excel import row, sheet

pytestmark = pytest.mark.django_db


def test_imported_members_have_their_history_spell_and_sealed_id(cast):
    values = ids(30, start=700)
    result = excel.import_members(sheet([row(cast.t1, v, f"导入{i}") for i, v in enumerate(values)]),
                                  by=cast.d1_admin, dry_run=False)
    assert not result.failed and result.saved == 30
    members = list(Member.objects.filter(name__startswith="导入").order_by("number"))
    assert len(members) == 30 and {m.org_id for m in members} == {cast.t1.pk}
    assert {m.id_hash for m in members} == {pii.id_hash(v) for v in values}
    assert all(values[0] not in str(m.id_number) for m in members)  # stored sealed, never in clear
    history = Member.history.filter(id__in=[m.pk for m in members])
    assert history.count() == 30 and set(history.values_list("history_type", flat=True)) == {"+"}
    assert set(history.values_list("history_user", flat=True)) == {cast.d1_admin.pk}
    spells = Spell.objects.filter(member__in=members)
    assert sorted(spells.values_list("member_id", flat=True)) == sorted(m.pk for m in members)
    assert set(spells.values_list("start", flat=True)) == {date(2025, 3, 1)}
    assert set(spells.values_list("start_reason", flat=True)) == {Spell.Start.JOINED}

    later = services.create_member(by=cast.t1_staff, org=cast.t1, kind=Kind.ADULT, name="后来", id_number=make_id(),
                                   phone="13800000000")
    assert later.pk > max(m.pk for m in members)
    assert Spell.objects.filter(member=later).count() == 1
