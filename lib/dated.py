"""Facts that hold over a span of dates. "Holds on date d" is written once here; each app's
querysets (members/querysets.py, volunteers/querysets.py) name it for their own fields, and
statistics, pages and tests ask those querysets, never the field names.

Spans in the portal begin on their first day and end on an *exclusive* last date (a membership
that ends on the 5th is not a membership on the 5th), unless ``end_inclusive`` says the end date
is the last day on which the fact still holds (a certificate valid until the 5th)."""

from datetime import date

from django.db.models import Q


def holds_on(on: date, start: str, end: str, *, open_start: bool = False, end_inclusive: bool = False) -> Q:
    """Begun by ``on`` (or never dated, with ``open_start``) and not ended by it (``end`` empty or later)."""
    begun = Q(**{f"{start}__lte": on})
    if open_start:
        begun |= Q(**{f"{start}__isnull": True})
    not_ended = Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__{'gte' if end_inclusive else 'gt'}": on})
    return begun & not_ended
