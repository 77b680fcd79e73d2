"""Sign-in backend: Django's ``ModelBackend``, loading the account's org with it and reading its
permissions in one query."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q


class PortalBackend(ModelBackend):
    """Every signed-in page reads ``user.org`` (the header, scoping): it is loaded with the account,
    in the one query ``ModelBackend`` makes per request, instead of in a second one."""

    def get_user(self, user_id):
        model = get_user_model()
        try:
            user = model._default_manager.select_related("org").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        """The same set as ``ModelBackend``'s (the account's own permissions and its groups'), in one
        query instead of two: pages that show an action only to accounts granted it (the full
        export, ``orgs.scoping.GRANTS``) ask on every request."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            perms = Permission.objects.all()
            if not user_obj.is_superuser:
                perms = perms.filter(Q(user=user_obj) | Q(group__user=user_obj))
            user_obj._perm_cache = {
                f"{app}.{codename}"
                for app, codename in perms.values_list("content_type__app_label", "codename").distinct()}
        return user_obj._perm_cache
