"""A deterministic, national-shaped Red Cross tree for benchmarks and load tests (bench/).

Rows are bulk-inserted with their materialized paths computed here, so 20,000 orgs take
seconds rather than the minutes that ``add_child`` one at a time would.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from orgs.models import Category, GovernanceEvent, GovernanceKind, Level, Organization, OrgStatus

BATCH = 5000
TOWN_WORDS = "东西南北中新安平和兴华阳山河湖桥城乡林江"
GRASSROOTS_CATEGORIES = [(Level.VILLAGE, Category.COMMUNITY), (Level.VILLAGE, Category.VILLAGE),
                         (Level.UNIT, Category.SCHOOL), (Level.UNIT, Category.MEDICAL),
                         (Level.UNIT, Category.ENTERPRISE), (Level.UNIT, Category.INSTITUTION)]


@dataclass(frozen=True)
class Shape:
    provinces: int
    cities: int  # per province
    counties: int  # per city
    towns: int  # towns/streets per county
    departments: int  # district departments per county
    grassroots: int  # villages/communities/units per town

    @property
    def total(self) -> int:
        counties = self.provinces * self.cities * self.counties
        return (self.provinces + self.provinces * self.cities + counties
                + counties * (self.towns + self.departments) + counties * self.towns * self.grassroots)


def shape_for(orgs: int, provinces: int | None = None) -> Shape:
    """A tree of about ``orgs`` nodes with China's proportions (cities of ~6 counties, counties of
    ~12 towns and ~8 departments, towns of villages and units); ~100 counties a province unless
    ``provinces`` is given."""
    per_county = 1 + 12 + 8 + 12 * 6
    counties = max(1, round(orgs / per_county))
    provinces = provinces or max(1, round(counties / 100))
    cities = max(1, round(counties / provinces / 6))
    counties_per_city = max(1, round(counties / provinces / cities))
    shape = Shape(provinces, cities, counties_per_city, 12, 8, 6)
    # Spread what is left over the towns so the total lands near the request.
    spare = orgs - shape.total
    towns = provinces * cities * counties_per_city * 12
    return Shape(provinces, cities, counties_per_city, 12, 8, max(1, 6 + -(-spare // max(towns, 1))))


def _path(parent_path: str, position: int) -> str:
    return parent_path + Organization._int2str(position).rjust(Organization.steplen, "0")


def build_tree(orgs: int, seed: int = 1, provinces: int | None = None) -> Shape:
    """Insert a tree of about ``orgs`` nodes under new roots. Deterministic for a seed."""
    rng = random.Random(seed)
    shape = shape_for(orgs, provinces)
    start = Organization.objects.filter(depth=1).count()
    rows: list[Organization] = []
    events: list[tuple[str, str, date]] = []
    founded_base = date(2018, 1, 1)

    def add(path, depth, numchild, **fields):
        rows.append(Organization(path=path, depth=depth, numchild=numchild, **fields))
        if len(rows) >= BATCH:
            _flush(rows)

    for p in range(1, shape.provinces + 1):
        p_path = _path("", start + p)
        add(p_path, 1, shape.cities, name=f"第{start + p}省红十字会", level=Level.PROVINCE,
            resident_population=rng.randint(20_000_000, 90_000_000))
        for c in range(1, shape.cities + 1):
            c_path = _path(p_path, c)
            add(c_path, 2, shape.counties, name=f"第{start + p}省第{c}市红十字会", level=Level.CITY,
                resident_population=rng.randint(1_000_000, 8_000_000))
            events += _governance(rng, c_path)
            for k in range(1, shape.counties + 1):
                k_path = _path(c_path, k)
                county = f"{start + p}-{c}-{k}县"
                add(k_path, 3, shape.towns + shape.departments, name=f"{county}红十字会", level=Level.COUNTY,
                    resident_population=rng.randint(200_000, 1_500_000))
                events += _governance(rng, k_path)
                for t in range(1, shape.towns + 1):
                    t_path = _path(k_path, t)
                    town = f"{county}{TOWN_WORDS[t % len(TOWN_WORDS)]}{t}镇"
                    filed = rng.random() < 0.7
                    add(t_path, 4, shape.grassroots, name=f"{town}红十字会", level=Level.TOWN,
                        category=Category.TOWN, host_unit=f"{town}人民政府",
                        resident_population=rng.randint(10_000, 90_000), villages_total=shape.grassroots + 4,
                        status=OrgStatus.FILED if filed else OrgStatus.PLANNED,
                        founded_on=founded_base + timedelta(days=rng.randint(0, 2500)) if filed else None)
                    for g in range(1, shape.grassroots + 1):
                        level, category = GRASSROOTS_CATEGORIES[(t + g) % len(GRASSROOTS_CATEGORIES)]
                        g_filed = rng.random() < 0.5
                        add(_path(t_path, g), 5, 0, name=f"{town}第{g}{category.label}红十字会", level=level,
                            category=category, resident_population=rng.randint(500, 8000),
                            status=OrgStatus.FILED if g_filed else OrgStatus.PLANNED,
                            founded_on=founded_base + timedelta(days=rng.randint(0, 2500)) if g_filed else None)
                for d in range(1, shape.departments + 1):
                    add(_path(k_path, shape.towns + d), 4, 0, name=f"{county}第{d}局红十字会",
                        level=Level.DEPARTMENT, category=Category.ORGAN, host_unit=f"{county}第{d}局",
                        status=OrgStatus.PLANNED)
    _flush(rows)
    ids = dict(Organization.objects.filter(path__in=[e[0] for e in events]).values_list("path", "pk"))
    GovernanceEvent.objects.bulk_create(
        [GovernanceEvent(org_id=ids[path], kind=kind, occurred_on=on) for path, kind, on in events],
        batch_size=BATCH)
    return shape


def _flush(rows: list[Organization]) -> None:
    Organization.objects.bulk_create(rows, batch_size=BATCH)
    rows.clear()


def _governance(rng: random.Random, path: str) -> list[tuple[str, str, date]]:
    facts = []
    for kind, share in ((GovernanceKind.MANAGEMENT_RATIONALISED, 0.8), (GovernanceKind.PARTY_GROUP, 0.5),
                        (GovernanceKind.SUPERVISORY_BOARD, 0.6), (GovernanceKind.GENERAL_ELECTION, 0.95)):
        if rng.random() < share:
            facts.append((path, kind, date(2015, 1, 1) + timedelta(days=rng.randint(0, 3600))))
    return facts
