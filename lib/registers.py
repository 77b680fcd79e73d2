"""Counts that registers of people supply to the targets and statistics, by metric code (the codes
of ``reports.models.Metric``), so that reports read a register without importing its app: the app
registers a reader in its ``AppConfig.ready``; a metric with no reader has no data source."""

from collections.abc import Callable
from datetime import date

#: metric → reader(root org, period start, as-of date) → count in root's subtree
_READERS: dict[str, Callable[..., int]] = {}


def register(metric: str, reader: Callable[..., int]) -> None:
    _READERS[metric] = reader


def reader(metric: str) -> Callable[..., int] | None:
    return _READERS.get(metric)


def read(metric: str, root, since: date, on: date) -> int | None:
    """The register's count, or None when no register supplies ``metric``."""
    found = _READERS.get(metric)
    return None if found is None else found(root, since, on)
