"""The inbox (every notification of the signed-in account), opening one, and the e-mail choice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from lib import audit, paging
from notifications.forms import EmailChoiceForm
from notifications.models import Notification
from notifications.services import reason_label


def _mine(request):
    # a user's own inbox: scoped, and then only the rows addressed to this account
    return Notification.objects.visible_to(request.user).filter(user=request.user)


@login_required
@require_http_methods(["GET", "POST"])
def inbox(request):
    """GET: the account's notifications, unread first in bold; POST: mark them all read."""
    mine = _mine(request)
    if request.method == "POST":
        mine.filter(read=False).update(read=True)
        return redirect("notifications:inbox")
    show = request.GET.get("show")
    if show == "unread":
        mine = mine.filter(read=False)
    page = paging.cursor_page(request, mine, ("-created_at", "-pk"))
    for n in page:
        n.reason_label = reason_label(n.reason)
    return render(request, "notifications/inbox.html", {"page": page, "show": show})


@login_required
@require_POST
def open_one(request, pk):
    """Mark one notification read and go to what it is about."""
    note = get_object_or_404(_mine(request), pk=pk)
    if not note.read:
        note.read = True
        note.save(update_fields=["read"])
    if note.link and url_has_allowed_host_and_scheme(note.link, allowed_hosts=None):
        return redirect(note.link)
    return redirect("notifications:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request):
    """Whether this account also receives its notifications by e-mail."""
    form = EmailChoiceForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit.record("notifications.email_choice", request=request, obj=request.user,
                     email_notifications=form.cleaned_data["email_notifications"])
        messages.success(request, "邮件提醒设置已保存。")
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})
