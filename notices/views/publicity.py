"""Public pages of a body (no login): the star ratings in 公示 with an objection form, and the 红人榜;
and the body's own list of objections to decide."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib.identity import mask_phone
from lib.proxies import client_ip
from notices import publicity
from notices.models import Decision, Objection
from orgs import scoping
from orgs.models import Organization

RATE_LIMIT, RATE_WINDOW = 5, 3600  # as the public application form


def _rate_limited(request) -> bool:
    key = f"notices:object:{client_ip(request)}"
    cache.add(key, 0, RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, RATE_WINDOW)
        count = 1
    return count > RATE_LIMIT


def _body(org_pk):
    try:
        return publicity.public_body(org_pk)
    except Organization.DoesNotExist:
        raise Http404("未找到该红十字会。") from None


@require_http_methods(["GET", "POST"])
def public_notices(request, org_pk):
    """公示: what ``org_pk`` awarded that is not yet in effect; POST: an objection to one of them."""
    body = _body(org_pk)
    awards = publicity.under_publicity(body)
    context = {"body": body, "awards": [(a, publicity.mask_name(a.volunteer.name)) for a in awards],
               "errors": {}, "values": {}, "mask": publicity.mask_name}
    status = 200
    if request.method == "POST":
        chosen = next((a for a in awards if str(a.pk) == request.POST.get("award")), None)
        context["values"] = request.POST
        if chosen is None:
            context["errors"] = {"award": "请选择公示中的评定。"}
        elif _rate_limited(request):
            context["form_error"] = "提交过于频繁，请一小时后再试。"
            status = 429
        else:
            try:
                publicity.object_to(chosen, name=request.POST.get("name", ""), contact=request.POST.get("contact", ""),
                                    reason=request.POST.get("reason", ""))
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    context["errors"] = exc.message_dict
                else:
                    context["form_error"] = exc.messages[0]
            else:
                messages.success(request, "异议已提交，评定机构将核实处理；处理完毕前该评定暂缓生效。")
                return redirect("notices:publicity", org_pk=body.pk)
    return render(request, "notices/publicity.html", context, status=status)


@require_GET
def public_honours(request, org_pk):
    body = _body(org_pk)
    board = publicity.honours(body)
    return render(request, "notices/honours.html", {
        "body": body, "stars": [(a, publicity.mask_name(a.volunteer.name)) for a in board["stars"]],
        "members": [(h, publicity.mask_name(h.name)) for h in board["members"]]})


@login_required
@require_GET
def objections(request):
    scoping.require(request.user, "volunteer.award_stars")
    rows = (scoping.scope(Objection.objects.all(), request.user)
            .select_related("award__volunteer", "body", "decided_by")[:200])
    for row in rows:
        row.masked_contact = mask_phone(row.contact) if row.contact.isdigit() else row.contact
    return render(request, "notices/objections.html", {"rows": rows, "decisions": Decision.choices})


@login_required
@require_POST
def decide(request, pk):
    objection = scoping.get_visible_or_404(Objection, request.user, pk=pk)
    try:
        award = publicity.decide(objection, by=request.user, decision=request.POST.get("decision", ""),
                                 note=request.POST.get("note", ""))
        messages.success(request, "已撤回该评定。" if award.withdrawn else "异议不成立，评定按原公示期生效。")
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("notices:objections")
