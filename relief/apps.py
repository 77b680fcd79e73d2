from django.apps import AppConfig


class ReliefConfig(AppConfig):
    name = "relief"
    verbose_name = "救灾物资与捐赠"

    def ready(self):
        from orgs.services import register_org_dependent
        from relief import figures
        from relief.models import Donation, Warehouse
        from reports.sections import register_section

        register_org_dependent(Warehouse, "org", "救灾物资仓库")
        register_org_dependent(Donation, "org", "捐赠")
        # the statistics page and workbook show the registers' yearly figures; reports never imports relief
        register_section("救灾物资与捐赠", "救灾物资与捐赠年度统计", figures.report_rows)
