"""Keyset (cursor) pagination for the long lists: members, volunteers, service records, audit log.

``Paginator`` pages with ``OFFSET``, which reads and throws away every row before the page, and
counts the whole list for "page x of y": both crawl on lists of millions. A cursor page asks for
"the 50 rows after this one" in the list's order (django-cursor-pagination), which an index on the
ordering answers at once on any page. The order must end with a unique field (``pk``).
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from cursor_pagination import CursorPaginator, InvalidCursor
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse

PARAMS = ("after", "before", "page")


@dataclass
class CursorPage:
    items: list
    has_next: bool
    has_previous: bool
    next_query: str = ""
    previous_query: str = ""
    first_query: str = ""

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous


def _field_of(model, lookup: str):
    *relations, name = lookup.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.pk if name == "pk" else model._meta.get_field(name)


def _valid(paginator: CursorPaginator, model, cursor: str) -> bool:
    """A cursor from a URL is input: it must decode to one valid value per ordering field."""
    try:
        position = paginator.decode_cursor(cursor)
    except InvalidCursor:
        return False
    if len(position) != len(paginator.ordering):
        return False
    try:
        for lookup, value in zip(paginator.ordering, position, strict=True):
            if value is not None:
                _field_of(model, lookup.lstrip("-")).to_python(value)
    except (ValidationError, ValueError, TypeError):
        return False
    return True


def _query(request, **cursor) -> str:
    params = [(k, v) for k, values in request.GET.lists() if k not in PARAMS for v in values]
    return "?" + urlencode(params + list(cursor.items()))


def cursor_page(request, queryset: QuerySet, ordering: tuple[str, ...], per_page: int = 50, *,
                rows: QuerySet | None = None) -> CursorPage:
    """The page of ``queryset`` named by ``?after=`` / ``?before=`` (the first page otherwise).

    ``rows``: find the page by its keys and ordering columns alone, then read its rows whole from
    ``rows`` by key. Where an index holds every column the list's filter and order read (the
    member list's), the first query is answered from the index without visiting the table for
    the thousands of rows it sorts through, and only the page's own rows are read. ``rows`` is
    looked up by the keys ``queryset`` returned, so it shows nothing ``queryset`` did not; the
    values ``queryset`` annotates are copied onto its rows."""
    if rows is not None:
        page = cursor_page(request, queryset.select_related(None).only(
            *{lookup.lstrip("-") for lookup in ordering if "__" not in lookup}), ordering, per_page)
        whole = rows.in_bulk([row.pk for row in page.items])
        for row in page.items:  # the list's annotations (the member's lapse) come with the keys
            for name in queryset.query.annotations:
                setattr(whole[row.pk], name, getattr(row, name))
        page.items = [whole[row.pk] for row in page.items]
        return page
    paginator = CursorPaginator(queryset, ordering=ordering)
    after, before = request.GET.get("after"), request.GET.get("before")
    if before and _valid(paginator, queryset.model, before):
        page = paginator.page(last=per_page, before=before)
    elif after and _valid(paginator, queryset.model, after):
        page = paginator.page(first=per_page, after=after)
    else:
        page = paginator.page(first=per_page)
    items = list(page)
    result = CursorPage(items, page.has_next, page.has_previous, first_query=_query(request))
    if items:
        result.next_query = _query(request, after=paginator.cursor(items[-1]))
        result.previous_query = _query(request, before=paginator.cursor(items[0]))
    return result


#: a key no row has, stood in for the row's key while the link is reversed once
_SLOT = 9_187_201_950_435_737_471


def row_links(viewname: str) -> Callable[[int], str]:
    """``pk -> URL`` of ``viewname`` (a URL with one ``<int:pk>``) for every row of a page: the URL
    is reversed once and each row's key put in its place, not once a row (bench/RESULTS-load.md)."""
    head, slot, tail = reverse(viewname, args=[_SLOT]).partition(str(_SLOT))
    assert slot and str(_SLOT) not in tail, viewname
    return lambda pk: f"{head}{int(pk)}{tail}"
