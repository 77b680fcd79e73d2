"""Where each unit stands in a campaign, as of a date — derived from the facts the unit keeps,
never ticked by the district (DESIGN.md §9: derived, never typed; a unit answers for itself).

``unit_rows(campaign, units, as_of)`` reads every unit with one query: each fact a milestone
rests on is a correlated subquery on the unit's own key (never on its path, so a village's
documents or filing never count for its town). The stages are read once more; the rest is
arithmetic in Python, so the board costs the same few queries at 10 units or 10,000.
"""

import math
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Max, Min, OuterRef, Subquery
from django.utils import timezone

from campaigns.models import Campaign, DocumentKind, Milestone, PaperCopy, StaffMember, Stage, UnitDocument
from filings.models import Attachment, AttachmentKind, Filing, Status
from orgs.models import LeadershipRole, LeadershipTerm


def _first(qs, column, agg=Min):
    return Subquery(qs.filter(org=OuterRef("pk")).order_by().values("org").annotate(v=agg(column)).values("v")[:1])


def _doc(kind):
    return _first(UnitDocument.objects.filter(kind=kind), "uploaded_at")


#: fact → the subquery that finds the first date the unit had it (on the unit's own key)
FACTS = {
    "candidates_doc": lambda: _doc(DocumentKind.CANDIDATES),
    "election_doc": lambda: _doc(DocumentKind.ELECTION),
    "election_attachment": lambda: Subquery(
        Attachment.objects.filter(filing__org=OuterRef("pk"), kind=AttachmentKind.ELECTION).order_by()
        .values("filing__org").annotate(v=Min("uploaded_at")).values("v")[:1]),
    "president": lambda: _first(LeadershipTerm.objects.filter(role=LeadershipRole.PRESIDENT), "starts_on"),
    "filed": lambda: _first(Filing.objects.filter(status=Status.FILED), "filed_at"),
    "paper_copy": lambda: _first(PaperCopy.objects.all(), "received_on"),
    "plan_doc": lambda: _doc(DocumentKind.PLAN),
    "rules_doc": lambda: _doc(DocumentKind.RULES),
    "staff": lambda: _first(StaffMember.objects.all(), "starts_on"),
    "filing_touched": lambda: _first(Filing.objects.all(), "updated_at", Max),
}


def _day(value) -> date | None:
    if isinstance(value, datetime):
        return timezone.localdate(value)
    return value


def _all(*days):
    """A milestone resting on several facts is met the day the last of them was there."""
    return None if any(d is None for d in days) else max(days)


def _any(*days):
    """A milestone one of several facts proves is met the day the first of them was there."""
    found = [d for d in days if d is not None]
    return min(found) if found else None


#: milestone → the day it was met, from the unit's facts (None: not met)
MET_ON = {
    Milestone.CANDIDATES: lambda f: f["candidates_doc"],
    # seed 000 （二）：召开会员代表大会，选举会长、副会长、秘书长 — a 会长 on record and the election
    # result (正式文件), uploaded here or attached to the 备案表
    Milestone.ELECTED: lambda f: _all(f["president"], _any(f["election_doc"], f["election_attachment"])),
    Milestone.FILED: lambda f: f["filed"],
    Milestone.PAPER_COPY: lambda f: f["paper_copy"],
    Milestone.RULES: lambda f: _all(f["plan_doc"], f["rules_doc"]),
    Milestone.STAFF: lambda f: f["staff"],
}

DONE, DONE_LATE, PENDING, LATE = "done", "done_late", "pending", "late"
STATE_LABELS = {DONE: "按期完成", DONE_LATE: "超期完成", PENDING: "未到期", LATE: "已超期"}


@dataclass
class StageState:
    stage: Stage
    state: str
    days_late: int = 0
    days_left: int = 0
    done_on: date | None = None
    missing: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def cell(self) -> str:
        """The board's and the workbook's word for it."""
        if self.state == DONE:
            return "按期完成"
        if self.state == DONE_LATE:
            return f"超期 {self.days_late} 天完成"
        if self.state == LATE:
            return f"超期 {self.days_late} 天"
        return f"未到期（剩 {self.days_left} 天）"


