from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "培训"

    def ready(self):
        from orgs.services import register_org_dependent
        from training.models import Trainee, TrainingClass

        register_org_dependent(TrainingClass, "org", "培训班")
        register_org_dependent(Trainee, "org", "学员")
        from lib import registers
        from training import figures

        registers.register("certified_first_aiders", figures.certified_first_aiders)
        registers.register("people_trained", figures.people_trained)
