from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_cache_table(using="default", **kwargs):
    """The shared cache's table (settings.CACHES without Redis) comes with every ``migrate``:
    serve.sh, run.sh and a restore drill all migrate, none has to remember ``createcachetable``."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class JobsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "jobs"
    verbose_name = "后台任务"

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="jobs.create_cache_table")
