"""Activity and OrgProfile now belong to the grassroots app (its 0001): gone from this app's state,
their tables and the service records' foreign keys to them stay exactly as they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('grassroots', '0001_initial'),
        ('volunteers', '0011_person_fields'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.RemoveIndex(
                model_name='activity',
                name='volunteers__type_6757a4_idx',
            ),
            migrations.AlterField(
                model_name='servicerecord',
                name='activity',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='records', to='grassroots.activity', verbose_name='活动'),
            ),
            migrations.AlterField(
                model_name='historicalservicerecord',
                name='activity',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='grassroots.activity', verbose_name='活动'),
            ),
            migrations.RemoveField(
                model_name='activity',
                name='org',
            ),
            migrations.RemoveField(
                model_name='activity',
                name='roster',
            ),
            migrations.DeleteModel(
                name='OrgProfile',
            ),
            migrations.DeleteModel(
                name='Activity',
            ),
        ]),
    ]
