from django.db import models


class ScopedQuerySet(models.QuerySet):
    """Every model that lives somewhere in the tree uses this (or subclasses it).

    The model says how to reach its org's materialized path with ``ORG_PATH``
    (``"path"`` for orgs, ``"org__path"`` for rows with an ``org`` foreign key).
    """

    def visible_to(self, user):
        from orgs import scoping

        return scoping.scope(self, user)
