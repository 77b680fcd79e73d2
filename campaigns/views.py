from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from campaigns import board as boards
from campaigns import progress, services
from campaigns.forms import BoardFilter, CampaignForm, DocumentForm, LeaderForm, PaperCopyForm, StaffEndForm, StaffForm
from campaigns.models import Campaign, StaffMember, UnitDocument
from lib import audit
from lib.excel import write as xlsx
from lib.formpages import add_errors, submitted
from orgs import scoping
from orgs.models import Organization

LEADER_ROLES = [r.value for r in services.LEADER_ROLES]


@login_required
@require_GET
def campaign_list(request):
    scoping.require(request.user, "campaign.supervise")
    campaigns = Campaign.objects.visible_to(request.user).select_related("org")
    return render(request, "campaigns/list.html", {"campaigns": campaigns,
                                                   "may_open": scoping.can(request.user, "campaign.open")
                                                   and request.user.org_id and request.user.org.is_body})


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    scoping.require(request.user, "campaign.open")
    if not (request.user.org_id and request.user.org.is_body):
        raise PermissionDenied("只有县级以上红十字会可以发起督查工作。")
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.open_campaign(by=request.user, **form.service_args())
        except ValidationError as exc:
            _stage_errors(form, exc)
        else:
            return redirect("campaigns:board", campaign.pk)
    return render(request, "campaigns/form.html", {"form": form})


def _stage_errors(form, exc):
    """The service numbers the stages it was given; the form skips empty rows: map them back."""
    index = form.cleaned_data["stage_index"]
    if hasattr(exc, "error_dict"):
        mapped = {}
        for key, errors in exc.error_dict.items():
            parts = key.split("_")
            if key.startswith("stage_") and parts[1].isascii() and parts[1].isdigit():
                key = f"stage_{index[int(parts[1])]}_{'_'.join(parts[2:])}"
            mapped[key] = errors
        exc = ValidationError(mapped)
    add_errors(form, exc)


def _board_for(request, pk):
    campaign = scoping.get_visible_or_404(Campaign.objects.select_related("org"), request.user, pk=pk)
    scoping.require(request.user, "campaign.supervise", campaign)
    form = BoardFilter(request.GET or None)
    units = scoping.scope(campaign.units(), request.user)
    form.fields["unit"].choices = [("", "全部")] + list(units.values_list("pk", "name"))
    filters = form.cleaned_data if form.is_valid() else {}
    as_of = filters.get("as_of") or timezone.localdate()
    board = boards.build(campaign, units, as_of, unit=filters.get("unit"), category=filters.get("category"),
                         state=filters.get("state"))
    return campaign, form, board


@login_required
@require_GET
def board(request, pk):
    campaign, form, board = _board_for(request, pk)
    return render(request, "campaigns/board.html", {"campaign": campaign, "form": form, "board": board,
                                                    "stages": board.stages})


@login_required
@require_GET
def board_print(request, pk):
    campaign, form, board = _board_for(request, pk)
    return render(request, "campaigns/board_print.html", {"campaign": campaign, "board": board,
                                                          "stages": board.stages})


@login_required
@require_GET
def board_export(request, pk):
    campaign, form, board = _board_for(request, pk)
    audit.record("campaign.board_export", request=request, obj=campaign, count=len(board.rows))
    return xlsx.response(partial(boards.write_workbook, board), f"supervision-{campaign.pk}.xlsx")


def _unit(request, org_pk, action="campaign.unit_view"):
    org = scoping.get_visible_or_404(Organization, request.user, pk=org_pk)
    scoping.require(request.user, action, org)
    return org


@login_required
@require_GET
@never_cache  # staff phones, whole to their own unit's editors only
def unit(request, org_pk):
    org = _unit(request, org_pk)
    user = request.user
    context = {
        "org": org,
        "progress": progress.unit_progress(org),
        "documents": scoping.scope(UnitDocument.objects.filter(org=org), user),
        "leaders": org.leadership_terms.filter(role__in=LEADER_ROLES),
        "staff": scoping.scope(StaffMember.objects.filter(org=org), user),
        "may_edit": scoping.can(user, "campaign.unit_edit", org),
        "may_record_paper": scoping.can(user, "campaign.record_paper", org) and org.pk != user.org_id,
        "paper_copies": org.paper_copies.all(),
        "document_form": DocumentForm(), "leader_form": LeaderForm(), "staff_form": StaffForm(),
        "paper_form": PaperCopyForm(initial={"received_on": timezone.localdate().isoformat()}),
    }
    return render(request, "campaigns/unit.html", context)


def _unit_form(request, org_pk, form_class, service, title):
    org = _unit(request, org_pk, "campaign.unit_edit")
    form = form_class(request.POST or None, request.FILES or None)
    done = submitted(request, form, partial(service, org, by=request.user), success="已保存。",
                     then=reverse("campaigns:unit", args=[org.pk]))
    return done or render(request, "campaigns/unit_form.html", {"form": form, "org": org, "title": title})


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request, org_pk):
    return _unit_form(request, org_pk, DocumentForm, services.upload_document, "上传单位文件")


@login_required
@require_http_methods(["GET", "POST"])
def leader_add(request, org_pk):
    return _unit_form(request, org_pk, LeaderForm, services.record_leader, "登记会长、副会长、秘书长")


@login_required
@require_http_methods(["GET", "POST"])
def staff_add(request, org_pk):
    return _unit_form(request, org_pk, StaffForm, services.name_staff, "登记专职工作人员")


@login_required
@require_POST
def staff_end(request, pk):
    staff = scoping.get_visible_or_404(StaffMember.objects.select_related("org"), request.user, pk=pk)
    scoping.require(request.user, "campaign.unit_edit", staff)
    form = StaffEndForm(request.POST)
    done = submitted(request, form, partial(services.end_staff, staff, by=request.user), success="已登记离任。",
                     then=reverse("campaigns:unit", args=[staff.org_id]))
    return done or render(request, "campaigns/unit_form.html", {"form": form, "org": staff.org,
                                                                "title": f"{staff.name} 离任"})


@login_required
@require_POST
def paper_copy(request, org_pk):
    org = _unit(request, org_pk, "campaign.record_paper")
    form = PaperCopyForm(request.POST)
    done = submitted(request, form, partial(services.record_paper_copy, org, by=request.user),
                     success="已登记收到纸质备案表。", then=reverse("campaigns:unit", args=[org.pk]))
    return done or render(request, "campaigns/unit_form.html", {"form": form, "org": org,
                                                                "title": "登记收到纸质备案表"})


@login_required
@require_GET
@never_cache
def document(request, pk):
    doc = scoping.get_visible_or_404(UnitDocument, request.user, pk=pk)
    scoping.require(request.user, "campaign.unit_view", doc)
    response = FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.original_name,
                            content_type=doc.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response

