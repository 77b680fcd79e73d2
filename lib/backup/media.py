"""The uploaded files of a backup, and their restore: written first to a staging folder inside
``MEDIA_ROOT`` (same filesystem, so each later move is one rename), moved into place only once
every row is loaded, and moved back — with any file they replaced — if anything fails before
the database commits."""

import os
import secrets
import shutil
from pathlib import Path

from django.conf import settings

#: never backed up: background jobs' uploads and results (jobs/), restore leftovers
SKIP_PREFIXES = ("jobs/", ".restore-")


def files() -> list[tuple[str, Path]]:
    """(archive name, path) of every file under ``MEDIA_ROOT`` that a backup keeps."""
    media = Path(settings.MEDIA_ROOT)
    if not media.exists():
        return []
    found = []
    for path in sorted(p for p in media.rglob("*") if p.is_file()):
        name = path.relative_to(media).as_posix()
        if not name.startswith(SKIP_PREFIXES):
            found.append((name, path))
    return found


def safe_name(name: str) -> bool:
    parts = Path(name).parts
    return bool(parts) and ".." not in parts and not Path(name).is_absolute() and not name.startswith(SKIP_PREFIXES)


class Staging:
    """``put`` files into the staging folder, ``install`` them into place, ``undo`` that."""

    def __init__(self):
        self.media = Path(settings.MEDIA_ROOT)
        self.folder = self.media / f".restore-{secrets.token_hex(6)}"
        self.moved: list[tuple[Path, Path, Path | None]] = []  # (target, staged, kept aside)

    def __enter__(self):
        return self

    def put(self, name: str, source) -> None:
        """The first file creates the staging folder: an unwritable media folder fails here, before
        the database is touched."""
        path = self.folder / "new" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as out:
            shutil.copyfileobj(source, out, 1 << 20)

    def install(self) -> None:
        staged_root = self.folder / "new"
        if not staged_root.exists():
            return
        for staged in sorted(p for p in staged_root.rglob("*") if p.is_file()):
            name = staged.relative_to(staged_root)
            target = self.media / name
            kept = None
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                kept = self.folder / "old" / name
                kept.parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, kept)
            self.moved.append((target, staged, kept))
            os.replace(staged, target)

    def undo(self) -> None:
        for target, staged, kept in reversed(self.moved):
            if target.exists():
                os.replace(target, staged)
            if kept is not None:
                os.replace(kept, target)
        self.moved.clear()

    def __exit__(self, *exc):
        shutil.rmtree(self.folder, ignore_errors=True)
