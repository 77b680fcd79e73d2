"""Pages of the volunteers app. Every object comes through ``orgs.scoping`` (404 out of scope,
403 wrong role); every write goes through ``volunteers.services``."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib import audit, history, identity, paging, pii
from lib.excel import write as xlsx
from lib.formpages import acted, add_errors, disclosed, submitted
from orgs import scoping
from orgs.forms import IdSearchForm, ReasonForm
from orgs.middleware import InvalidQuery
from orgs.models import Organization
from volunteers import excel, forms, privacy, selectors, services, tasks
from volunteers.filters import RecordFilter, VolunteerFilter
from volunteers.models import (
    Activity,
    FirstAidCertificate,
    OrgProfile,
    RecordStatus,
    ServiceRecord,
    ServiceTeam,
    StarAward,
    TeamMembership,
    Volunteer,
)

PER_PAGE = 30


def _page(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def _detail_url(volunteer) -> str:
    return reverse("volunteers:detail", args=[volunteer.pk])


@login_required
@never_cache
@require_GET
def volunteer_list(request):
    scoping.require(request.user, "volunteer.view")
    qs = selectors.with_hours(Volunteer.objects.visible_to(request.user).select_related("org"))
    flt = VolunteerFilter(request.GET, queryset=qs)
    page = paging.cursor_page(request, flt.qs, ("org__path", "name", "pk"), per_page=PER_PAGE)
    return render(request, "volunteers/volunteer_list.html", {
        "filter": flt, "page": page, "reason_form": ReasonForm(), "id_form": IdSearchForm(),
        "can_export_full": scoping.can(request.user, "volunteer.export_full")})


@login_required
@never_cache
@require_POST
def volunteer_find_by_id(request):
    """Full-ID search: by POST, through the blind index; never in a URL."""
    scoping.require(request.user, "volunteer.view")
    form = IdSearchForm(request.POST)
    if form.is_valid():
        digest = pii.id_hash(form.cleaned_data["id_number"])
        volunteer = Volunteer.objects.visible_to(request.user).filter(resident_id_hash=digest).first()
        if volunteer:
            return redirect("volunteers:detail", pk=volunteer.pk)
    messages.warning(request, "在您管辖范围内未找到该身份证号码对应的志愿者。")
    return redirect("volunteers:list")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def volunteer_create(request):
    scoping.require(request.user, "volunteer.edit")
    form = forms.VolunteerForm(request.POST or None, user=request.user)
    done = submitted(request, form, partial(services.register_volunteer, by=request.user),
                     success=lambda v: f"已登记志愿者“{v.name}”。", then=_detail_url)
    return done or render(request, "volunteers/form.html", {"form": form, "title": "登记志愿者"})


#: how the field history shows personal data: masked, always (a full view is the logged action)
HISTORY_MASK = {"resident_id": pii.masked_id, "phone": identity.mask_phone}


def _detail(request, volunteer, *, revealed=False, reason_form=None, reveal_form=None, data_form=None, status=200):
    hours = selectors.volunteer_hours(volunteer)
    context = {
        "volunteer": volunteer, "hours": hours, "stars": selectors.current_stars(volunteer),
        "revealed": revealed, "can_reveal": scoping.can(request.user, "volunteer.reveal_pii", volunteer),
        "changes": history.changes(volunteer, mask=HISTORY_MASK),
        "record_changes": ServiceRecord.history.filter(volunteer=volunteer).select_related("history_user")
        .order_by("-history_date", "-history_id")[:20],
        "suggested": selectors.suggested_stars(hours), "thresholds": selectors.star_thresholds(),
        "records": volunteer.records.select_related("activity", "team", "credited_org")[:50],
        "awards": volunteer.star_awards.select_related("awarded_by_org"),
        "certificates": volunteer.certificates.select_related("issuing_body"),
        "can_log": scoping.can(request.user, "volunteer.log_hours", volunteer),
        "can_award": scoping.can(request.user, "volunteer.award_stars", volunteer),
        "can_certify": scoping.can(request.user, "volunteer.issue_certificate", volunteer),
        "can_edit": scoping.can(request.user, "volunteer.edit", volunteer),
        "can_open_account": scoping.can(request.user, "account.manage", volunteer),
        "member": _visible_member(request.user, volunteer), "link_form": forms.MemberLinkForm(),
        "memberships": volunteer.memberships.select_related("team"),
        "spells": volunteer.spells.select_related("org"),
        "can_personal_data": scoping.can(request.user, "volunteer.personal_data", volunteer),
        "can_erase": scoping.can(request.user, "volunteer.erase", volunteer) and not volunteer.erased_at,
        "reason_form": reason_form or ReasonForm(),
        "reveal_form": reveal_form or ReasonForm(auto_id="reveal_%s"),
        "data_form": data_form or ReasonForm(auto_id="data_%s"),
    }
    return render(request, "volunteers/volunteer_detail.html", context, status=status)


def _visible_member(user, volunteer):
    """The linked member, only when the viewer may see members there."""
    member = volunteer.member
    if member is not None and scoping.can(user, "member.view", member):
        return member
    return None


@login_required
@require_POST
def member_link(request, pk):
    volunteer = scoping.get_visible_or_404(Volunteer, request.user, pk=pk)
    form = forms.MemberLinkForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("请填写会员编号。")
        services.link_member(volunteer, by=request.user, number=form.cleaned_data["number"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已关联会员。")
    return redirect("volunteers:detail", pk=volunteer.pk)


@login_required
@require_POST
def member_unlink(request, pk):
    volunteer = scoping.get_visible_or_404(Volunteer, request.user, pk=pk)
    return acted(request, partial(services.unlink_member, volunteer, by=request.user),
                 success="已解除与会员的关联。", then=_detail_url(volunteer))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def volunteer_move(request, pk):
    """转移管理组织: within the mover's subtree, audit-logged on both sides."""
    volunteer = scoping.get_visible_or_404(Volunteer.objects.select_related("org"), request.user, pk=pk)
    scoping.require(request.user, "volunteer.edit", volunteer)
    form = forms.MoveVolunteerForm(request.POST or None, user=request.user)
    done = submitted(request, form, partial(services.move_volunteer, volunteer, by=request.user),
                     success=lambda _: f"“{volunteer.name}”已转由{form.cleaned_data['to_org'].name}管理。",
                     then=_detail_url(volunteer))
    return done or render(request, "volunteers/form.html", {"form": form, "title": f"转移管理组织：{volunteer.name}"})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def volunteer_account(request, pk):
    """开通志愿者账号: admins give a volunteer a self-service login."""
    volunteer = scoping.get_visible_or_404(Volunteer.objects.select_related("org"), request.user, pk=pk)
    scoping.require(request.user, "account.manage", volunteer)
    form = forms.VolunteerAccountForm(request.POST or None, user=request.user,
                                      initial={"full_name": volunteer.name})
    done = submitted(request, form, partial(services.open_account, volunteer, by=request.user),
                     success=lambda account: f"已为“{volunteer.name}”开通账号 {account.username}。",
                     then=_detail_url(volunteer))
    return done or render(request, "volunteers/form.html", {"form": form, "title": f"开通志愿者账号：{volunteer.name}"})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def team_leave(request, pk):
    """退出服务队: end one team membership on a date."""
    membership = scoping.get_visible_or_404(TeamMembership.objects.select_related("team", "volunteer"),
                                            request.user, pk=pk)
    scoping.require(request.user, "volunteer.edit", membership.team)
    form = forms.LeaveTeamForm(request.POST or None, initial={"left_on": timezone.localdate()})
    done = submitted(request, form, partial(services.leave_team, membership, by=request.user),
                     success=f"{membership.volunteer.name}已退出{membership.team.name}。",
                     then=reverse("volunteers:team", args=[membership.team_id]))
    title = f"退出服务队：{membership.volunteer.name} · {membership.team.name}"
    return done or render(request, "volunteers/form.html", {"form": form, "title": title})


