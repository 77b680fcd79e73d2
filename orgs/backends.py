"""Sign-in backend: Django's ``ModelBackend``, loading the account's org with it."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


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
