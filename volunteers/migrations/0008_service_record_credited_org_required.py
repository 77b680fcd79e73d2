import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('volunteers', '0007_service_record_credited_org'),
    ]

    operations = [
        migrations.AlterField(
            model_name='servicerecord',
            name='credited_org',
            field=models.ForeignKey(db_index=False, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='credited_records', to='orgs.organization', verbose_name='计入组织（登记时的管理组织）'),
        ),
        migrations.AddIndex(
            model_name='servicerecord',
            index=models.Index(fields=['credited_org', 'served_on'], include=('status', 'hours', 'team'), name='record_credited_org_covering'),
        ),
    ]
