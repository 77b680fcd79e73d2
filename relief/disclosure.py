"""What ``/disclosure/`` shows (红十字会法 §13–14, seed 004 “捐赠款物的公开”): for one body and one
released month, the donations received (anonymous donors as 爱心人士, no contact data) and every
recorded use of them, itemised by destination and never naming a beneficiary. Each page is built
from a fixed number of queries, whatever the month holds."""

import calendar
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q, Sum
from django.http import Http404

from orgs.models import Organization
from relief.models import Donation, DonationUse, Move, Release


def released_months():
    """Every released (body, year, month), newest first, with the body's name: the index page."""
    return Release.objects.select_related("org").order_by("org__path", "-year", "-month")


def month(org_pk: int, year: int, month: int) -> dict:
    if not 1 <= month <= 12 or not Release.objects.filter(org_id=org_pk, year=year, month=month).exists():
        raise Http404("该月份的捐赠信息尚未公示。")
    org = Organization.objects.only("pk", "name").get(pk=org_pk)
    first, last = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    uses = DonationUse.objects.filter(used_on__lte=last).select_related("item", "transfer").order_by("used_on", "pk")
    goods = Move.objects.filter(kind="donation_in").select_related("item").order_by("pk")
    received = list(
        Donation.objects.filter(org_id=org_pk, received_on__range=(first, last), voided_at__isnull=True)
        .only("pk", "org_id", "year", "serial", "received_on", "donor_name", "anonymous", "kind", "amount",
              "purpose", "restricted")
        .prefetch_related(Prefetch("uses", queryset=uses), Prefetch("moves", queryset=goods))
        .order_by("received_on", "serial"))
    spent = list(DonationUse.objects.filter(donation__org_id=org_pk, used_on__range=(first, last),
                                            donation__voided_at__isnull=True)
                 .select_related("item", "donation").order_by("used_on", "pk"))
    money = Q(kind=Donation.Kind.MONEY)
    totals = Donation.objects.filter(org_id=org_pk, received_on__range=(first, last), voided_at__isnull=True
                                     ).aggregate(money=Sum("amount", filter=money), goods=Sum("amount", filter=~money))
    return {"org": org, "year": year, "month": month, "received": received, "spent": spent,
            "money_total": totals["money"] or Decimal("0"), "goods_total": totals["goods"] or Decimal("0"),
            "used_total": sum((u.amount for u in spent), Decimal("0"))}
