"""The data migrations seal rows stored before encryption (members 0004, volunteers 0003), move
both apps to the one blind index and fill the last-four search column (members 0005); and they reverse."""

import hashlib
import hmac
from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from lib import pii
from tests.members.factories import make_id
from tests.volunteers.factories import resident_id

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("members", "0002_default_dues_rules"), ("volunteers", "0001_initial")]
AFTER = [("members", "0005_id_tail"), ("volunteers", "0003_seal_resident_ids")]


def legacy(prefix: bytes, value: str) -> str:
    key = hashlib.sha256(prefix + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_existing_plain_rows_are_sealed_and_reindexed(cast):
    member_id, volunteer_id = make_id(), resident_id()
    old = migrate(BEFORE)
    try:
        old.get_model("members", "Member").objects.create(
            kind="adult", name="旧会员", id_number=member_id, id_hash=legacy(b"pii-blind-index:", member_id),
            org_id=cast.t1.pk, number="X0001", joined_on="2020-01-01")
        old.get_model("volunteers", "Volunteer").objects.create(
            name="旧志愿者", gender="female", resident_id=volunteer_id,
            resident_id_hash=legacy(b"pii-hash:", volunteer_id), registered_on="2020-01-01", org_id=cast.t1.pk)
        new = migrate(AFTER)
        member = new.get_model("members", "Member").objects.get(number="X0001")
        volunteer = new.get_model("volunteers", "Volunteer").objects.get(name="旧志愿者")
        assert member.id_number != member_id and pii.unseal(member.id_number) == member_id
        assert member.id_tail == member_id[-4:]  # members 0005: the searchable last four characters
        assert volunteer.resident_id != volunteer_id and pii.unseal(volunteer.resident_id) == volunteer_id
        assert member.id_hash == pii.id_hash(member_id) and volunteer.resident_id_hash == pii.id_hash(volunteer_id)
        back = migrate(BEFORE)
        assert back.get_model("members", "Member").objects.get(number="X0001").id_number == member_id
        assert back.get_model("volunteers", "Volunteer").objects.get().resident_id_hash == legacy(
            b"pii-hash:", volunteer_id)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_records_entered_before_credited_org_are_credited_to_their_volunteers_org(cast):
    """volunteers 0007: a record without ``credited_org`` gets its volunteer's org (where it counted)."""
    old = migrate([("volunteers", "0006_volunteer_erased_at")])
    try:
        volunteer = old.get_model("volunteers", "Volunteer").objects.create(
            name="旧记录志愿者", gender="female", resident_id=pii.seal(resident_id()), resident_id_hash="x" * 64,
            registered_on="2020-01-01", org_id=cast.t2.pk)
        old.get_model("volunteers", "ServiceRecord").objects.create(
            volunteer=volunteer, served_on="2021-05-01", hours=3, status="approved")
        new = migrate([("volunteers", "0008_service_record_credited_org_required")])
        assert new.get_model("volunteers", "ServiceRecord").objects.get(volunteer_id=volunteer.pk).credited_org_id \
            == cast.t2.pk
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_volunteers_on_the_register_get_a_spell_from_registration(cast):
    """volunteers 0009: one open spell for each volunteer 在册, at their org since registration; none for 退出."""
    old = migrate([("volunteers", "0008_service_record_credited_org_required")])
    try:
        made = old.get_model("volunteers", "Volunteer").objects
        person = {"gender": "female", "registered_on": "2020-01-01", "org_id": cast.t2.pk}
        active = made.create(name="在册者", resident_id=pii.seal(resident_id()), resident_id_hash="a" * 64,
                             status="active", **person)
        gone = made.create(name="退出者", resident_id=pii.seal(resident_id()), resident_id_hash="b" * 64,
                           status="inactive", **person)
        new = migrate([("volunteers", "0009_volunteer_spells")])
        spells = new.get_model("volunteers", "VolunteerSpell").objects
        assert list(spells.filter(volunteer_id=active.pk).values_list("org_id", "start", "end")) == [
            (cast.t2.pk, date(2020, 1, 1), None)]
        assert not spells.filter(volunteer_id=gone.pk).exists()
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
