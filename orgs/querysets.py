"""The queryset of every tree-placed model, with a strict mode (security checklist row 4).

In strict mode (on under pytest and with ``DEBUG``; ``SCOPING_STRICT``) a ``ScopedQuerySet``
that a view module (``*.views``, ``*.admin``) builds itself must pass through
``orgs.scoping.scope`` before it is evaluated, unless it is a related manager of an object the
view already holds, or the view marks it with ``scoping.allow_unscoped()`` on purpose. Anything else raises
``UnscopedQueryError``, so an unscoped list cannot ship by accident. Services and selectors take
the acting user and check with ``scoping.require`` themselves; they are not checked here.
Outside requests (commands, tasks, tests calling services) nothing is checked.
"""

import sys
from contextvars import ContextVar

from django.db import models

#: True while ``orgs.middleware.StrictScopingMiddleware`` runs a view in strict mode.
checking: ContextVar[bool] = ContextVar("scoping_checking", default=False)


class UnscopedQueryError(RuntimeError):
    pass


def _refuse(queryset, user):
    raise RuntimeError("orgs.scoping 尚未加载：数据范围无法确定。")


#: the one scoping function, ``orgs.scoping.scope``, handed over when that module loads (it reads
#: the models built on this queryset, so this module cannot import it). Until then, fail closed.
_scope = _refuse


def use_scope(function) -> None:
    global _scope
    _scope = function


class ScopedQuerySet(models.QuerySet):
    """Every model that lives somewhere in the tree uses this (or subclasses it).

    The model says how to reach its org's materialized path with ``ORG_PATH``
    (``"path"`` for orgs, ``"org__path"`` for rows with an ``org`` foreign key).
    """

    _scoped = False
    _from_view = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if checking.get():
            self._from_view = _built_in_view_module()

    def visible_to(self, user):
        return _scope(self, user)

    def within(self, org):
        """Rows placed in ``org``'s subtree (by ``ORG_PATH``), whoever asks: what statistics count.
        A page still narrows to its user with ``visible_to``."""
        return self.filter(**{f"{self.model.ORG_PATH}__startswith": org.path})

    def _clone(self):
        clone = super()._clone()
        clone._scoped = self._scoped
        clone._from_view = self._from_view
        return clone

    def _fetch_all(self):
        if self._result_cache is None:
            self._check_scoped()
        super()._fetch_all()

    def iterator(self, *args, **kwargs):  # form choice fields read through iterator()
        self._check_scoped()
        return super().iterator(*args, **kwargs)

    def _check_scoped(self):
        if self._from_view and checking.get() and not self._scoped and "instance" not in self._hints:
            raise UnscopedQueryError(
                f"{self.model.__name__} 的查询未经 orgs.scoping 限定范围（严格模式）：请用 scoping.scope()，"
                "有意跨范围时用 scoping.allow_unscoped() 并注明原因。")


def _built_in_view_module() -> bool:
    """Whether the nearest caller outside Django and this module is a view (or admin) module."""
    frame = sys._getframe(2)
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if not module.startswith(("django.", "orgs.querysets", "treebeard.")):
            return module.endswith((".views", ".admin")) or ".views." in module
        frame = frame.f_back
    return False
