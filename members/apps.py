from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "会员"

    def ready(self):
        from grassroots.checks import count_people_with
        from members.kind import MEMBER
        from members.models import Application, Honour, Member, Spell
        from members.services import move_with_org
        from orgs.services import register_org_dependent
        from people import kinds

        register_org_dependent(Member, "org", "会员", mover=move_with_org)
        register_org_dependent(Application, "org", "入会申请")
        register_org_dependent(Honour, "org", "会员荣誉")
        kinds.register(MEMBER)
        # 五有: 有稳定的会员和志愿者队伍 — members count as much as volunteers (seed 000 三)
        count_people_with(lambda org, on: Spell.objects.open_on(on).filter(org=org).count(),
                          lambda orgs, on: Spell.objects.open_on(on).filter(org__in=orgs).values_list(
                              "org_id", flat=True).distinct())
