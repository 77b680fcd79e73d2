"""Volunteers take the members' naming and codes for a person (``people.models.Person``): the ID
columns are renamed (no data moves), gender is stored as M/F like members' (one UPDATE a table),
and the ID's last four characters get a column beside it for the list's search (0013 fills it, in
committed batches, so that this migration's schema changes stay one transaction)."""

from django.db import migrations, models

TABLES = ("volunteers_volunteer", "volunteers_historicalvolunteer")


def _recode(old: dict) -> list[tuple[str, str]]:
    cases = " ".join(f"WHEN '{a}' THEN '{b}'" for a, b in old.items())
    placeholders = ", ".join(f"'{a}'" for a in old)
    return [f"UPDATE {table} SET gender = CASE gender {cases} END WHERE gender IN ({placeholders})"
            for table in TABLES]


class Migration(migrations.Migration):

    dependencies = [
        ("volunteers", "0010_hours_two_decimals_dates_not_in_future"),
    ]

    operations = [
        # the blind index becomes nullable and unique by itself (an erased person has none)
        migrations.RemoveConstraint("volunteer", "volunteer_unique_resident_id"),
        migrations.RenameField("volunteer", "resident_id", "id_number"),
        migrations.RenameField("historicalvolunteer", "resident_id", "id_number"),
        migrations.RenameField("volunteer", "resident_id_hash", "id_hash"),
        migrations.RunSQL(_recode({"male": "M", "female": "F"}), _recode({"M": "male", "F": "female"})),
        migrations.AddField(
            model_name='volunteer',
            name='id_tail',
            field=models.CharField(blank=True, editable=False, max_length=4, verbose_name='身份证号码末四位'),
        ),
        migrations.AlterField(
            model_name='historicalvolunteer',
            name='gender',
            field=models.CharField(choices=[('M', '男'), ('F', '女')], max_length=1, verbose_name='性别'),
        ),
        migrations.AlterField(
            model_name='historicalvolunteer',
            name='id_number',
            field=models.CharField(blank=True, max_length=255, verbose_name='身份证号码'),
        ),
        migrations.AlterField(
            model_name='historicalvolunteer',
            name='phone',
            field=models.CharField(blank=True, max_length=11, verbose_name='手机号码'),
        ),
        migrations.AlterField(
            model_name='volunteer',
            name='gender',
            field=models.CharField(choices=[('M', '男'), ('F', '女')], max_length=1, verbose_name='性别'),
        ),
        migrations.AlterField(
            model_name='volunteer',
            name='id_hash',
            field=models.CharField(blank=True, editable=False, max_length=64, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name='volunteer',
            name='id_number',
            field=models.CharField(blank=True, max_length=255, verbose_name='身份证号码'),
        ),
        migrations.AlterField(
            model_name='volunteer',
            name='phone',
            field=models.CharField(blank=True, max_length=11, verbose_name='手机号码'),
        ),
    ]
