"""Sections other apps add to the statistics report (page and workbook) without reports importing
them: an app registers ``build(root, on) -> rows`` in its ``AppConfig.ready()``; each row is
``(label, unit, value)``. Sections appear in registration order, after the seed's tables."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

Row = tuple[str, str, object]


@dataclass(frozen=True)
class Section:
    name: str
    title: str
    build: Callable[..., list[Row]]


_SECTIONS: dict[str, Section] = {}


def register_section(name: str, title: str, build: Callable[..., list[Row]]) -> None:
    """Idempotent by ``name`` so a second ``ready()`` (tests, reloads) does not add it twice."""
    _SECTIONS[name] = Section(name, title, build)


def sections() -> list[Section]:
    return list(_SECTIONS.values())


def build_sections(root, on: date) -> list[tuple[str, str, list[Row]]]:
    """``(name, title, rows)`` for every registered section, for ``root``'s subtree as of ``on``."""
    return [(s.name, s.title, list(s.build(root, on))) for s in _SECTIONS.values()]
