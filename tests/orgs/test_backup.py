"""Backup and restore (checklist row 21), as an operator runs them: ``manage.py backup`` here,
``manage.py restore`` in another process into a freshly migrated database (rows of data
migrations included), then the restored portal read and used through the portal itself.

Faults, each caused for real: another key, an unwritable or half-writable media folder, a
corrupt, truncated or tampered archive, an unreachable database, a cut connection (PostgreSQL).
Each refusal is one Chinese line, and the target is left as it was: a later restore into it
still finds it new."""

import json
import subprocess
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.http import QueryDict

from filings import uploads, workflow
from jobs.models import Job
from lib import audit
from members import services as members
from members import tasks as member_tasks
from members.models import DuesRule
from tests.faults import unwritable
from tests.filings.conftest import VALUES, pdf_upload
from tests.members.factories import ids
from tests.migrated import ROOT, command_env, manage, migrated  # noqa: F401
from tests.orgs import restore_probe
from tests.security.hostile import png

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(cast, settings):
    """A small portal with something of everything a restore must bring back."""
    for i, value in enumerate(ids(3, start=500)):
        members.create_member(by=cast.t1_staff, org=cast.t1, kind="adult", name=f"会员{i}", id_number=value,
                              phone=f"1380000000{i}")
    DuesRule.objects.create(kind="adult", max_amount=8, effective_from=date(2026, 1, 1))
    filing = workflow.save_filing(workflow.start_filing(cast.t1, by=cast.t1_staff), by=cast.t1_staff, **VALUES)
    uploads.add_attachment(filing, kind="election", upload=pdf_upload(), by=cast.t1_staff)
    uploads.set_seal(cast.d1, upload=SimpleUploadedFile("seal.png", png()), by=cast.d1_admin)
    call_command("pii_export_grant", "d1_admin", stdout=_Quiet())
    audit.record("test.before_backup", user=cast.t1_staff)
    return cast


class _Quiet:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass


def _backup(tmp_path) -> Path:
    archive = tmp_path / "backup.zip"
    call_command("backup", str(archive), stdout=_Quiet())
    return archive


def _restore(settings, url, archive, media, *args, **env) -> subprocess.CompletedProcess:
    return manage(settings, url, "restore", str(archive), *args, check=False, MEDIA_ROOT=str(media), **env)


