from django.apps import AppConfig

#: the blank choice of the portal's selects: a form asks to choose; a list's filter says 全部
#: (``FILTERS_EMPTY_CHOICE_LABEL`` in settings).
BLANK_CHOICE_LABEL = "请选择"


class OrgsConfig(AppConfig):
    name = "orgs"
    verbose_name = "组织与账号"

    def ready(self):
        from django.db.models import fields

        # Django's blank choice of every select ("- Select an option -") has no Chinese translation;
        # Django reads this name whenever a form is built, and lets a ready() set it.
        fields.BLANK_CHOICE_LABEL = BLANK_CHOICE_LABEL

        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
        from django.core.checks import register

        from lib import audit, proxies
        from orgs import lockout, scoping  # noqa: F401 (scoping hands its scope to the querysets)

        register(proxies.check_trusted_proxies)

        user_logged_in.connect(audit.on_logged_in, dispatch_uid="audit_login")
        user_logged_out.connect(audit.on_logged_out, dispatch_uid="audit_logout")
        user_login_failed.connect(audit.on_login_failed, dispatch_uid="audit_login_failed")
        user_locked_out.connect(audit.on_locked_out, dispatch_uid="audit_locked_out")
        # after django-axes' own receiver (its app is ready first): it has just counted the failure
        user_login_failed.connect(lockout.hold_spread_failures, dispatch_uid="lockout_spread")