@login_required
@never_cache
@require_GET
def volunteer_detail(request, pk):
    volunteer = scoping.get_visible_or_404(Volunteer.objects.select_related("org", "user"), request.user,
                                           pk=pk)
    scoping.require(request.user, "volunteer.view", volunteer)
    return _detail(request, volunteer)


@login_required
@never_cache
@require_POST
def volunteer_reveal(request, pk):
    """显示完整信息: allowed roles only, with a stated reason, within the hourly limit; logged."""
    volunteer = scoping.get_visible_or_404(Volunteer.objects.select_related("org", "user"), request.user,
                                           pk=pk)
    form = ReasonForm(request.POST, auto_id="reveal_%s")
    _, status = disclosed(form, partial(services.reveal, volunteer, by=request.user, request=request))
    return _detail(request, volunteer, revealed=status == 200, reveal_form=form, status=status)


@login_required
@never_cache
@require_POST
def volunteer_personal_data(request, pk):
    """The volunteer's own data, on their request, as one file (reason, hourly limit, audit-logged)."""
    volunteer = scoping.get_visible_or_404(Volunteer.objects.select_related("org", "user", "member"),
                                           request.user, pk=pk)
    form = ReasonForm(request.POST, auto_id="data_%s")
    data, status = disclosed(form, partial(privacy.personal_data, volunteer, by=request.user, request=request))
    if data is None:
        return _detail(request, volunteer, data_form=form, status=status)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="volunteer-{volunteer.pk}.json"'
    return response


