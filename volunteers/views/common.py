"""What the volunteers pages share: paging and the download response."""

from django.core.paginator import Paginator
from django.urls import reverse

PER_PAGE = 30


def page_of(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def detail_url(volunteer) -> str:
    return reverse("volunteers:detail", args=[volunteer.pk])


