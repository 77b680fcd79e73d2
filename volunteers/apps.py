from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = "志愿者"

    def ready(self):
        from orgs.services import register_org_dependent
        from volunteers.models import Activity, ServiceTeam, Volunteer
        from volunteers.services import move_teams_with_org, move_volunteers_with_org

        register_org_dependent(Volunteer, "org", "志愿者", mover=move_volunteers_with_org)
        register_org_dependent(ServiceTeam, "org", "志愿服务队", mover=move_teams_with_org)
        register_org_dependent(Activity, "org", "活动")
