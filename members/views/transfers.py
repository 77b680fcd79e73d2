"""关系转接: the sending org asks, the receiving org accepts or refuses."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib.formpages import acted, submitted
from members import services
from members.forms import TransferForm
from members.models import Member, Transfer
from members.views.common import detail_url, need
from orgs import scoping


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def transfer_request(request, pk):
    """Find the receiving org by name (anywhere in the country), pick it, give a reason, submit."""
    member = scoping.get_visible_or_404(Member, request.user, pk=pk)
    scoping.require(request.user, "member.edit", member)
    search = request.GET.get("q") or request.POST.get("q", "")
    form = TransferForm(request.POST or None, search=search)
    done = submitted(request, form, partial(services.request_transfer, member, by=request.user),
                     success="已提交转接申请，等待转入组织接收。", then=detail_url(member))
    return done or render(request, "members/transfer.html", {"member": member, "form": form})


@never_cache
@login_required
@require_GET
def transfer_queue(request):
    need(request.user, "member.edit")
    # Incoming transfers come from outside the subtree: narrowed by their target org instead.
    incoming = scoping.allow_unscoped(Transfer.objects.filter(state=Transfer.State.PENDING,
                                                              to_org__in=scoping.visible_orgs(request.user)))
    return render(request, "members/transfers.html", {
        "incoming": incoming.select_related("member", "from_org", "to_org"),
        "outgoing": Transfer.objects.visible_to(request.user).filter(state=Transfer.State.PENDING)
        .select_related("member", "from_org", "to_org"),
    })


@login_required
@require_POST
def transfer_decide(request, pk):
    incoming = scoping.allow_unscoped(Transfer.objects.filter(to_org__in=scoping.visible_orgs(request.user)))
    transfer = get_object_or_404(incoming, pk=pk)
    decide = partial(services.decide_transfer, transfer, by=request.user, accept=request.POST.get("accept") == "1")
    return acted(request, decide, success="转接申请已处理。", then=reverse("members:transfers"))
