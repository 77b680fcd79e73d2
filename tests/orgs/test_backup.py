import zipfile

import pytest
from django.core.management import CommandError, call_command

from orgs import audit
from orgs.models import AuditEvent, LeadershipTerm, Organization, User

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot():
    return {
        "orgs": sorted(Organization.objects.values_list("path", "name", "status")),
        "users": sorted(User.objects.values_list("username", "org__path", "role")),
        "terms": sorted(LeadershipTerm.objects.values_list("person_name", "org__path")),
        "audit": sorted(AuditEvent.objects.values_list("action", "username")),
    }


def test_backup_restores_every_record_and_file_into_an_empty_database(cast, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "seals").mkdir(parents=True)
    (settings.MEDIA_ROOT / "seals" / "seal.png").write_bytes(b"\x89PNG fake seal")
    LeadershipTerm.objects.create(org=cast.t1, role="president", person_name="甲", starts_on="2022-10-01")
    audit.record("test.before_backup", user=cast.t1_staff)
    before = snapshot()
    archive = tmp_path / "backup.zip"
    call_command("backup", str(archive))

    with pytest.raises(CommandError, match="目标数据库不是空的"):
        call_command("restore", str(archive))

    call_command("flush", interactive=False)
    (settings.MEDIA_ROOT / "seals" / "seal.png").unlink()
    assert Organization.objects.count() == 0
    call_command("restore", str(archive))
    assert snapshot() == before
    assert (settings.MEDIA_ROOT / "seals" / "seal.png").read_bytes() == b"\x89PNG fake seal"
    # The restored tree still works: a new child gets a fresh id and a correct path.
    t1 = Organization.objects.get(name="莲花街道红十字会")
    child = Organization.objects.add_child(t1, {"name": "新社区", "level": "village", "category": "community"})
    assert child.path.startswith(t1.path)


def test_tampered_backup_is_refused(cast, tmp_path):
    archive = tmp_path / "backup.zip"
    call_command("backup", str(archive))
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(tampered, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "data.json":
                data = data.replace("莲花街道".encode(), "某某街道".encode())
            dst.writestr(item, data)
    call_command("flush", interactive=False)
    with pytest.raises(CommandError, match="校验失败"):
        call_command("restore", str(tampered))
    assert Organization.objects.count() == 0
