"""The one place that decides who sees and does what (DESIGN.md §3).

* ``scope(queryset, user)`` narrows any queryset of a tree-placed model to the user's subtree;
  models declare ``ORG_PATH`` — the lookup from the row to its org's materialized path.
* ``get_visible_or_404(queryset, user, **lookup)``: an object out of scope is a 404, never a 403,
  so that ids cannot be probed.
* ``can(user, action, obj)`` / ``require(...)``: role rules, read from ``RULES``; inside the
  subtree a wrong role is a 403 (``PermissionDenied``).

Fails closed: an anonymous user, an inactive user, or a user without an org sees nothing.
Superusers (operators) see everything.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from orgs import querysets
from orgs.models import Level, Organization, Role

STAFF, REVIEWER, ADMIN, VOLUNTEER = Role.STAFF, Role.REVIEWER, Role.ADMIN, Role.VOLUNTEER

#: action → roles that may do it (always only inside their own subtree).
RULES: dict[str, frozenset[str]] = {
    "org.view": frozenset({STAFF, REVIEWER, ADMIN}),
    # Admins edit orgs in their subtree and add orgs below them; move/merge/dissolve only
    # strictly below their own org (``strictly_below`` in ``can``).
    "org.edit": frozenset({ADMIN}),
    "org.add_child": frozenset({ADMIN}),
    "org.restructure": frozenset({ADMIN}),
    "account.manage": frozenset({ADMIN}),
    "audit.view": frozenset({ADMIN}),
    "stats.view": frozenset({STAFF, REVIEWER, ADMIN}),
    "stats.submit_year_end": frozenset({ADMIN}),
    "member.view": frozenset({STAFF, REVIEWER, ADMIN}),
    "member.edit": frozenset({STAFF, ADMIN}),
    # personal data (checklist rows 12–16): a full view is logged; a full export also needs the
    # account's grant (``GRANTS``) and a stated reason; erasure is for admins only
    "member.reveal_pii": frozenset({STAFF, ADMIN}),
    "member.export_full": frozenset({STAFF, ADMIN}),
    "member.personal_data": frozenset({STAFF, ADMIN}),
    "member.erase": frozenset({ADMIN}),
    "member.import": frozenset({STAFF, ADMIN}),
    "application.review": frozenset({STAFF, ADMIN}),
    # volunteers app: registers, teams, activities, hours, stars, certificates
    "volunteer.view": frozenset({STAFF, REVIEWER, ADMIN}),
    "volunteer.edit": frozenset({STAFF, REVIEWER, ADMIN}),
    "volunteer.reveal_pii": frozenset({STAFF, ADMIN}),
    "volunteer.export_full": frozenset({STAFF, ADMIN}),
    "volunteer.personal_data": frozenset({STAFF, ADMIN}),
    "volunteer.erase": frozenset({ADMIN}),
    "volunteer.log_hours": frozenset({STAFF, REVIEWER, ADMIN}),
    "volunteer.approve_hours": frozenset({STAFF, REVIEWER, ADMIN}),
    "volunteer.award_stars": frozenset({REVIEWER, ADMIN}),
    "volunteer.issue_certificate": frozenset({STAFF, REVIEWER, ADMIN}),
    "volunteer.self_service": frozenset({VOLUNTEER}),
    "filing.view": frozenset({STAFF, REVIEWER, ADMIN}),
    "filing.edit": frozenset({STAFF, ADMIN}),
    "filing.submit": frozenset({STAFF, ADMIN}),
    "filing.review": frozenset({REVIEWER, ADMIN}),
    "filing.reissue": frozenset({ADMIN}),  # a new PDF of record, e.g. after the e-seal changed
    "seal.manage": frozenset({ADMIN}),
    # notices down the tree: a body's staff publish; a recipient's staff read and reply (回执)
    "notice.view": frozenset({STAFF, REVIEWER, ADMIN}),
    "notice.publish": frozenset({STAFF, REVIEWER, ADMIN}),
    "notice.reply": frozenset({STAFF, ADMIN}),
    # campaigns: a body opens and supervises; each unit keeps its own milestones' facts, which
    # admins above it may correct; the district records the paper form's arrival
    "campaign.open": frozenset({ADMIN}),
    "campaign.supervise": frozenset({REVIEWER, ADMIN}),
    "campaign.unit_view": frozenset({STAFF, REVIEWER, ADMIN}),
    "campaign.unit_edit": frozenset({STAFF, ADMIN}),
    "campaign.record_paper": frozenset({REVIEWER, ADMIN}),
    "target.manage": frozenset({ADMIN}),
    # relief app: stock ledger, transfers, donations; a month goes public only when a reviewer releases it
    "relief.view": frozenset({STAFF, REVIEWER, ADMIN}),
    "relief.edit": frozenset({STAFF, ADMIN}),
    "relief.release": frozenset({REVIEWER, ADMIN}),
    # training: classes and their rosters; staff and admins keep them, reviewers read
    "training.view": frozenset({STAFF, REVIEWER, ADMIN}),
    "training.edit": frozenset({STAFF, ADMIN}),
    "training.certify": frozenset({STAFF, ADMIN}),
}

#: actions that, besides the role, need a Django permission granted to the account itself (an
#: operator grants it with ``manage.py pii_export_grant``; superusers hold every permission).
GRANTS: dict[str, str] = {
    "member.export_full": "members.export_full_pii",
    "volunteer.export_full": "members.export_full_pii",
}

#: actions that may not be taken on the user's own org, only on orgs below it.
STRICTLY_BELOW = frozenset({"org.restructure"})


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def root_of(user) -> Organization | None:
    """The top of the user's visible subtree (None for superusers: they see the whole tree)."""
    return user.org if _active(user) else None


