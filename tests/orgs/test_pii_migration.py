"""The data migrations seal rows stored before encryption (members 0004, volunteers 0003), move
both apps to the one blind index and fill the last-four search column (members 0005); and they reverse."""

import hashlib
import hmac
from datetime import date
from pathlib import Path

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


SEALING = ["members.migrations.0004_seal_id_numbers", "members.migrations.0005_id_tail",
           "volunteers.migrations.0003_seal_resident_ids", "volunteers.migrations.0013_fill_id_tails"]


def _old_rows(old, cast, count):
    """``count`` members and volunteers as stored before encryption, with their plain ID numbers."""
    members, volunteers = [make_id() for _ in range(count)], [resident_id() for _ in range(count)]
    for i, number in enumerate(members):
        old.get_model("members", "Member").objects.create(
            kind="adult", name=f"旧会员{i}", id_number=number, id_hash=legacy(b"pii-blind-index:", number),
            org_id=cast.t1.pk, number=f"X{i:04d}", joined_on="2020-01-01")
    for i, number in enumerate(volunteers):
        old.get_model("volunteers", "Volunteer").objects.create(
            name=f"旧志愿者{i}", gender="female", resident_id=number, resident_id_hash=legacy(b"pii-hash:", number),
            registered_on="2020-01-01", org_id=cast.t1.pk)
    return members, volunteers


def _interrupt_after_first_batch(monkeypatch, module):
    """Make ``module`` write one batch, then fail as a killed or timed-out run would."""
    real, calls = module._write, []

    def write(*args):
        if calls:
            raise RuntimeError("interrupted")
        calls.append(1)
        real(*args)

    monkeypatch.setattr(module, "_write", write)


def test_an_interrupted_sealing_run_keeps_its_batches_and_resumes(cast, monkeypatch):
    """Every batch commits on its own: after a failure in the second batch the first stays sealed,
    and the rerun seals the rest once (nothing sealed twice), fills every tail and the live code reads
    each value back."""
    import importlib

    for name in SEALING:
        monkeypatch.setattr(importlib.import_module(name), "BATCH", 2)
    old = migrate(BEFORE)
    try:
        members, volunteers = _old_rows(old, cast, 5)
        seal_members = importlib.import_module(SEALING[0])
        _interrupt_after_first_batch(monkeypatch, seal_members)
        with pytest.raises(RuntimeError, match="interrupted"):
            migrate(AFTER)
        half = MigrationExecutor(connection).loader.project_state(BEFORE).apps.get_model("members", "Member")
        stored = list(half.objects.order_by("number").values_list("id_number", flat=True))
        assert [pii.is_sealed(v) for v in stored] == [True, True, False, False, False]
        assert stored[2:] == members[2:]
        assert ("members", "0004_seal_id_numbers") not in MigrationExecutor(connection).loader.applied_migrations

        monkeypatch.undo()
        for name in SEALING:
            monkeypatch.setattr(importlib.import_module(name), "BATCH", 2)
        _interrupt_after_first_batch(monkeypatch, importlib.import_module(SEALING[1]))
        with pytest.raises(RuntimeError, match="interrupted"):
            migrate(AFTER)  # 0004 done; 0005 added its column and filled one batch of tails
        monkeypatch.undo()
        new = migrate(AFTER)  # 0005 again: column and index already there, the other tails filled

        rows = new.get_model("members", "Member").objects.order_by("number").values_list(
            "id_number", "id_hash", "id_tail")
        assert [(pii.unseal(sealed), index, tail) for sealed, index, tail in rows] == [
            (number, pii.id_hash(number), number[-4:]) for number in members]
        rows = new.get_model("volunteers", "Volunteer").objects.order_by("name").values_list(
            "resident_id", "resident_id_hash")
        assert sorted((pii.unseal(sealed), index) for sealed, index in rows) == sorted(
            (number, pii.id_hash(number)) for number in volunteers)
    finally:
        monkeypatch.undo()
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_an_interrupted_unsealing_run_resumes_too(cast, monkeypatch):
    import importlib

    old = migrate(BEFORE)
    try:
        members, _ = _old_rows(old, cast, 3)
        migrate(AFTER)
        module = importlib.import_module(SEALING[0])
        monkeypatch.setattr(module, "BATCH", 2)
        _interrupt_after_first_batch(monkeypatch, module)
        with pytest.raises(RuntimeError, match="interrupted"):
            migrate([("members", "0003_pii_sealed_ids_history")])
        monkeypatch.undo()
        back = migrate(BEFORE)
        rows = back.get_model("members", "Member").objects.order_by("number").values_list("id_number", "id_hash")
        assert list(rows) == [(number, legacy(b"pii-blind-index:", number)) for number in members]
    finally:
        monkeypatch.undo()
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.parametrize("name", SEALING)
def test_sealing_migrations_commit_per_batch_and_carry_their_own_cipher(name):
    """What they do must not change when lib.pii does: they import nothing of the project."""
    import ast
    import importlib

    module = importlib.import_module(name)
    assert module.Migration.atomic is False
    imported = set()
    for node in ast.walk(ast.parse(Path(module.__file__).read_text())):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module.split(".")[0])
    assert imported <= {"base64", "functools", "hashlib", "hmac", "itertools", "unicodedata", "cryptography",
                        "django"}
