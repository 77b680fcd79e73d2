"""Service hours, their approval, star ratings, first-aid certificates and a volunteer's own pages."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib import paging
from lib.formpages import acted, add_errors, submitted
from orgs import scoping
from orgs.middleware import InvalidQuery
from orgs.models import Organization
from volunteers import forms, selectors, services
from volunteers.filters import RecordFilter
from volunteers.models import (
    Activity,
    FirstAidCertificate,
    RecordStatus,
    ServiceRecord,
    StarAward,
    Volunteer,
)
from volunteers.views.common import PER_PAGE, detail_url, page_of


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def log_hours(request, pk):
    volunteer = scoping.get_visible_or_404(Volunteer, request.user, pk=pk)
    scoping.require(request.user, "volunteer.log_hours", volunteer)
    form = forms.HoursForm(request.POST or None, user=request.user,
                           initial={"served_on": timezone.localdate()})
    done = submitted(request, form, partial(services.log_hours, volunteer, by=request.user),
                     success="服务记录已登记，审核通过后计入时长。", then=detail_url(volunteer))
    return done or render(request, "volunteers/form.html", {"form": form, "title": f"登记服务时长：{volunteer.name}"})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def award_stars(request, pk):
    volunteer = scoping.get_visible_or_404(Volunteer, request.user, pk=pk)
    scoping.require(request.user, "volunteer.award_stars", volunteer)
    form = forms.StarAwardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.award_stars(volunteer, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error("stars", str(exc))
        else:
            messages.success(request, "星级评定已发布，公示期满后生效。")
            return redirect("volunteers:detail", pk=volunteer.pk)
    hours = selectors.volunteer_hours(volunteer)
    return render(request, "volunteers/award_form.html", {
        "form": form, "volunteer": volunteer, "hours": hours, "suggested": selectors.suggested_stars(hours),
        "thresholds": selectors.star_thresholds(), "title": f"星级评定：{volunteer.name}"})


@login_required
@require_POST
def withdraw_award(request, pk):
    award = scoping.get_visible_or_404(StarAward.objects.select_related("volunteer"), request.user, pk=pk)
    return acted(request, partial(services.withdraw_award, award, by=request.user), success="星级评定已撤回。",
                 then=detail_url(award.volunteer))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def certificate_create(request, pk):
    volunteer = scoping.get_visible_or_404(Volunteer, request.user, pk=pk)
    scoping.require(request.user, "volunteer.issue_certificate", volunteer)
    form = forms.CertificateForm(request.POST or None)
    done = submitted(request, form, partial(services.issue_certificate, volunteer, by=request.user),
                     success="救护员证已登记。", then=detail_url(volunteer))
    return done or render(request, "volunteers/form.html", {"form": form, "title": f"登记救护员证：{volunteer.name}"})


@login_required
@never_cache
@require_GET
def certificate_list(request):
    scoping.require(request.user, "volunteer.view")
    qs = FirstAidCertificate.objects.visible_to(request.user).select_related("volunteer__org", "issuing_body")
    window = forms.ExpiringWithinForm(request.GET)
    if not window.is_valid():
        raise InvalidQuery(window.errors["days"][0])
    days = window.cleaned_data["days"] or forms.ExpiringWithinForm.DEFAULT
    shown = selectors.expiring_certificates(qs, within_days=days) if request.GET.get("all") != "1" else qs
    return render(request, "volunteers/certificate_list.html", {"page": page_of(request, shown), "days": days})


@login_required
@never_cache
@require_GET
def record_list(request):
    scoping.require(request.user, "volunteer.view")
    qs = ServiceRecord.objects.visible_to(request.user).select_related(
        "volunteer__org", "credited_org", "activity__org", "team__org", "entered_by")
    filtering = set(request.GET) - set(paging.PARAMS)
    flt = RecordFilter(request.GET if filtering else {"status": RecordStatus.PENDING}, queryset=qs)
    page = paging.cursor_page(request, flt.qs, ("-served_on", "-pk"), per_page=PER_PAGE)
    for record in page:
        record.can_decide = services.can_decide(record, request.user)
    return render(request, "volunteers/record_list.html", {"filter": flt, "page": page})


@login_required
@require_POST
def record_decide(request, pk):
    record = scoping.get_visible_or_404(ServiceRecord, request.user, pk=pk)
    decide = services.approve_record if request.POST.get("decision") == "approve" else services.reject_record
    back = request.POST.get("next", "")
    return acted(request, partial(decide, record, by=request.user), success="已审核。",
                 then=back if back.startswith("/volunteers/") else reverse("volunteers:records"))


def _own_volunteer(user) -> Volunteer:
    """The volunteer record linked to a volunteer account (404 for anyone else)."""
    volunteer = scoping.get_visible_or_404(Volunteer.objects.select_related("org").filter(user=user), user)
    scoping.require(user, "volunteer.self_service", volunteer)
    return volunteer


@login_required
@never_cache
@require_GET
def mine(request):
    """A volunteer account's own page: hours, stars, certificates, records."""
    volunteer = _own_volunteer(request.user)
    return render(request, "volunteers/mine.html", {
        "volunteer": volunteer, "hours": selectors.volunteer_hours(volunteer),
        "stars": selectors.current_stars(volunteer),
        "records": ServiceRecord.objects.visible_to(request.user).select_related("activity", "credited_org")[:50],
        "certificates": FirstAidCertificate.objects.visible_to(request.user)})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def report_hours(request):
    volunteer = _own_volunteer(request.user)
    # A volunteer may report hours for activities of their org, above it and below it: on purpose
    # wider than a volunteer account's own rows.
    activities = scoping.allow_unscoped(
        Activity.objects.filter(org__in=Organization.objects.get_ancestors(volunteer.org))
        | Activity.objects.filter(org__path__startswith=volunteer.org.path))
    form = forms.HoursForm(request.POST or None, user=request.user, activities=activities,
                           initial={"served_on": timezone.localdate()})
    done = submitted(request, form, partial(services.report_own_hours, by=request.user),
                     success="已提交，审核通过后计入时长。", then=reverse("volunteers:mine"))
    return done or render(request, "volunteers/form.html", {"form": form, "title": "填报服务时长"})
