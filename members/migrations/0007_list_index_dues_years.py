from django.db import migrations, models
from django.db.models import BigIntegerField, Exists, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Cast

# frozen copies of members.models.DUES_EPOCH / DUES_SPAN
EPOCH, SPAN = 2000, 63


def fill_dues_years(apps, schema_editor):
    """One UPDATE: each member's payments in 2000–2062 as bits (a member pays a year once, so the
    sum of the bits is their OR)."""
    Member = apps.get_model("members", "Member")
    DuesPayment = apps.get_model("members", "DuesPayment")
    bits = (DuesPayment.objects.filter(member=OuterRef("pk"), year__gte=EPOCH, year__lt=EPOCH + SPAN)
            .order_by().values("member")
            .annotate(bits=Sum(Cast(Value(1), BigIntegerField()).bitleftshift(F("year") - EPOCH),
                               output_field=BigIntegerField()))
            .values("bits"))
    paid = DuesPayment.objects.filter(member=OuterRef("pk"))
    Member.objects.filter(Exists(paid)).update(dues_years=Subquery(bits))


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0006_scale_indexes'),
        ('orgs', '0006_used_form_token'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='member',
            name='members_mem_org_id_00224a_idx',
        ),
        migrations.AddField(
            model_name='member',
            name='dues_years',
            field=models.BigIntegerField(default=0, editable=False, verbose_name='已缴会费年度'),
        ),
        migrations.RunPython(fill_dues_years, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='member',
            index=models.Index(fields=['org', 'status', 'kind', '-joined_on', '-id'], include=('dues_years',), name='member_list'),
        ),
    ]
