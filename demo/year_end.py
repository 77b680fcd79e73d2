"""The district's plan and its year: seed 001's five-year targets for 雁江区 (data a district keeps,
set once) and last year's statistics reported to the city (``reports.services``, seed 002)."""

from datetime import date

from demo.region import Region
from reports.models import Metric, Target
from reports.services import submit_year_end_report

#: seed 001 (雁江区红十字事业发展规划 2021—2025): what the plan adds over its five years
PLAN = (date(2021, 1, 1), date(2025, 12, 31), {
    Metric.CERTIFIED_FIRST_AIDERS: 4800,
    Metric.PEOPLE_TRAINED: 29000,
    Metric.STEM_CELL_SAMPLES: 200,
    Metric.ORGAN_DONATION_REGISTRATIONS: 50,
    Metric.RESCUE_TEAMS: 1,
})


def make_plan_and_report(region: Region) -> None:
    district = region.org("雁江区红十字会")
    starts_on, ends_on, values = PLAN
    for metric, value in values.items():
        Target.objects.create(org=district, metric=metric, starts_on=starts_on, ends_on=ends_on, value=value)
    submit_year_end_report(district, year=region.today.year - 1, by=region.account("yj_admin"))
