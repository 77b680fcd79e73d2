from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = "志愿者"

    def ready(self):
        from grassroots.checks import count_people_with
        from orgs.services import register_org_dependent
        from people import kinds
        from people.links import when_added
        from volunteers.kind import VOLUNTEER
        from volunteers.models import ServiceTeam, Volunteer, VolunteerStatus
        from volunteers.services import link_new_members, move_teams_with_org, move_volunteers_with_org

        register_org_dependent(Volunteer, "org", "志愿者", mover=move_volunteers_with_org)
        register_org_dependent(ServiceTeam, "org", "志愿服务队", mover=move_teams_with_org)
        count_people_with(lambda org, on: Volunteer.objects.filter(  # 五有: 有稳定的会员和志愿者队伍
            org=org, status=VolunteerStatus.ACTIVE, registered_on__lte=on).count(),
            lambda orgs, on: Volunteer.objects.filter(
                org__in=orgs, status=VolunteerStatus.ACTIVE, registered_on__lte=on,
            ).values_list("org_id", flat=True).distinct())
        when_added("member", link_new_members)  # a new member with a volunteer's ID: the same person
        kinds.register(VOLUNTEER)
