"""The members app's dated facts as querysets: who belonged where on a date. Statistics, pages,
benches and tests count from these (``Spell.objects.open_on(d)``), never from the fields."""

from datetime import date

from django.db.models import Exists, OuterRef, Q

from lib.dated import holds_on
from orgs.querysets import ScopedQuerySet


def spell_open_on(on: date, prefix: str = "") -> Q:
    """A membership spell open on ``on``; ``prefix`` reaches the spell from another model
    (``"spells__"``), or serves as a conditional count's filter."""
    return holds_on(on, f"{prefix}start", f"{prefix}end")


class SpellQuerySet(ScopedQuerySet):
    def open_on(self, on: date):
        """Spells open on ``on``: one per member who belonged that day, at the org they belonged to."""
        return self.filter(spell_open_on(on))

    def members(self):
        """The members these spells belong to, each once (chain ``.visible_to`` as usual)."""
        member = self.model._meta.get_field("member").related_model
        return member.objects.filter(Exists(self.filter(member=OuterRef("pk"))))
