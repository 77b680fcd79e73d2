from django.apps import AppConfig


class GrassrootsConfig(AppConfig):
    name = "grassroots"
    verbose_name = "组织建设"

    def ready(self):
        from grassroots.models import Activity
        from orgs.services import register_org_dependent

        register_org_dependent(Activity, "org", "活动")
