"""Activity and OrgProfile move here from volunteers with their tables (``db_table``): the models
enter this app's state only, the database is left as it is (volunteers 0012 drops them from its state)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('orgs', '0007_auditevent_count'),
        ('volunteers', '0011_person_fields'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='OrgProfile',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('rules_on_file', models.BooleanField(default=False, verbose_name='有工作制度')),
                    ('platform', models.CharField(blank=True, max_length=200, verbose_name='工作阵地（场所）')),
                    ('annual_funding', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='年度工作经费（元）')),
                    ('org', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='volunteer_profile', to='orgs.organization', verbose_name='组织')),
                ],
                options={
                    'verbose_name': '基层组织建设情况',
                    'verbose_name_plural': '基层组织建设情况',
                    'db_table': 'volunteers_orgprofile',
                },
            ),
            migrations.CreateModel(
                name='Activity',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('title', models.CharField(max_length=100, verbose_name='活动名称')),
                    ('type', models.CharField(choices=[('first_aid_training', '应急救护培训'), ('rescue', '应急救援'), ('humanitarian', '人道救助'), ('blood', '无偿献血'), ('stem_cell', '造血干细胞捐献登记'), ('organ', '遗体和人体器官捐献登记'), ('boai_home', '博爱家园'), ('boai_families', '博爱送万家'), ('publicity', '宣传'), ('other', '其他')], max_length=32, verbose_name='活动类型')),
                    ('held_on', models.DateField(verbose_name='活动日期')),
                    ('place', models.CharField(blank=True, max_length=200, verbose_name='地点')),
                    ('participants', models.PositiveIntegerField(default=0, verbose_name='参与人数')),
                    ('people_trained', models.PositiveIntegerField(default=0, verbose_name='普及人数')),
                    ('certified_first_aiders', models.PositiveIntegerField(default=0, verbose_name='取证救护员人数')),
                    ('donor_registrations', models.PositiveIntegerField(default=0, verbose_name='捐献登记人数')),
                    ('org', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='activities', to='orgs.organization', verbose_name='组织')),
                    ('roster', models.ManyToManyField(blank=True, db_table='volunteers_activity_roster', related_name='activities', to='volunteers.volunteer', verbose_name='参与志愿者')),
                ],
                options={
                    'verbose_name': '活动',
                    'verbose_name_plural': '活动',
                    'db_table': 'volunteers_activity',
                    'ordering': ['-held_on', '-pk'],
                    'indexes': [models.Index(fields=['type', 'held_on'], name='volunteers__type_6757a4_idx')],
                },
            ),
        ]),
    ]
