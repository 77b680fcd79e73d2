"""Year-end figures up the tree (seed 002: 各级红十字会在年底前要将……统计表报送上级红十字会): the
body above sees which child bodies have submitted, opens each child's figures as submitted
(``reports.models.YearEndReport`` keeps them frozen), reminds those that have not, returns one for
correction with a comment, and compares the sum of the submitted figures with the same figures
computed now (``reports.report.build_report``)."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from lib import audit
from notices.models import YearEndReturn
from notifications import services as notifications
from orgs import scoping
from orgs.models import BODY_LEVELS, Organization, OrgStatus, Role, User
from reports.models import YearEndReport
from reports.report import build_report
from reports.statistics import ITEMS

REMINDED = notifications.reason("year_end.reminder", "年度统计催报")
RETURNED = notifications.reason("year_end.returned", "年度统计退回")
MIN_COMMENT = 4


@dataclass
class ChildRow:
    org: Organization
    report: YearEndReport | None
    last_return: YearEndReturn | None

    @property
    def state(self) -> str:
        if self.report:
            return "已报送"
        return "已退回" if self.last_return else "未报送"


def child_bodies(body: Organization):
    return (Organization.objects.filter(path__startswith=body.path, depth=body.depth + 1, level__in=BODY_LEVELS)
            .exclude(status=OrgStatus.DISSOLVED).order_by("path"))


def children_status(body: Organization, year: int) -> list[ChildRow]:
    """Each child body with its submitted report for ``year`` (or its latest return); three queries."""
    children = list(child_bodies(body))
    reports = {r.org_id: r for r in YearEndReport.objects.filter(org__in=children, year=year)}
    returns = {}
    for r in YearEndReturn.objects.filter(org__in=children, year=year).order_by("returned_at"):
        returns[r.org_id] = r
    return [ChildRow(c, reports.get(c.pk), returns.get(c.pk)) for c in children]


def _figure(figures: dict, number: int):
    value = (figures.get("survey") or {}).get(str(number))
    return value or 0


def compare(rows: list[ChildRow]) -> list[dict]:
    """Per item: the sum of the children's submitted figures and the same children computed now
    (as of each report's own date), and whether they differ."""
    submitted = [r.report for r in rows if r.report]
    live = [build_report(r.org, r.as_of, r.base_year, with_children=False).figures() for r in submitted]
    table = []
    for item in ITEMS:
        frozen = sum(_figure(r.figures, item.number) for r in submitted)
        now = sum(_figure(f, item.number) for f in live)
        table.append({"number": item.number, "label": item.survey_label, "submitted": frozen, "live": now,
                      "differs": round(float(frozen), 2) != round(float(now), 2)})
    return table


def figures_rows(report: YearEndReport | YearEndReturn) -> list[tuple]:
    return [(item.number, item.survey_label, _figure(report.figures, item.number)) for item in ITEMS]


def _require_above(by: User, org: Organization) -> None:
    """Only a body strictly above the reporting body reminds or returns (never the body itself)."""
    scoping.require(by, "stats.submit_year_end", org)
    if not by.is_superuser and by.org_id == org.pk:
        raise PermissionDenied("只有上级红十字会可以退回或催报本单位的年度统计。")


@transaction.atomic
def return_report(report: YearEndReport, *, by: User, comment: str) -> YearEndReturn:
    _require_above(by, report.org)
    comment = (comment or "").replace("\x00", "").strip()
    if len(comment) < MIN_COMMENT:
        raise ValidationError({"comment": f"请填写退回意见（至少{MIN_COMMENT}个字），说明需要更正的内容。"})
    report = YearEndReport.objects.select_for_update().filter(pk=report.pk).first()
    if report is None:
        raise ValidationError("该年度统计已被退回。")
    kept = YearEndReturn.objects.create(org=report.org, year=report.year, figures=report.figures,
                                        submitted_at=report.submitted_at, comment=comment[:300], returned_by=by)
    report.delete()  # the child may submit again; what it had submitted stays in ``kept``
    audit.record("year_end.return", user=by, obj=kept, org=kept.org, year=kept.year, comment=kept.comment)
    notifications.notify(User.objects.filter(org=kept.org, role=Role.ADMIN),
                         f"{by.org.name}退回了本单位{kept.year}年度统计：{comment[:100]}", reason=RETURNED,
                         link=reverse("reports:statistics"), org=kept.org,
                         about_key=f"year_end:{kept.org_id}:{kept.year}")
    return kept


@transaction.atomic
def remind(body: Organization, *, year: int, by: User) -> int:
    """Remind the admins of every child body that has not submitted ``year`` (once a day each)."""
    scoping.require(by, "stats.submit_year_end", body)
    late = [row.org for row in children_status(body, year) if row.report is None]
    for org in late:
        notifications.notify(User.objects.filter(org=org, role=Role.ADMIN),
                             f"【催报】请尽快向{body.name}报送{year}年度统计。", reason=REMINDED,
                             link=reverse("reports:statistics"), org=body, about_key=f"year_end:{org.pk}:{year}",
                             once_a_day=True)
    audit.record("year_end.remind", user=by, org=body, year=year, orgs=len(late))
    return len(late)


def default_year(today: date) -> int:
    return today.year - 1 if today.month < 12 else today.year