@login_required
@never_cache
@require_POST
def volunteer_erase(request, pk):
    """删除个人信息 on the volunteer's request: admins only, with a reason; irreversible."""
    volunteer = scoping.get_visible_or_404(Volunteer.objects.select_related("org", "user"), request.user, pk=pk)
    scoping.require(request.user, "volunteer.erase", volunteer)
    form = ReasonForm(request.POST)
    done = submitted(request, form, partial(privacy.erase, volunteer, by=request.user, request=request),
                     success="已删除该志愿者的个人信息；服务记录保留用于统计。", then=_detail_url(volunteer))
    return done or _detail(request, volunteer, reason_form=form)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def volunteer_edit(request, pk):
    volunteer = scoping.get_visible_or_404(Volunteer, request.user, pk=pk)
    scoping.require(request.user, "volunteer.edit", volunteer)
    fresh = scoping.get_visible_or_404(Volunteer, request.user, pk=pk)  # the form edits its own copy
    form = forms.VolunteerForm(request.POST or None, instance=fresh, user=request.user)
    done = submitted(request, form, partial(services.update_volunteer, volunteer, by=request.user),
                     success="已保存。", then=_detail_url(volunteer))
    return done or render(request, "volunteers/form.html", {"form": form, "title": f"修改志愿者：{volunteer.name}"})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def log_hours(request, pk):
    volunteer = scoping.get_visible_or_404(Volunteer, request.user, pk=pk)
    scoping.require(request.user, "volunteer.log_hours", volunteer)
    form = forms.HoursForm(request.POST or None, user=request.user,
                           initial={"served_on": timezone.localdate()})
    done = submitted(request, form, partial(services.log_hours, volunteer, by=request.user),
                     success="服务记录已登记，审核通过后计入时长。", then=_detail_url(volunteer))
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
                 then=_detail_url(award.volunteer))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def certificate_create(request, pk):
    volunteer = scoping.get_visible_or_404(Volunteer, request.user, pk=pk)
    scoping.require(request.user, "volunteer.issue_certificate", volunteer)
    form = forms.CertificateForm(request.POST or None)
    done = submitted(request, form, partial(services.issue_certificate, volunteer, by=request.user),
                     success="救护员证已登记。", then=_detail_url(volunteer))
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
    return render(request, "volunteers/certificate_list.html", {"page": _page(request, shown), "days": days})


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


@login_required
@never_cache
@require_GET
def activity_list(request):
    scoping.require(request.user, "volunteer.view")
    qs = Activity.objects.visible_to(request.user).select_related("org")
    return render(request, "volunteers/activity_list.html", {"page": _page(request, qs)})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def activity_create(request):
    scoping.require(request.user, "volunteer.edit")
    form = forms.ActivityForm(request.POST or None, user=request.user)
    done = submitted(request, form, partial(services.create_activity, by=request.user),
                     then=lambda activity: reverse("volunteers:activity", args=[activity.pk]))
    return done or render(request, "volunteers/form.html", {"form": form, "title": "登记活动"})


