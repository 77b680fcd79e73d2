from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo region (``manage.py load_demo``): it writes through every app's services, as users
    would, so it stands above them all and nothing imports it."""

    name = "demo"
    verbose_name = "演示数据"
