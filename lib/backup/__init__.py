"""Backup and restore of the whole portal: database rows and uploaded files in one .zip
(等保 8.1.4.9).

The archive holds ``manifest.json`` (format, the fingerprints of the PII keys, per table its
columns, row count and SHA-256, per file its SHA-256), ``tables/<app.Model>.jsonl`` (one JSON
array per row, database-neutral: a SQLite backup restores into PostgreSQL and back) and
``media/…``. Background jobs, sessions, lock-outs and the task queue are left out.

A restore checks the archive and the keys, and that the target is a new database (rows that
migrations create are expected), before it touches anything; then it writes the files to a
staging folder, loads every table in one transaction (COPY on PostgreSQL), checks each table's
SHA-256 and count, moves the sequences past the ids, moves the files into place and commits.
Any failure leaves the database and the media folder as they were, and says why in Chinese.
"""

import hashlib
import json
import zipfile
import zlib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from lib import pii, storage_errors
from lib.backup import media, tables

FORMAT = 2
UNTOUCHED = "数据库和上传文件均未改动。"


class BackupError(Exception):
    """A backup or restore that could not be done; the message is for the operator, in Chinese."""


RestoreError = BackupError


def _why(exc: BaseException, *, archive: Path, restoring: bool) -> str | None:
    """The Chinese sentence for what went wrong, or None for a bug (left to its traceback)."""
    untouched = UNTOUCHED if restoring else "未生成备份文件。"
    if isinstance(exc, FileNotFoundError) and Path(exc.filename or "") == archive and restoring:
        return f"找不到备份文件：{archive}"
    if isinstance(exc, zipfile.BadZipFile | zlib.error | EOFError | json.JSONDecodeError | UnicodeDecodeError
                  | KeyError) or (isinstance(exc, ValueError | ValidationError) and restoring):
        return f"备份文件已损坏或不完整，无法读取：{archive}。{untouched}"
    if isinstance(exc, DatabaseError):
        return f"数据库连接中断或数据库出错，{'恢复' if restoring else '备份'}未完成。{untouched}请检查数据库后重试。"
    if storage_errors.is_storage_error(exc):
        where = exc.filename or ""
        return f"无法写入 {where}（{storage_errors.why(exc)}），{'恢复' if restoring else '备份'}未完成。{untouched}"
    return None


def _guarded(action, *, archive: Path, restoring: bool):
    try:
        return action()
    except BackupError:
        raise
    except Exception as exc:
        why = _why(exc, archive=archive, restoring=restoring)
        if why is None:
            raise
        raise BackupError(why) from exc


# ---- backup ---------------------------------------------------------------------------------

def backup(path: Path) -> dict:
    path = Path(path)
    try:
        return _guarded(lambda: _backup(path), archive=path, restoring=False)
    except BaseException:
        path.unlink(missing_ok=True)  # never leave half an archive that looks like a backup
        raise


def _write_member(archive: zipfile.ZipFile, name: str, produce) -> tuple[str, int]:
    digest = hashlib.sha256()
    with archive.open(name, "w", force_zip64=True) as out:
        def write(data: bytes) -> None:
            digest.update(data)
            out.write(data)
        result = produce(write)
    return digest.hexdigest(), result


def _backup(path: Path) -> dict:
    from django.db import connection

    outer = connection.in_atomic_block
    with transaction.atomic(), zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        if connection.vendor == "postgresql" and not outer:  # one snapshot: every table as of one moment
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        manifest = {"format": FORMAT, "created_at": timezone.now().isoformat(), "keys": pii.fingerprints(),
                    "natural_keys": tables.natural_keys(), "tables": {}, "media": {}}
        for model in tables.models():
            label = model._meta.label
            digest, rows = _write_member(archive, f"tables/{label}.jsonl", lambda w, m=model: tables.dump(m, w))
            manifest["tables"][label] = {"columns": [f.attname for f in tables.columns(model)], "rows": rows,
                                         "sha256": digest}
        for name, file in media.files():
            with open(file, "rb") as src:
                digest, _ = _write_member(archive, f"media/{name}", lambda w, s=src: _copy(s, w))
            manifest["media"][name] = digest
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def _copy(source, write) -> None:
    while chunk := source.read(1 << 20):
        write(chunk)


# ---- restore --------------------------------------------------------------------------------

def restore(path: Path, *, allow_non_empty: bool = False) -> dict:
    path = Path(path)
    return _guarded(lambda: _restore(path, allow_non_empty=allow_non_empty), archive=path, restoring=True)