def _activity(request, pk) -> Activity:
    activity = scoping.get_visible_or_404(Activity.objects.select_related("org"), request.user, pk=pk)
    scoping.require(request.user, "volunteer.view", activity)
    return activity


def _activity_page(request, activity, *, roster, errors=(), roster_form=None):
    search = request.GET.get("q", "")
    return render(request, "volunteers/activity_detail.html", {
        "activity": activity, "roster": roster, "errors": errors,
        "roster_form": roster_form or forms.RosterForm(user=request.user, activity=activity, search=search),
        "records": activity.records.select_related("volunteer"),
        "can_edit": scoping.can(request.user, "volunteer.edit", activity),
        "can_log": scoping.can(request.user, "volunteer.log_hours", activity)})


def _roster(request, activity) -> list:
    return list(Volunteer.objects.visible_to(request.user).filter(activities=activity).select_related("org")
                .order_by("name", "pk"))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def activity_detail(request, pk):
    """The activity, its roster (found by name and added here), and bulk hours entry for the
    roster (all or nothing)."""
    activity = _activity(request, pk)
    roster = _roster(request, activity)
    errors = []
    if request.method == "POST":
        scoping.require(request.user, "volunteer.log_hours", activity)
        entries = {v: request.POST.get(f"hours_{v.pk}", "").strip() for v in roster}
        try:
            services.log_roster_hours(activity, {v: h for v, h in entries.items() if h}, by=request.user)
        except ValidationError as exc:
            errors = exc.messages
        except (ArithmeticError, ValueError):
            errors = ["服务时长须为数字。"]
        else:
            messages.success(request, "已为参与志愿者登记服务时长，待审核。")
            return redirect("volunteers:activity", pk=activity.pk)
    return _activity_page(request, activity, roster=roster, errors=errors)


@login_required
@never_cache
@require_POST
def roster_add(request, pk):
    activity = _activity(request, pk)
    scoping.require(request.user, "volunteer.edit", activity)
    form = forms.RosterForm(request.POST, user=request.user, activity=activity, search=request.POST.get("q", ""))
    done = submitted(request, form, partial(services.add_to_roster, activity, by=request.user),
                     success=lambda added: f"已添加 {added} 位参与志愿者。",
                     then=reverse("volunteers:activity", args=[activity.pk]))
    return done or _activity_page(request, activity, roster=_roster(request, activity), roster_form=form)


@login_required
@never_cache
@require_POST
def roster_remove(request, pk, volunteer_pk):
    activity = _activity(request, pk)
    volunteer = scoping.get_visible_or_404(Volunteer.objects.filter(activities=activity), request.user,
                                           pk=volunteer_pk)
    return acted(request, partial(services.remove_from_roster, activity, volunteer, by=request.user),
                 success=f"已将{volunteer.name}移出参与名单（已登记的服务时长不变）。",
                 then=reverse("volunteers:activity", args=[activity.pk]))


