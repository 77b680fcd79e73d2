"""Statistics of a body's subtree as of any date (DESIGN.md §6, seed 002 附件1 and 附件2).

Every figure is one aggregate query over the subtree's materialized-path prefix; a breakdown
by child body is the same query grouped by the child's path prefix. Nothing loops over orgs.

As-of rules:
* an org exists on a date when it was founded on or before it (``founded_on``; bodies without
  one count from the start) and not dissolved by then (``dissolved_on``);
* a governance fact holds on a date when its event occurred on or before it;
* a body is due for 换届 when its last general election is more than ``TERM_YEARS`` before the
  date, or it has none on record.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, Max, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Substr

from members.models import Kind, Spell
from members.querysets import spell_open_on
from orgs.models import GRASSROOTS_LEVELS, TERM_YEARS, GovernanceEvent, GovernanceKind, Level, Organization
from reports.models import Metric, Target
from volunteers.models import (
    Activity,
    ActivityType,
    ServiceRecord,
    ServiceTeam,
    Specialty,
    VolunteerSpell,
)


@dataclass(frozen=True)
class Item:
    number: int
    survey_label: str  # 附件1 组织体系建设工作情况调查表
    increase_label: str  # 附件2 组织体系建设年工作成效统计表


ITEMS: tuple[Item, ...] = (
    Item(1, "县级红十字会理顺管理体制数", "县级红十字会理顺管理体制增加数"),
    Item(2, "市级红十字会应换届数", "市级红十字会完成换届增加数"),
    Item(3, "县级红十字会应换届个数", "县级红十字会完成换届增加数"),
    Item(4, "市级红十字会已设立党组数", "市级红十字会设立党组增加数"),
    Item(5, "县级红十字会已设立党组数", "县级红十字会设立党组增加数"),
    Item(6, "市级红十字会已设立监事会数", "市级红十字会设立监事会增加数"),
    Item(7, "县级红十字会已设立监事会数", "县级红十字会设立监事会增加数"),
    Item(8, "红十字会基层组织数", "红十字会基层组织增加数"),
    Item(9, "红十字会团体会员数", "红十字会团体会员增加数"),
    Item(10, "红十字会成人会员数", "红十字会成人会员增加数"),
    Item(11, "红十字会青少年会员数", "红十字会青少年会员增加数"),
    Item(12, "红十字会注册志愿者数", "红十字会注册志愿者增加数"),
    Item(13, "红十字会志愿服务组织数", "红十字会志愿服务组织增加数"),
    Item(14, "红十字会志愿服务总时长", "红十字会志愿服务总时长增加数"),
)


def years_before(on: date, years: int) -> date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


def _event(kind: str, on: date, after: date | None = None):
    events = GovernanceEvent.objects.filter(org=OuterRef("pk"), kind=kind, occurred_on__lte=on)
    if after is not None:
        events = events.filter(occurred_on__gt=after)
    return Exists(events)


def _org_aggregates(on: date, *, elections_after: date | None = None) -> dict:
    """The aggregate expressions of items 1–8 on ``on``.

    With ``elections_after`` items 2 and 3 count elections held after that date (附件2's
    完成换届增加数) instead of bodies due for one (附件1's 应换届数).
    """
    city = Q(level=Level.CITY)
    county = Q(level=Level.COUNTY)
    if elections_after is None:
        cutoff = years_before(on, TERM_YEARS)
        due = Q(last_election__isnull=True) | Q(last_election__lte=cutoff)
        city_elections, county_elections = city & due, county & due
    else:
        held = Q(elections_held=True)
        city_elections, county_elections = city & held, county & held
    return {
        "i1": Count("pk", filter=county & Q(rationalised=True)),
        "i2": Count("pk", filter=city_elections),
        "i3": Count("pk", filter=county_elections),
        "i4": Count("pk", filter=city & Q(party_group=True)),
        "i5": Count("pk", filter=county & Q(party_group=True)),
        "i6": Count("pk", filter=city & Q(supervisory_board=True)),
        "i7": Count("pk", filter=county & Q(supervisory_board=True)),
        "i8": Count("pk", filter=Q(level__in=GRASSROOTS_LEVELS) & ~Q(founded_on__isnull=True)),
    }


def _annotated_orgs(root: Organization, on: date, elections_after: date | None = None):
    last_election = (GovernanceEvent.objects
                     .filter(org=OuterRef("pk"), kind=GovernanceKind.GENERAL_ELECTION, occurred_on__lte=on)
                     .values("org").annotate(last=Max("occurred_on")).values("last"))
    qs = (Organization.objects.order_by()
          .filter(path__startswith=root.path)
          .existing_on(on)
          .annotate(rationalised=_event(GovernanceKind.MANAGEMENT_RATIONALISED, on),
                    party_group=_event(GovernanceKind.PARTY_GROUP, on),
                    supervisory_board=_event(GovernanceKind.SUPERVISORY_BOARD, on),
                    last_election=Subquery(last_election)))
    if elections_after is not None:
        qs = qs.annotate(elections_held=_event(GovernanceKind.GENERAL_ELECTION, on, after=elections_after))
    return qs


def org_items(root: Organization, on: date) -> dict[int, int]:
    """Items 1–8 of 附件1 for ``root``'s subtree on ``on``: one query."""
    row = _annotated_orgs(root, on).aggregate(**_org_aggregates(on))
    return {int(k[1:]): v for k, v in row.items()}


def _by_branch(queryset, path_field: str, root: Organization, aggregates: dict) -> dict[str, dict[int, int]]:
    """The same aggregates grouped by the child of ``root`` each row lies under: one query."""
    prefix_len = (root.depth + 1) * Organization.steplen
    rows = (queryset.filter(**{f"{path_field}__startswith": root.path})
            .exclude(**{path_field: root.path})
            .annotate(branch=Substr(path_field, 1, prefix_len))
            .values("branch").annotate(**aggregates).order_by())
    return {r["branch"]: {int(k[1:]): r[k] for k in aggregates} for r in rows}


def org_items_by_child(root: Organization, on: date) -> dict[str, dict[int, int]]:
    """Items 1–8 per child of ``root`` (keyed by the child's path): one grouped query."""
    return _by_branch(_annotated_orgs(root, on), "path", root, _org_aggregates(on))


def org_increase_items(root: Organization, on: date, base: date, now: dict | None = None) -> dict[int, int]:
    """Items 1–8 of 附件2: the increase over ``base`` (the base year's last day). ``now``: items
    1–8 on ``on`` when the caller already has them (the report has the survey)."""
    now = now or org_items(root, on)
    then = org_items(root, base)
    elections = _annotated_orgs(root, on, elections_after=base).aggregate(
        **{k: v for k, v in _org_aggregates(on, elections_after=base).items() if k in ("i2", "i3")})
    increase = {n: now[n] - then[n] for n in now}
    increase[2], increase[3] = elections["i2"], elections["i3"]
    return increase


# --- people: members and volunteers (items 9–14) ----------------------------------------------

def _people_sources(on: date):
    """(queryset, path to the org's materialized path, aggregates) for items 9–14 on ``on``.

    Members are counted from their membership spells (会籍): a member counts where their spell
    is open on the date, so transfers and leaving are right as of any date. Volunteers likewise
    from their spells on the register (``VolunteerSpell``); teams while founded and not dissolved;
    hours once approved and served by the date, at the org they were credited to when entered.
    """
    spells = Spell.objects.open_on(on)
    volunteers = VolunteerSpell.objects.open_on(on)
    teams = ServiceTeam.objects.alive_on(on)
    hours = ServiceRecord.objects.approved(on)
    return [
        (spells, "org__path", {"i9": Count("pk", filter=Q(member__kind=Kind.GROUP)),
                               "i10": Count("pk", filter=Q(member__kind=Kind.ADULT)),
                               "i11": Count("pk", filter=Q(member__kind=Kind.YOUTH))}),
        (volunteers, "org__path", {"i12": Count("pk")}),
        (teams, "org__path", {"i13": Count("pk")}),
        (hours, "credited_org__path", {"i14": Coalesce(Sum("hours"), Value(0), output_field=DecimalField())}),
    ]


def _number(value):
    """Hours are decimals in the database and stay Decimal, so sums and increases are exact
    (0.4 − 0.1 is 0.3, not 0.30000000000000004); whole hours read better as integers."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value.normalize()
    return value


def people_items(root: Organization, on: date) -> dict[int, int | Decimal]:
    """Items 9–14 of 附件1: one aggregate query per source table."""
    result = {}
    for queryset, path, aggregates in _people_sources(on):
        row = queryset.filter(**{f"{path}__startswith": root.path}).aggregate(**aggregates)
        result.update({int(k[1:]): _number(v) for k, v in row.items()})
    return result


def people_items_by_child(root: Organization, on: date) -> dict[str, dict[int, int | Decimal]]:
    merged: dict[str, dict[int, int | Decimal]] = {}
    for queryset, path, aggregates in _people_sources(on):
        for branch, figures in _by_branch(queryset, path, root, aggregates).items():
            merged.setdefault(branch, dict.fromkeys(range(9, 15), 0)).update(
                {n: _number(v) for n, v in figures.items()})
    return merged


def survey(root: Organization, on: date) -> dict[int, int | Decimal]:
    """All 14 items of seed 002 附件1 组织体系建设工作情况调查表."""
    return {**org_items(root, on), **people_items(root, on)}


def survey_by_child(root: Organization, on: date) -> dict[str, dict[int, int | Decimal]]:
    orgs, people = org_items_by_child(root, on), people_items_by_child(root, on)
    empty_people = dict.fromkeys(range(9, 15), 0)
    return {branch: {**figures, **people.get(branch, empty_people)} for branch, figures in orgs.items()}


def increase(root: Organization, on: date, base: date, survey_now: dict | None = None) -> dict[int, int | Decimal]:
    """All 14 items of seed 002 附件2 组织体系建设年工作成效统计表: the increase over ``base``.
    ``survey_now``: the survey on ``on`` when the caller already has it (saves its queries)."""
    now = {n: v for n, v in survey_now.items() if n >= 9} if survey_now else people_items(root, on)
    org_now = {n: v for n, v in survey_now.items() if n <= 8} if survey_now else None
    then = people_items(root, base)
    return {**org_increase_items(root, on, base, org_now), **{n: _number(now[n] - then[n]) for n in now}}


# --- coverage (DESIGN.md §6; seed 003: villages/communities 40%) -----------------------------

VILLAGE_COVERAGE_TARGET = 0.40


@dataclass(frozen=True)
class Coverage:
    covered: int
    total: int
    target: float | None = None

    @property
    def ratio(self) -> float | None:
        return self.covered / self.total if self.total else None

    @property
    def meets_target(self) -> bool | None:
        if self.target is None or self.ratio is None:
            return None
        return self.ratio >= self.target


def coverage(root: Organization, on: date) -> dict[str, Coverage]:
    """Towns/streets and district departments with a filed org over all of them; villages and
    communities with an org (红十字会 or 红十字小组) over all villages of the towns. One query."""
    filed = Q(founded_on__isnull=False) & Q(founded_on__lte=on)
    row = (Organization.objects.order_by()
           .filter(path__startswith=root.path)
           .not_dissolved_on(on)
           .aggregate(units=Count("pk", filter=Q(level__in=(Level.TOWN, Level.DEPARTMENT))),
                      units_filed=Count("pk", filter=Q(level__in=(Level.TOWN, Level.DEPARTMENT)) & filed),
                      village_orgs=Count("pk", filter=Q(level=Level.VILLAGE)),
                      villages_covered=Count("pk", filter=Q(level=Level.VILLAGE) & filed),
                      villages_declared=Sum("villages_total", filter=Q(level=Level.TOWN)),
                      towns_declaring=Count("pk", filter=Q(level=Level.TOWN, villages_total__isnull=False))))
    # Towns that declared how many villages they have count those; the others count their
    # registered village orgs (an under-estimate of the denominator, said on the page).
    villages_total = max(row["villages_declared"] or 0, row["village_orgs"]) if row["towns_declaring"] \
        else row["village_orgs"]
    return {
        "towns": Coverage(row["units_filed"], row["units"]),
        "villages": Coverage(row["villages_covered"], villages_total, VILLAGE_COVERAGE_TARGET),
    }


# --- targets of seed 001 (雁江区红十字事业发展规划 2021—2025) ----------------------------------

#: measures no register of their own feeds yet (training records, donor registers): only the
#: tallies typed on activities count, so a period without any says 无数据来源 rather than a 0
#: that reads as "none done"
NO_REGISTER = frozenset({Metric.PEOPLE_TRAINED, Metric.STEM_CELL_SAMPLES, Metric.ORGAN_DONATION_REGISTRATIONS})
NO_SOURCE = "无数据来源"


@dataclass(frozen=True)
class Progress:
    target: "object"  # reports.models.Target
    achieved: int | None  # None: no data feeds it (NO_SOURCE)

    @property
    def ratio(self) -> float | None:
        if self.achieved is None:
            return None
        return min(self.achieved / self.target.value, 1.0) if self.target.value else 1.0


def target_progress(root: Organization, on: date) -> list[Progress]:
    """Each target set for ``root`` whose period has begun, against what its subtree achieved from
    the period's start to ``on``: activities' counts (one aggregate query) and rescue teams in
    being on ``on`` (seed 001: at least one 应急救援队)."""
    targets = list(Target.objects.filter(org=root, starts_on__lte=on).order_by("metric", "starts_on"))
    if not targets:
        return []
    in_subtree = Activity.objects.filter(org__path__startswith=root.path, held_on__lte=on)

    def sums(since: date) -> dict:
        """All four activity metrics since ``since``: one aggregate query per plan period."""
        return in_subtree.filter(held_on__gte=since).aggregate(
            certified_first_aiders=Coalesce(Sum("certified_first_aiders"), 0),
            people_trained=Coalesce(Sum("people_trained"), 0),
            stem_cell_samples=Coalesce(Sum("donor_registrations", filter=Q(type=ActivityType.STEM_CELL)), 0),
            organ_donation_registrations=Coalesce(Sum("donor_registrations", filter=Q(type=ActivityType.ORGAN)), 0))

    by_start: dict[date, dict] = {}
    teams = ServiceTeam.objects.alive_on(on).within(root).filter(specialty=Specialty.RESCUE).count()
    progress = []
    for target in targets:
        if target.metric == Metric.RESCUE_TEAMS:
            achieved = teams
        else:
            if target.starts_on not in by_start:
                by_start[target.starts_on] = sums(target.starts_on)
            achieved = by_start[target.starts_on][target.metric]
            if target.metric in NO_REGISTER and not achieved:
                achieved = None
        progress.append(Progress(target, achieved))
    return progress


# --- series for the page's charts ---------------------------------------------------------------

def members_over_time(root: Organization, dates: list[date]) -> dict[str, list[int]]:
    """Members of each kind on each date: one query, a conditional count per (date, kind)."""
    aggregates = {}
    for i, on in enumerate(dates):
        for kind in Kind:
            aggregates[f"{kind.value}_{i}"] = Count("pk", filter=spell_open_on(on) & Q(member__kind=kind))
    row = Spell.objects.within(root).aggregate(**aggregates)
    return {kind.label: [row[f"{kind.value}_{i}"] for i in range(len(dates))] for kind in Kind}


def village_coverage_by_town(root: Organization, on: date) -> list[tuple[str, int, int]]:
    """(town, villages with an org, villages of the town) for every town in the subtree. Two
    queries: the towns, then the founded village orgs grouped by their path prefix at the towns'
    depth (a correlated count per town scanned every village once per town, bench/EXPLAIN.md).
    Towns do not nest, so each village counts under one town at most. A town that has not
    declared its number of villages counts its child orgs instead."""
    towns = list(Organization.objects.filter(path__startswith=root.path, level=Level.TOWN).not_dissolved_on(on)
                 .values_list("path", "name", "villages_total", "numchild").order_by("path"))
    villages = (Organization.objects.filter(path__startswith=root.path, level=Level.VILLAGE, founded_on__lte=on)
                .not_dissolved_on(on).order_by())
    covered: dict[str, int] = {}
    for length in sorted({len(path) for path, *_ in towns}):  # one length unless towns sit at several depths
        covered.update(villages.annotate(town=Substr("path", 1, length)).values("town")
                       .annotate(n=Count("pk")).values_list("town", "n"))
    return [(name, covered.get(path, 0), total if total is not None else children)
            for path, name, total, children in towns]


def hours_by_specialty(root: Organization, on: date) -> dict[str, int | Decimal]:
    """Approved hours by the specialty of the team they were served with: one grouped query."""
    rows = (ServiceRecord.objects.approved(on).credited_within(root)
            .values("team__specialty").annotate(total=Sum("hours")).order_by("team__specialty"))
    labels = dict(Specialty.choices)
    return {labels.get(r["team__specialty"], "未编队"): _number(r["total"]) for r in rows}
