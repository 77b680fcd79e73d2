from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from orgs import scoping
from orgs.models import BODY_LEVELS, Organization, User
from reports.models import YearEndReport
from reports.report import DEFAULT_BASE_YEAR, build_report


@transaction.atomic
def submit_year_end_report(body: Organization, *, year: int, by: User,
                           base_year: int = DEFAULT_BASE_YEAR) -> YearEndReport:
    """Seed 002: each body reports its year's 成效统计表 to the body above before the year ends.
    The snapshot is taken as of 31 December of ``year`` (or today, if that is still ahead)."""
    scoping.require(by, "stats.submit_year_end", body)
    if body.level not in BODY_LEVELS:
        raise ValidationError("只有县级以上红十字会报送年度统计。")
    if base_year >= year:
        raise ValidationError({"base_year": "对比基准年须早于报送年度。"})
    as_of = min(date(year, 12, 31), date.today())
    figures = build_report(body, as_of, base_year, with_children=False).figures()
    try:
        with transaction.atomic():
            return YearEndReport.objects.create(org=body, year=year, as_of=as_of, base_year=base_year,
                                                figures=figures, submitted_by=by)
    except IntegrityError:
        raise ValidationError({"year": f"{year}年度统计已报送，不能重复报送。"}) from None
