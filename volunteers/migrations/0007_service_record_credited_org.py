"""ServiceRecord.credited_org: the org a record's hours count at. Records entered before it existed
are credited to their volunteer's org at the time of this migration (where they counted until now:
nothing earlier says otherwise). Column and backfill here, NOT NULL and the index in 0008 (PostgreSQL
refuses to alter a table whose rows this transaction changed under a deferred foreign key)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def credit_to_the_volunteers_org(apps, schema_editor):
    Volunteer = apps.get_model("volunteers", "Volunteer")
    managing = Subquery(Volunteer.objects.filter(pk=OuterRef("volunteer_id")).values("org_id")[:1])
    for name in ("ServiceRecord", "HistoricalServiceRecord"):
        apps.get_model("volunteers", name).objects.filter(credited_org__isnull=True).update(credited_org_id=managing)


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0006_used_form_token'),
        ('volunteers', '0006_volunteer_erased_at'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalservicerecord',
            name='credited_org',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='orgs.organization', verbose_name='计入组织（登记时的管理组织）'),
        ),
        migrations.AddField(
            model_name='servicerecord',
            name='credited_org',
            field=models.ForeignKey(db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='credited_records', to='orgs.organization', verbose_name='计入组织（登记时的管理组织）'),
        ),
        migrations.RunPython(credit_to_the_volunteers_org, migrations.RunPython.noop, elidable=True),
    ]
