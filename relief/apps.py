from django.apps import AppConfig


class ReliefConfig(AppConfig):
    name = "relief"
    verbose_name = "救灾物资与捐赠"

    def ready(self):
        from orgs.services import register_org_dependent
        from relief.models import Donation, Warehouse

        register_org_dependent(Warehouse, "org", "救灾物资仓库")
        register_org_dependent(Donation, "org", "捐赠")
