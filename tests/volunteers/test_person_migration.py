"""volunteers 0011-0013 and grassroots 0001: volunteers take the members' naming and gender code
(renamed columns, one UPDATE), get the ID's last four filled in; Activity and OrgProfile change app
without a row moving; and all of it reverses."""

import importlib
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from lib import pii
from tests.volunteers.factories import resident_id

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("volunteers", "0010_hours_two_decimals_dates_not_in_future")]
AFTER = [("volunteers", "0013_fill_id_tails")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_volunteers_rows_keep_their_data_under_the_shared_person_fields(cast):
    number, other = resident_id(), resident_id()
    old = migrate(BEFORE)
    try:
        made = old.get_model("volunteers", "Volunteer").objects
        person = {"registered_on": "2020-01-01", "org_id": cast.t2.pk, "status": "active"}
        man = made.create(name="男志愿者", gender="male", resident_id=pii.seal(number),
                          resident_id_hash=pii.id_hash(number), **person)
        woman = made.create(name="女志愿者", gender="female", resident_id=pii.seal(other),
                            resident_id_hash=pii.id_hash(other), **person)
        activity = old.get_model("volunteers", "Activity").objects.create(
            org_id=cast.t2.pk, title="迁移前的活动", type="rescue", held_on=date(2021, 3, 1))
        activity.roster.add(man)
        old.get_model("volunteers", "OrgProfile").objects.create(org_id=cast.t2.pk, platform="社区服务站")

        new = migrate(AFTER)
        volunteers = new.get_model("volunteers", "Volunteer").objects
        moved = volunteers.get(pk=man.pk)
        assert (moved.gender, volunteers.get(pk=woman.pk).gender) == ("M", "F")
        assert pii.unseal(moved.id_number) == number and moved.id_hash == pii.id_hash(number)
        assert moved.id_tail == number[-4:]
        kept = new.get_model("grassroots", "Activity").objects.get(pk=activity.pk)
        assert kept.title == "迁移前的活动" and list(kept.roster.values_list("pk", flat=True)) == [man.pk]
        assert new.get_model("grassroots", "OrgProfile").objects.get(org_id=cast.t2.pk).platform == "社区服务站"

        back = migrate(BEFORE)
        assert back.get_model("volunteers", "Volunteer").objects.get(pk=woman.pk).gender == "female"
        assert back.get_model("volunteers", "Activity").objects.get(pk=activity.pk).roster.count() == 1
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_an_interrupted_tail_filling_keeps_its_batches_and_resumes(cast, monkeypatch):
    """0013 commits batch by batch: killed in its second batch, the first batch's tails stay, the
    migration is not recorded, and the rerun fills only the rest (an erased row keeps no tail)."""
    module = importlib.import_module("volunteers.migrations.0013_fill_id_tails")
    numbers = [resident_id() for _ in range(5)]
    old = migrate(BEFORE)
    try:
        made = old.get_model("volunteers", "Volunteer").objects
        person = {"registered_on": "2020-01-01", "org_id": cast.t2.pk, "status": "active", "gender": "male"}
        for i, number in enumerate(numbers):
            made.create(name=f"志愿者{i}", resident_id=pii.seal(number), resident_id_hash=pii.id_hash(number), **person)
        made.create(name="已删除", resident_id="", resident_id_hash="0" * 64, **person)
        monkeypatch.setattr(module, "BATCH", 2)
        real, calls = module._write, []

        def write(*args):
            if calls:
                raise RuntimeError("interrupted")
            calls.append(args)
            real(*args)

        monkeypatch.setattr(module, "_write", write)
        with pytest.raises(RuntimeError, match="interrupted"):
            migrate(AFTER)
        executor = MigrationExecutor(connection)
        assert ("volunteers", "0013_fill_id_tails") not in executor.loader.applied_migrations
        half = executor.loader.project_state([("volunteers", "0012_activity_moves_to_grassroots")]).apps
        tails = list(half.get_model("volunteers", "Volunteer").objects.exclude(id_number="")
                     .values_list("id_tail", flat=True))
        assert (len(tails), sum(map(bool, tails))) == (5, 2)  # the first batch stayed

        written = []
        monkeypatch.setattr(module, "_write", lambda connection, statement, values: (
            written.extend(values), real(connection, statement, values)))
        new = migrate(AFTER)
        rows = new.get_model("volunteers", "Volunteer").objects.order_by("pk").values_list("id_tail", flat=True)
        assert list(rows) == [n[-4:] for n in numbers] + [""]
        assert len(written) == 3  # the rerun fills only the rows the first run did not reach
    finally:
        monkeypatch.undo()
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
