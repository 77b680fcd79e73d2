"""Donations: the register, a receipt (PDF with a QR check), voids, uses and monthly releases."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib.formpages import add_errors, submitted
from orgs import scoping
from relief import donations, figures, forms, receipt
from relief.models import Donation, Release

FORM = "relief/form.html"


def _donation(request, pk, action="relief.view") -> Donation:
    donation = scoping.get_visible_or_404(Donation.objects.select_related("org", "by"), request.user, pk=pk)
    scoping.require(request.user, action, donation)
    return donation


def _url(donation) -> str:
    return reverse("relief:donation", args=[donation.pk])


@login_required
@never_cache
@require_GET
def donation_list(request):
    scoping.require(request.user, "relief.view")
    qs = Donation.objects.visible_to(request.user).select_related("org")
    year = request.GET.get("year", "")
    if year.isascii() and year.isdigit():  # "²" is a digit to Python, not to int()
        qs = qs.filter(year=int(year))
    return render(request, "relief/donation_list.html", {
        "page": Paginator(qs, 30).get_page(request.GET.get("page")), "year": year,
        "can_edit": scoping.can(request.user, "relief.edit"),
        "can_release": scoping.can(request.user, "relief.release")})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def donation_create(request):
    scoping.require(request.user, "relief.edit")
    form = forms.DonationForm(request.POST or None, user=request.user)
    done = None
    if request.method == "POST" and form.is_valid():
        from django.core.exceptions import ValidationError

        try:
            kwargs = form.service_kwargs()
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            done = submitted(request, form, lambda **_: donations.receive_donation(by=request.user, **kwargs),
                             then=_url, success=lambda d: f"已登记，收据号 {d.number}。")
    return done or render(request, FORM, {"form": form, "title": "登记捐赠"})


@login_required
@never_cache
@require_GET
def donation_detail(request, pk):
    donation = _donation(request, pk)
    return render(request, "relief/donation_detail.html", {
        "d": donation, "uses": donation.uses.select_related("item", "transfer"),
        "goods": donations.donated_goods(donation).values(),
        "can_edit": scoping.can(request.user, "relief.edit", donation) and not donation.voided_at,
        "void_form": forms.VoidForm()})


@login_required
@never_cache
@require_POST
def donation_void(request, pk):
    donation = _donation(request, pk, "relief.edit")
    form = forms.VoidForm(request.POST)
    done = submitted(request, form, partial(donations.void, donation, by=request.user), then=_url(donation),
                     success="收据已作废，编号保留。")
    return done or render(request, FORM, {"form": form, "title": f"作废收据 {donation.number}"}, status=400)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def donation_use(request, pk):
    donation = _donation(request, pk, "relief.edit")
    form = forms.UseForm(request.POST or None, donation=donation)
    done = submitted(request, form, partial(donations.record_use, donation, by=request.user), then=_url(donation),
                     success="已登记使用。")
    return done or render(request, FORM, {"form": form, "title": f"登记使用：收据 {donation.number}"})


@login_required
@never_cache
@require_GET
def receipt_pdf(request, pk):
    """The receipt, printed or reprinted under the same number (each print is logged)."""
    donation = donations.printed(_donation(request, pk), by=request.user)
    response = HttpResponse(receipt.render(donation), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{donation.number}.pdf"'
    return response


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def releases(request):
    """公示发布: which months of which body are public; a reviewer releases the next."""
    scoping.require(request.user, "relief.view")
    form = forms.ReleaseForm(request.POST or None, user=request.user)
    if request.method == "POST":
        scoping.require(request.user, "relief.release")
    done = submitted(request, form, lambda org, year, month: donations.release_month(org, year, month,
                                                                                      by=request.user),
                     then=reverse("relief:releases"), success=lambda r: f"{r.year}年{r.month}月已公示。")
    return done or render(request, "relief/releases.html", {
        "form": form, "can_release": scoping.can(request.user, "relief.release"),
        "released": Release.objects.visible_to(request.user).select_related("org", "by")[:60]})


@login_required
@never_cache
@require_GET
def statistics(request):
    """The relief registers' yearly figures for an org of the user's subtree, as of a date; the
    user's own org this year until they ask for another."""
    scoping.require(request.user, "relief.view")
    today = timezone.localdate()
    form = forms.FiguresForm(request.GET or None, user=request.user,
                             initial={"org": request.user.org_id, "year": today.year, "on": today})
    org, year, on = request.user.org, today.year, today
    if form.is_bound and form.is_valid():
        org, on = form.cleaned_data["org"], form.cleaned_data.get("on") or today
        year = form.cleaned_data.get("year") or on.year
    elif form.is_bound:
        org = None
    result = figures.yearly(org, year, on) if org is not None else None
    return render(request, "relief/statistics.html", {"form": form, "result": result, "org": org})
