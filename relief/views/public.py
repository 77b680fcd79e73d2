"""``/disclosure/``: the public's pages (no login). They show only released months, never a
donor's contact data or a beneficiary's name, and answer from a fixed number of queries; the
month page is cached and may be cached by proxies."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control, cache_page
from django.views.decorators.http import require_GET

from orgs import scoping
from relief import disclosure
from relief.models import Donation

PUBLIC_SECONDS = 300


@require_GET
@cache_control(public=True, max_age=PUBLIC_SECONDS)
def index(request):
    return render(request, "relief/disclosure_index.html", {"released": disclosure.released_months()})


@require_GET
@cache_control(public=True, max_age=PUBLIC_SECONDS)
@cache_page(PUBLIC_SECONDS)
def month(request, org_pk, year, month):
    return render(request, "relief/disclosure_month.html", disclosure.month(org_pk, year, month))


@require_GET
@cache_control(no_store=True)
def receipt_check(request, token):
    """扫码验真 of a receipt: found only by its random token; says whether it stands or was voided."""
    donation = get_object_or_404(scoping.allow_unscoped(Donation.objects.select_related("org")), token=token)
    return render(request, "relief/receipt_check.html", {"d": donation})
