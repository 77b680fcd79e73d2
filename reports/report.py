"""A whole statistics report of a subtree: what the page shows and the workbook holds."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from orgs.models import Organization
from reports import sections, statistics
from reports.statistics import ITEMS, Coverage

DEFAULT_BASE_YEAR = 2020  # seed 002: 表中“增加数”是指与 2020 年相比的增加数


def _json(value):
    """A figure for JSON (charts, the year-end snapshot): a Decimal as the number it shows; the sums
    behind it were made in Decimal."""
    return float(value) if isinstance(value, Decimal) else value


@dataclass
class Report:
    root: Organization
    on: date
    base_year: int
    survey: dict[int, Decimal | int | None]
    increase: dict[int, Decimal | int | None]
    coverage: dict[str, Coverage]
    targets: list = field(default_factory=list)
    timeline: list[date] = field(default_factory=list)
    members_over_time: dict[str, list[int]] = field(default_factory=dict)
    town_coverage: list[tuple[str, int, int]] = field(default_factory=list)
    hours_by_specialty: dict[str, Decimal | int] = field(default_factory=dict)
    children: list[tuple[Organization, dict[int, Decimal | int | None]]] = field(default_factory=list)
    #: ``(name, title, rows)`` of the sections other apps register (``reports.sections``)
    sections: list[tuple[str, str, list]] = field(default_factory=list)
    built_at: datetime = field(default_factory=timezone.now)

    @property
    def base_date(self) -> date:
        return date(self.base_year, 12, 31)

    def survey_rows(self):
        return [(item.number, item.survey_label, self.survey.get(item.number)) for item in ITEMS]

    def increase_rows(self):
        return [(item.number, item.increase_label, self.increase.get(item.number)) for item in ITEMS]

    def children_rows(self):
        return [(child, [figures.get(item.number) for item in ITEMS]) for child, figures in self.children]

    def chart_data(self) -> dict:
        """What the page's charts draw (Chart.js, served locally)."""
        return {
            "children": {"labels": [child.name for child, _ in self.children],
                         "series": {item.survey_label: [_json(figures.get(item.number) or 0)
                                                        for _, figures in self.children]
                                    for item in ITEMS if item.number in (8, 10, 12)}},
            "members": {"labels": [f"{d.year}年末" if (d.month, d.day) == (12, 31) else d.isoformat()
                                   for d in self.timeline], "series": self.members_over_time},
            "coverage": {"labels": [name for name, _, _ in self.town_coverage],
                         "series": {"已建红十字组织的村（社区）": [c for _, c, _ in self.town_coverage],
                                    "村（社区）总数": [t for _, _, t in self.town_coverage]}},
            "hours": {"labels": list(self.hours_by_specialty),
                      "series": {"志愿服务时长（小时）": [_json(v) for v in self.hours_by_specialty.values()]}},
        }

    def figures(self) -> dict:
        """A JSON-able snapshot (year-end reports keep this)."""
        return {"as_of": self.on.isoformat(), "base_year": self.base_year,
                "survey": {str(k): _json(v) for k, v in self.survey.items()},
                "increase": {str(k): _json(v) for k, v in self.increase.items()},
                "coverage": {k: [c.covered, c.total] for k, c in self.coverage.items()}}


def build_report(root: Organization, on: date, base_year: int = DEFAULT_BASE_YEAR, *,
                 with_children: bool = True) -> Report:
    base = date(base_year, 12, 31)
    survey = statistics.survey(root, on)
    report = Report(root=root, on=on, base_year=base_year, survey=survey,
                    increase=statistics.increase(root, on, base, survey), coverage=statistics.coverage(root, on),
                    targets=statistics.target_progress(root, on), sections=sections.build_sections(root, on))
    if with_children:
        report.timeline = [date(y, 12, 31) for y in range(base_year, on.year) if date(y, 12, 31) < on] + [on]
        report.members_over_time = statistics.members_over_time(root, report.timeline)
        report.town_coverage = statistics.village_coverage_by_town(root, on)
        report.hours_by_specialty = statistics.hours_by_specialty(root, on)
        by_branch = statistics.survey_by_child(root, on)
        children = Organization.objects.get_children(root).exclude(dissolved_on__lte=on)
        report.children = [(child, by_branch.get(child.path, {})) for child in children]
    return report


def page_report(root: Organization, on: date, base_year: int = DEFAULT_BASE_YEAR, *,
                refresh: bool = False) -> Report:
    """The statistics page's report, kept in the cache for ``PORTAL["STATS_CACHE_SECONDS"]``.
    Keyed by the body, its place in the tree, the date and the base year; ``refresh`` rebuilds it.
    The report carries ``built_at`` so the page can say how fresh it is."""
    seconds = settings.PORTAL["STATS_CACHE_SECONDS"]
    key = f"stats-report:{root.pk}:{root.path}:{on.isoformat()}:{base_year}"
    if seconds and not refresh:
        cached = cache.get(key)
        if cached is not None:
            return cached
    report = build_report(root, on, base_year)
    if seconds:
        cache.set(key, report, seconds)
    return report