@dataclass
class UnitRow:
    org: object
    stages: list[StageState]
    last_activity: date | None
    score: int
    reasons: list[str]

    @property
    def days_late(self) -> int:
        return sum(s.days_late for s in self.stages)

    @property
    def late_now(self) -> bool:
        return any(s.state == LATE for s in self.stages)

    @property
    def state(self) -> str:
        """The unit's worst state: late now, late once, on track."""
        if self.late_now:
            return LATE
        if any(s.state == DONE_LATE for s in self.stages):
            return DONE_LATE
        return DONE if all(s.state == DONE for s in self.stages) else PENDING


def stage_state(stage: Stage, facts: dict, as_of: date) -> StageState:
    met = {m: MET_ON[m](facts) for m in stage.milestones}
    missing = [m for m, day in met.items() if day is None or day > as_of]
    if not missing:
        done_on = max(met.values(), default=stage.due_on)
        late = max(0, (done_on - stage.due_on).days)
        return StageState(stage, DONE_LATE if late else DONE, days_late=late, done_on=done_on)
    if as_of > stage.due_on:
        return StageState(stage, LATE, days_late=(as_of - stage.due_on).days, missing=missing)
    return StageState(stage, PENDING, days_left=(stage.due_on - as_of).days, missing=missing)


def score(campaign: Campaign, states: list[StageState]) -> tuple[int, list[str]]:
    """考核 score (seed 000 五（三）：视建立情况扣减相应考核分值): 100, less the campaign's deduction
    for each stage finished late or still late and for each week late (a week begun counts)."""
    points, reasons = 100, []
    for s in states:
        if s.days_late <= 0:
            continue
        weeks = math.ceil(s.days_late / 7)
        cut = campaign.deduct_per_stage + weeks * campaign.deduct_per_week
        points -= cut
        reasons.append(f"{s.stage.name}{'超期' if s.state == LATE else '超期完成'} {s.days_late} 天："
                       f"扣 {campaign.deduct_per_stage} 分，另 {weeks} 周 × {campaign.deduct_per_week} 分，"
                       f"共扣 {cut} 分")
    return max(points, 0), reasons


def with_facts(units):
    return units.annotate(**{f"fact_{name}": make() for name, make in FACTS.items()})


def row_of(campaign: Campaign, org, stages: list[Stage], as_of: date) -> UnitRow:
    facts = {name: _day(getattr(org, f"fact_{name}")) for name in FACTS}
    states = [stage_state(stage, facts, as_of) for stage in stages]
    seen = [d for d in facts.values() if d is not None and d <= as_of]
    points, reasons = score(campaign, states)
    return UnitRow(org, states, max(seen, default=None), points, reasons)


def unit_rows(campaign: Campaign, units, as_of: date) -> list[UnitRow]:
    """One row per unit of ``units`` (a queryset of the campaign's units), in the queryset's order."""
    stages = list(campaign.stages.all())
    return [row_of(campaign, org, stages, as_of) for org in with_facts(units)]


def campaigns_of(org):
    """The campaigns a unit takes part in (run by a body at or above it), the newest first."""
    paths = [org.path[:i] for i in range(org.steplen, len(org.path) + 1, org.steplen)]
    found = Campaign.objects.filter(org__path__in=paths).select_related("org").prefetch_related("stages")
    return [c for c in found if c.includes(org)]


def unit_progress(org, as_of: date | None = None) -> list[tuple[Campaign, UnitRow]]:
    """What a unit's home page shows: each of its campaigns, and where the unit itself stands."""
    as_of = as_of or timezone.localdate()
    out = []
    for campaign in campaigns_of(org):
        unit = with_facts(type(org).objects.filter(pk=org.pk)).get()
        out.append((campaign, row_of(campaign, unit, list(campaign.stages.all()), as_of)))
    return out
