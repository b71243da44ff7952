"""A plan line's description holds at most 500 characters, as the plan form accepts.

Longer descriptions could only come in through plan-from-calculation (a calculation's ``ref``);
they are cut to the limit first, so that the column change succeeds on PostgreSQL too.
"""

from django.db import migrations, models
from django.db.models.functions import Length, Substr

LIMIT = 500  # sroi.rules.engine.limits.LINE_DESCRIPTION_MAX_LENGTH when this was written


def cut_long_descriptions(apps, schema_editor):  # type: ignore[no-untyped-def]
    PlanLine = apps.get_model("plans", "PlanLine")
    PlanLine.objects.annotate(length=Length("description")).filter(length__gt=LIMIT).update(
        description=Substr("description", 1, LIMIT)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_privacy_bsn_guard"),
    ]

    operations = [
        migrations.RunPython(cut_long_descriptions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="planline",
            name="description",
            field=models.CharField(blank=True, max_length=LIMIT, verbose_name="description"),
        ),
    ]