def _probe(settings, url, media, *args) -> dict:
    done = subprocess.run([sys.executable, "-m", "tests.orgs.restore_probe", *args], cwd=ROOT,
                          env=command_env(settings, url, MEDIA_ROOT=str(media),
                                          DJANGO_SETTINGS_MODULE="redcross_portal.settings"),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _refused(done: subprocess.CompletedProcess, *words: str) -> str:
    """Exit status 1 and one Chinese line on stderr, without a traceback or a class name."""
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode == 1, done.stdout + done.stderr
    assert len(lines) == 1 and "Traceback" not in done.stderr and "Error" not in done.stderr, done.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _still_new(settings, url, archive, tmp_path):
    """The target was left as it was: a restore into it still finds it new and succeeds."""
    done = _restore(settings, url, archive, tmp_path / "later-media")
    assert done.returncode == 0, done.stderr


def test_restore_into_a_freshly_migrated_database_brings_everything_back(portal, settings, tmp_path, migrated):  # noqa: F811
    before = restore_probe.snapshot()
    archive = _backup(tmp_path)
    url, media = migrated.new(), tmp_path / "restored-media"
    done = _restore(settings, url, archive, media)
    assert done.returncode == 0 and "已恢复并核对" in done.stdout, done.stderr  # no --force needed
    assert _probe(settings, url, media) == before
    assert before["members"] and before["attachments"] and before["seals"]
    assert [u for u in before["users"] if u[0] == "d1_admin"][0][3] is True  # the grant came back
    assert _probe(settings, url, media, "--use") == {"new_org_under_town": True,
                                                     "duplicate": "该身份证号码已登记为会员。"}

    again = _restore(settings, url, archive, tmp_path / "again-media")  # now a live database
    _refused(again, "目标数据库不是空的", "--force")
    assert _restore(settings, url, archive, media, "--force").returncode == 0
    assert _probe(settings, url, media) == before  # overwritten: the rows added by --use are gone


def test_restore_under_other_keys_is_refused_before_touching_anything(portal, settings, tmp_path, migrated):  # noqa: F811
    archive = _backup(tmp_path)
    url, media = migrated.new(), tmp_path / "media-target"
    other_secret = _restore(settings, url, archive, media, SECRET_KEY="another-secret-key-0123456789-abcdefghij")
    _refused(other_secret, "加密密钥", "未改动")
    other_hash = _restore(settings, url, archive, media, PII_HASH_KEY="another-blind-index-key")
    _refused(other_hash, "索引密钥", "未改动")
    other_fernet = _restore(settings, url, archive, media, PII_ENCRYPTION_KEY=Fernet.generate_key().decode())
    _refused(other_fernet, "加密密钥")
    assert not media.exists()
    _still_new(settings, url, archive, tmp_path)


def test_restore_with_a_new_key_in_front_of_the_old_one_is_accepted(portal, settings, tmp_path, migrated):  # noqa: F811
    """A key rotation under way (new key first, the backup's key still listed) reads every number."""
    old = Fernet.generate_key().decode()
    settings.PII_ENCRYPTION_KEY = old
    members.create_member(by=portal.t1_staff, org=portal.t1, kind="adult", name="新密钥", id_number=ids(1, 600)[0],
                          phone="13800000009")
    archive = _backup(tmp_path)
    url, media = migrated.new(), tmp_path / "m"
    done = _restore(settings, url, archive, media, PII_ENCRYPTION_KEY=f"{Fernet.generate_key().decode()},{old}")
    assert done.returncode == 0, done.stderr


def test_unwritable_media_refuses_the_restore_and_changes_nothing(portal, settings, tmp_path, migrated):  # noqa: F811
    archive = _backup(tmp_path)
    url, media = migrated.new(), tmp_path / "media-target"
    (media / "seals").mkdir(parents=True)
    (media / "seals" / "old.png").write_bytes(b"an older seal")
    with unwritable(media):
        _refused(_restore(settings, url, archive, media), "无法写入", "没有写入权限", "未改动")
    assert _files(media) == {"seals/old.png": b"an older seal"}
    _still_new(settings, url, archive, tmp_path)


def test_a_failure_while_moving_files_into_place_rolls_everything_back(portal, settings, tmp_path, migrated):  # noqa: F811
    """The staging folder can be written but one folder of the media cannot: rows are loaded,
    the first files moved, then the move fails — rows, moved files and replaced files go back."""
    archive = _backup(tmp_path)
    names = sorted(json.loads(zipfile.ZipFile(archive).read("manifest.json"))["media"])
    assert len(names) == 2 and names[0].startswith("filings/") and names[1].startswith("seals/")
    url, media = migrated.new(), tmp_path / "media-target"
    (media / "filings").mkdir(parents=True)
    first = media / names[0]
    first.write_bytes(b"a file the restore replaces")
    (media / "seals").mkdir()
    with unwritable(media / "seals"):
        _refused(_restore(settings, url, archive, media), "无法写入", "未改动")
    assert _files(media) == {names[0]: b"a file the restore replaces"}
    _still_new(settings, url, archive, tmp_path)


def test_corrupt_truncated_or_tampered_archives_are_refused_in_one_line(portal, settings, tmp_path, migrated):  # noqa: F811
    archive = _backup(tmp_path)
    url, media = migrated.new(), tmp_path / "media-target"
    garbage = tmp_path / "garbage.zip"
    garbage.write_bytes(b"this is not a zip file at all" * 100)
    _refused(_restore(settings, url, garbage, media), "备份文件已损坏或不完整")
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    _refused(_restore(settings, url, truncated, media), "备份文件已损坏或不完整")
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(tampered, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "tables/orgs.Organization.jsonl":
                data = data.replace("莲花街道".encode(), "某某街道".encode())
            dst.writestr(item, data)
    _refused(_restore(settings, url, tampered, media), "orgs.Organization", "校验失败")
    _refused(_restore(settings, url, tmp_path / "missing.zip", media), "找不到备份文件")
    _still_new(settings, url, archive, tmp_path)


def test_backup_errors_are_one_chinese_line_and_leave_no_archive(portal, settings, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    with unwritable(folder):
        done = manage(settings, "sqlite:///" + str(tmp_path / "x.sqlite3"), "backup", str(folder / "b.zip"),
                      check=False)
    _refused(done, "无法写入", "没有写入权限", "未生成备份文件")
    nowhere = manage(settings, "postgres://postgres@127.0.0.1:1/nowhere", "backup", str(tmp_path / "b.zip"),
                     check=False)
    _refused(nowhere, "数据库连接中断或数据库出错", "未生成备份文件")
    assert not (tmp_path / "b.zip").exists()


def test_backup_leaves_out_background_jobs_and_their_uploads(portal, settings, tmp_path,
                                                            django_capture_on_commit_callbacks):
    job = member_tasks.start_import(by=portal.t1_staff, data=b"PK not really a workbook", commit=False, rows=1)
    assert job.upload and (settings.MEDIA_ROOT / job.upload.name).exists()  # waiting in the queue
    member_tasks.start_export(by=portal.t1_staff, filters=QueryDict())
    with zipfile.ZipFile(_backup(tmp_path)) as zf:
        names = zf.namelist()
    assert Job.objects.count() == 2
    assert not [n for n in names if n.startswith("media/jobs/") or n.startswith("tables/jobs.")]
    assert "tables/members.Member.jsonl" in names and "media/" + job.upload.name not in names


@pytest.mark.postgres
def test_a_connection_cut_while_loading_rolls_the_restore_back(settings, tmp_path, migrated):  # noqa: F811
    from demo import scale

    scale.generate(scale.Request(members=60_000, volunteers=10, orgs=30, service_records=10, seed=3))
    archive = _backup(tmp_path)
    url, media = migrated.new(), tmp_path / "media-target"
    name = url.rsplit("/", 1)[1]
    proc = subprocess.Popen([sys.executable, "manage.py", "restore", str(archive)], cwd=ROOT,
                            env=command_env(settings, url, MEDIA_ROOT=str(media)), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    from django.db import connections

    watcher = connections.create_connection("default")
    cut = False
    try:
        with watcher.cursor() as cursor:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and proc.poll() is None and not cut:
                cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                               "AND query ILIKE 'COPY %%members_member%%'", [name])
                cut = bool(cursor.fetchall())
                time.sleep(0.01)
    finally:
        watcher.close()
    out, err = proc.communicate(timeout=120)
    assert cut, "the restore finished before its connection could be cut: " + err[-500:]
    _refused(subprocess.CompletedProcess(proc.args, proc.returncode, out, err), "数据库连接中断", "未改动")
    _still_new(settings, url, archive, tmp_path)