@login_required
@never_cache
@require_GET
def team_list(request):
    scoping.require(request.user, "volunteer.view")
    qs = ServiceTeam.objects.visible_to(request.user).select_related("org")
    return render(request, "volunteers/team_list.html", {"page": _page(request, qs)})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def team_detail(request, pk):
    """A team, its members with dates, its approved hours; staff add members here."""
    team = scoping.get_visible_or_404(ServiceTeam.objects.select_related("org"), request.user, pk=pk)
    scoping.require(request.user, "volunteer.view", team)
    search = request.GET.get("q") or request.POST.get("q", "")
    form = forms.MembershipForm(request.POST or None, user=request.user, search=search)
    if request.method == "POST":
        scoping.require(request.user, "volunteer.edit", team)
    done = submitted(request, form, partial(services.add_to_team, team, by=request.user),
                     then=reverse("volunteers:team", args=[team.pk]))
    return done or render(request, "volunteers/team_detail.html", {
        "team": team, "form": form, "hours": selectors.team_hours(team),
        "memberships": team.memberships.select_related("volunteer__org"),
        "can_edit": scoping.can(request.user, "volunteer.edit", team)})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def team_create(request):
    scoping.require(request.user, "volunteer.edit")
    form = forms.TeamForm(request.POST or None, user=request.user)
    done = submitted(request, form, partial(services.create_team, by=request.user),
                     then=reverse("volunteers:teams"))
    return done or render(request, "volunteers/form.html", {"form": form, "title": "新建志愿服务队"})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def org_profile(request, org_pk):
    """Record the 五有/六有 facts no other app holds: rules, platform, funding."""
    org = scoping.get_visible_or_404(Organization, request.user, pk=org_pk)
    scoping.require(request.user, "volunteer.edit", org)
    form = forms.OrgProfileForm(request.POST or None, instance=OrgProfile.objects.visible_to(request.user)
                                 .filter(org=org).first())
    if request.method == "POST" and form.is_valid():
        services.save_org_profile(org, by=request.user, **form.cleaned_data)
        return redirect("orgs:detail", pk=org.pk)
    return render(request, "volunteers/form.html", {
        "form": form, "title": f"五有/六有情况：{org.name}", "org": org})


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


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def import_view(request):
    """Upload → every bad row listed with reasons; nothing saved unless all rows are good."""
    scoping.require(request.user, "volunteer.edit")
    form = forms.ImportForm(request.POST or None, request.FILES or None, user=request.user)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            content = data["file"].read()
            rows = excel.count_rows(content, data["kind"])
            if tasks.is_big_import(rows):  # thousands of rows: the worker runs them, all or none
                job = tasks.start_import(by=request.user, data=content, kind=data["kind"], org=data["org"],
                                         dry_run=data["dry_run"], rows=rows)
                return redirect("jobs:detail", job.pk)
            result = excel.import_file(content, data["kind"], org=data["org"], by=request.user,
                                       dry_run=data["dry_run"])
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            if result.saved:
                messages.success(request, f"已导入 {result.total} 行。")
                return redirect("volunteers:list" if data["kind"] == "volunteers" else "volunteers:records")
    return render(request, "volunteers/import.html", {"form": form, "result": result})


@login_required
@require_GET
def import_template(request, kind):
    scoping.require(request.user, "volunteer.edit")
    if kind not in excel.IMPORTERS:
        raise Http404("未找到该模板。")
    return _xlsx(excel.template_bytes(kind), f"{kind}_template.xlsx")


@login_required
@require_POST
def export_volunteers(request):
    scoping.require(request.user, "volunteer.view")
    return _export(request, "volunteers")


#: the audit action of each masked export
EXPORT_ACTIONS = {"volunteers": "volunteer.export", "records": "volunteer.records_export"}


def _export(request, kind: str):
    """Small exports stream back at once; big ones become a background job with a progress bar.
    A POST (it may start a job), the filter in the query string, logged with its count."""
    qs = tasks.export_queryset(kind, request.user, request.GET)
    count = qs.count()
    audit.record_export(EXPORT_ACTIONS[kind], request=request, count=count)
    if tasks.is_big_export(count):
        return redirect("jobs:detail", tasks.start_export(kind, by=request.user, filters=request.GET).pk)
    return xlsx.response(lambda dest: excel.export(kind, qs, dest), excel.EXPORTS[kind][4])


@login_required
@never_cache
@require_POST
def export_volunteers_full(request):
    """Whole IDs and phones: role + grant + reason (body); the filter stays in the query string."""
    scoping.require(request.user, "volunteer.export_full")
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.error_text())
        return redirect(f"{reverse('volunteers:list')}?{request.GET.urlencode()}")
    qs = selectors.with_hours(Volunteer.objects.visible_to(request.user).select_related("org"))
    volunteers, watermark = services.full_export_rows(VolunteerFilter(request.GET, queryset=qs).qs, by=request.user,
                                                      reason=form.cleaned_data["reason"], request=request)
    rows = excel.volunteer_export_rows(volunteers, full=True)
    return _xlsx(excel.workbook_bytes(excel.VOLUNTEER_EXPORT_HEADER, rows, watermark=watermark),
                 "volunteers-full.xlsx")


@login_required
@require_POST
def export_records(request):
    scoping.require(request.user, "volunteer.view")
    return _export(request, "records")
