from datetime import date
from decimal import Decimal

from django.db import migrations


def defaults(apps, schema_editor):
    DuesRule = apps.get_model("members", "DuesRule")
    for kind, amount in (("adult", "10"), ("youth", "5"), ("group", "10")):
        DuesRule.objects.get_or_create(kind=kind, effective_from=date(2000, 1, 1),
                                       defaults={"max_amount": Decimal(amount), "lapse_years": 2,
                                                 "share_up_percent": 20})


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(defaults, migrations.RunPython.noop)]
