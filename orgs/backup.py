"""Backup and restore of the whole portal: database rows and uploaded files in one .zip
(等保 8.1.4.9). The archive holds ``data.json`` (Django's serialised rows, database-neutral, so a
SQLite backup restores into PostgreSQL and back), ``media/…`` and ``manifest.json`` with row counts
and SHA-256 sums that a restore checks before it reports success."""

import hashlib
import io
import json
import zipfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import management, serializers
from django.db import transaction

#: runtime-only tables that a restore does not need
SKIP = {"contenttypes", "sessions", "admin", "axes", "django_tasks_database"}


SKIP_MODELS = {"auth.Permission"}  # re-created by migrate with the same content


def _models():
    return [m for m in apps.get_models()
            if m._meta.app_label not in SKIP and m._meta.label not in SKIP_MODELS and not m._meta.proxy]


def _counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in _models()}


def backup(path: Path) -> dict:
    media = Path(settings.MEDIA_ROOT)
    buffer = io.StringIO()
    management.call_command("dumpdata", *sorted(m._meta.label for m in _models()), stdout=buffer)
    data = buffer.getvalue().encode()
    manifest = {"counts": _counts(), "data_sha256": hashlib.sha256(data).hexdigest(), "media": {}}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", data)
        if media.exists():
            for file in sorted(p for p in media.rglob("*") if p.is_file()):
                name = file.relative_to(media).as_posix()
                content = file.read_bytes()
                manifest["media"][name] = hashlib.sha256(content).hexdigest()
                archive.writestr(f"media/{name}", content)
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


class RestoreError(Exception):
    pass


def restore(path: Path, *, allow_non_empty: bool = False) -> dict:
    if not allow_non_empty and any(m._default_manager.exists() for m in _models()):
        raise RestoreError("目标数据库不是空的：请在新建的数据库上恢复（或确认后使用 --force）。")
    media = Path(settings.MEDIA_ROOT)
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        data = archive.read("data.json")
        if hashlib.sha256(data).hexdigest() != manifest["data_sha256"]:
            raise RestoreError("备份文件中的数据校验失败（SHA-256 不符），备份可能已损坏。")
        for name, digest in manifest["media"].items():
            if ".." in Path(name).parts or Path(name).is_absolute():
                raise RestoreError(f"备份中的文件路径不安全：{name}")
            if hashlib.sha256(archive.read(f"media/{name}")).hexdigest() != digest:
                raise RestoreError(f"备份中的文件 {name} 校验失败。")
        with transaction.atomic():
            for obj in serializers.deserialize("json", data):
                obj.save()
            counts = _counts()
            wrong = {k: (v, counts.get(k)) for k, v in manifest["counts"].items() if counts.get(k) != v}
            if wrong:
                raise RestoreError(f"恢复后的记录数与备份不符：{wrong}")
        for name in manifest["media"]:
            target = media / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(f"media/{name}"))
    _reset_sequences()
    return manifest


def _reset_sequences() -> None:
    """After loading rows with their ids, PostgreSQL's sequences must move past them."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    statements = connection.ops.sequence_reset_sql(management.color.no_style(), _models())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
