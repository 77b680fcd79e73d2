"""Views written wrongly on purpose, for ``test_strict_scoping.py`` (never routed in the portal)."""

from django.http import HttpResponse

from members.models import Member
from orgs import scoping


def unscoped_member_list(request):
    return HttpResponse(", ".join(m.name for m in Member.objects.all()))  # the bug strict mode catches


def scoped_member_list(request):
    return HttpResponse(", ".join(m.name for m in scoping.scope(Member.objects.all(), request.user)))
