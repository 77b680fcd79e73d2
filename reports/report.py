"""A whole statistics report of a subtree: what the page shows and the workbook holds."""

from dataclasses import dataclass, field
from datetime import date

from orgs.models import Organization
from reports import statistics
from reports.statistics import ITEMS, Coverage

DEFAULT_BASE_YEAR = 2020  # seed 002: 表中“增加数”是指与 2020 年相比的增加数


@dataclass
class Report:
    root: Organization
    on: date
    base_year: int
    survey: dict[int, float | int | None]
    increase: dict[int, float | int | None]
    coverage: dict[str, Coverage]
    targets: list = field(default_factory=list)
    children: list[tuple[Organization, dict[int, float | int | None]]] = field(default_factory=list)

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
        """Per-child figures for the page's chart (Chart.js, served locally)."""
        return {"labels": [child.name for child, _ in self.children],
                "series": {item.survey_label: [figures.get(item.number) or 0 for _, figures in self.children]
                           for item in ITEMS if item.number in (8, 10, 12)}}

    def figures(self) -> dict:
        """A JSON-able snapshot (year-end reports keep this)."""
        return {"as_of": self.on.isoformat(), "base_year": self.base_year,
                "survey": {str(k): v for k, v in self.survey.items()},
                "increase": {str(k): v for k, v in self.increase.items()},
                "coverage": {k: [c.covered, c.total] for k, c in self.coverage.items()}}


def build_report(root: Organization, on: date, base_year: int = DEFAULT_BASE_YEAR, *,
                 with_children: bool = True) -> Report:
    base = date(base_year, 12, 31)
    report = Report(root=root, on=on, base_year=base_year, survey=statistics.survey(root, on),
                    increase=statistics.increase(root, on, base), coverage=statistics.coverage(root, on),
                    targets=statistics.target_progress(root, on))
    if with_children:
        by_branch = statistics.survey_by_child(root, on)
        children = Organization.objects.get_children(root).exclude(dissolved_on__lte=on)
        report.children = [(child, by_branch.get(child.path, {})) for child in children]
    return report
