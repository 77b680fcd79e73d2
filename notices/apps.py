from django.apps import AppConfig


class NoticesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notices"
    verbose_name = "通知公文"

    def ready(self):
        from notices import selectors
        from notifications import services

        # the menu's unread count of notices, counted in the same query as the notifications
        services.register_badge("notices", selectors.unread_for)