def scope(queryset: QuerySet, user) -> QuerySet:
    return _mark_scoped(_scope(queryset, user))


def _scope(queryset: QuerySet, user) -> QuerySet:
    if not _active(user):
        return queryset.none()
    if user.is_superuser:
        return queryset.all()
    if user.role == VOLUNTEER:  # a volunteer account sees only its own rows (models' SELF_LOOKUP)
        self_lookup = getattr(queryset.model, "SELF_LOOKUP", None)
        return queryset.filter(**{self_lookup: user}) if self_lookup else queryset.none()
    if user.org_id is None:
        return queryset.none()
    lookup = f"{queryset.model.ORG_PATH}__startswith"
    return queryset.filter(**{lookup: user.org.path})


def scope_former(queryset: QuerySet, user) -> QuerySet:
    """Rows that once sat in the user's subtree and have left it (a member transferred out): the
    sending org keeps seeing their history there, read-only. Models declare ``HISTORY_PATH``, the
    lookup from the row to the paths of every org it has sat at. Fails closed like ``scope``."""
    if not _active(user) or user.is_superuser or user.role == VOLUNTEER or user.org_id is None:
        return _mark_scoped(queryset.none())  # superusers see every row through ``scope`` already
    model = queryset.model
    was_here = model._default_manager.filter(**{f"{model.HISTORY_PATH}__startswith": user.org.path})
    return _mark_scoped(queryset.filter(pk__in=was_here.values("pk")).exclude(
        **{f"{model.ORG_PATH}__startswith": user.org.path}))


def get_former_or_404(queryset: QuerySet, user, **lookup):
    try:
        return scope_former(queryset, user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该记录。") from None


def _mark_scoped(queryset: QuerySet) -> QuerySet:
    queryset._scoped = True  # read by ScopedQuerySet's strict mode (orgs/querysets.py)
    return queryset


def allow_unscoped(queryset: QuerySet) -> QuerySet:
    """A view's queryset that is narrowed on purpose by something other than the user's subtree
    (incoming transfers by their target org, a public verification by its random token):
    strict mode (``orgs/querysets.py``) lets it through. Say why at the call site."""
    return _mark_scoped(queryset)


def visible_orgs(user) -> QuerySet[Organization]:
    return scope(Organization.objects.all(), user)


def in_scope(user, org: Organization | None) -> bool:
    if org is None or not _active(user):
        return False
    if user.is_superuser:
        return True
    return user.org_id is not None and org.path.startswith(user.org.path)


def get_visible_or_404(queryset: QuerySet | type[Model], user, **lookup):
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    try:
        return scope(queryset, user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该记录。") from None


def org_of(obj) -> Organization | None:
    """The org an object sits at: the object itself for orgs, ``obj.org`` otherwise."""
    if isinstance(obj, Organization):
        return obj
    return getattr(obj, "org", None)


def can(user, action: str, obj=None) -> bool:
    if not _active(user):
        return False
    if obj is not None:
        org = org_of(obj)
        if not in_scope(user, org):
            return False
        if action in STRICTLY_BELOW and not user.is_superuser and org.pk == user.org_id:
            return False
    if user.is_superuser:
        return True
    if user.role not in RULES.get(action, frozenset()):
        return False
    return action not in GRANTS or user.has_perm(GRANTS[action])


def require(user, action: str, obj=None) -> None:
    """Raise 404 when ``obj`` is out of scope, 403 when the role may not do ``action``."""
    if obj is not None and not in_scope(user, org_of(obj)):
        raise Http404("未找到该记录。")
    if not can(user, action, obj):
        raise PermissionDenied("您没有执行此操作的权限。")


#: 星级志愿者评定 (seed 002 item 15): which stars each level of Red Cross body may award.
STAR_AUTHORITY: dict[str, frozenset[int]] = {
    Level.COUNTY: frozenset({1, 2, 3}),
    Level.CITY: frozenset({4}),
    Level.PROVINCE: frozenset({5}),
}


def may_award_stars(user, stars: int, volunteer) -> None:
    """Raise unless ``user`` may award ``stars`` to ``volunteer``: 404 out of scope, 403 otherwise,
    with the seed's rule spelled out in the refusal."""
    require(user, "volunteer.award_stars", volunteer)
    level = user.org.level if user.org_id else None
    if user.is_superuser or stars in STAR_AUTHORITY.get(level, frozenset()):
        return
    raise PermissionDenied(
        f"{user.org.name if user.org_id else '您'}无权评定{stars}星级志愿者：县级红十字会负责一至三星级，"
        "地市级红十字会负责四星级，省级红十字会负责五星级。")


querysets.use_scope(scope)  # every ScopedQuerySet.visible_to goes through ``scope``
