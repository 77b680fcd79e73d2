from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "会员"

    def ready(self):
        from members.kind import MEMBER
        from members.models import Application, Honour, Member
        from members.services import move_with_org
        from orgs.services import register_org_dependent
        from people import kinds

        register_org_dependent(Member, "org", "会员", mover=move_with_org)
        register_org_dependent(Application, "org", "入会申请")
        register_org_dependent(Honour, "org", "会员荣誉")
        kinds.register(MEMBER)