def _check_keys(manifest: dict) -> None:
    ours, theirs = pii.fingerprints(), manifest["keys"]
    if set(theirs["encryption"]) - set(ours["encryption"]):
        raise BackupError("备份时的身份证号码加密密钥（PII_ENCRYPTION_KEY，未设置时由 SECRET_KEY 派生）不在当前配置中："
                          "恢复后将无法读取身份证号码。请使用备份时的密钥配置再恢复。" + UNTOUCHED)
    if theirs["hash"] != ours["hash"]:
        raise BackupError("备份时的身份证号码索引密钥（PII_HASH_KEY，未设置时由 SECRET_KEY 派生）与当前配置不同："
                          "恢复后将无法按身份证号码查重和查找。请使用备份时的密钥配置再恢复。" + UNTOUCHED)


def _check_archive(archive: zipfile.ZipFile) -> tuple[dict, dict]:
    manifest = json.loads(archive.read("manifest.json"))
    if manifest.get("format") != FORMAT:
        raise BackupError("备份文件的格式与当前版本不符（可能由旧版本生成），无法恢复。" + UNTOUCHED)
    _check_keys(manifest)
    models = {}
    for label, table in manifest["tables"].items():
        model = next((m for m in tables.models() if m._meta.label == label), None)
        if model is None or [f.attname for f in tables.columns(model)] != table["columns"]:
            raise BackupError(f"备份中的数据表 {label} 与当前数据库结构不一致：请在与备份时相同版本的平台上"
                              "（迁移到同一版本后）恢复。" + UNTOUCHED)
        models[label] = model
    for name in manifest["media"]:
        if not media.safe_name(name):
            raise BackupError(f"备份中的文件路径不安全：{name}。" + UNTOUCHED)
    return manifest, models


def _check_empty() -> None:
    busy = [m for m in tables.models() if m._meta.label not in tables.MIGRATION_ROWS and m._base_manager.exists()]
    if busy:
        owner = (busy[0]._meta.auto_created or busy[0])._meta.verbose_name
        raise BackupError(f"目标数据库不是空的（已有“{owner}”等数据）：请在新建并迁移好的数据库上恢复；"
                          "确需覆盖现有数据时使用 --force。" + UNTOUCHED)


def _stage_media(archive: zipfile.ZipFile, manifest: dict, staging: media.Staging) -> None:
    for name, expected in manifest["media"].items():
        with archive.open(f"media/{name}") as src:
            digest = hashlib.sha256()
            reader = _Hashing(src, digest)
            staging.put(name, reader)
        if digest.hexdigest() != expected:
            raise BackupError(f"备份中的文件 {name} 校验失败（SHA-256 不符），备份可能已损坏。" + UNTOUCHED)


class _Hashing:
    def __init__(self, stream, digest):
        self.stream, self.digest = stream, digest

    def read(self, size=-1):
        data = self.stream.read(size)
        self.digest.update(data)
        return data

    def __iter__(self):
        for line in self.stream:
            self.digest.update(line)
            yield line


def _load(archive: zipfile.ZipFile, manifest: dict, models: dict, *, allow_non_empty: bool) -> None:
    everything = tables.models()
    tables.clear(everything if allow_non_empty else [m for m in everything
                                                     if m._meta.label in tables.MIGRATION_ROWS])
    for label, table in manifest["tables"].items():
        digest = hashlib.sha256()
        with archive.open(f"tables/{label}.jsonl") as src:
            try:
                rows = tables.load(models[label], _Hashing(src, digest), manifest["natural_keys"])
            except LookupError as exc:
                raise BackupError(f"备份中的 {exc.args[0]} 在当前数据库中不存在：请在与备份时相同版本的平台上恢复。"
                                  + UNTOUCHED) from None
        if digest.hexdigest() != table["sha256"]:
            raise BackupError(f"备份中的数据表 {label} 校验失败（SHA-256 不符），备份可能已损坏。" + UNTOUCHED)
        if rows != table["rows"] or tables.count(models[label]) != table["rows"]:
            raise BackupError(f"恢复后 {label} 的记录数与备份不符（{tables.count(models[label])} ≠ {table['rows']}）。"
                              + UNTOUCHED)
    tables.reset_sequences(everything)


def _restore(path: Path, *, allow_non_empty: bool) -> dict:
    with zipfile.ZipFile(path) as archive:
        manifest, models = _check_archive(archive)
        if not allow_non_empty:
            _check_empty()
        with media.Staging() as staging:
            _stage_media(archive, manifest, staging)
            try:
                with transaction.atomic():
                    _load(archive, manifest, models, allow_non_empty=allow_non_empty)
                    staging.install()
            except BaseException:
                staging.undo()
                raise
    manifest["counts"] = {label: table["rows"] for label, table in manifest["tables"].items()}
    return manifest
