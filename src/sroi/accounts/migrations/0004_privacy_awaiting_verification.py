"""Organisations of sign-ups whose e-mail address is not verified are hidden from coordinators.

Existing organisations whose members all have only unverified e-mail addresses (a sign-up
that never confirmed) are marked as awaiting verification too.
"""

from typing import Any

from django.db import migrations, models


def mark_unverified_sign_ups(apps: Any, schema_editor: Any) -> None:
    Organisation = apps.get_model("accounts", "Organisation")
    EmailAddress = apps.get_model("account", "EmailAddress")
    verified = EmailAddress.objects.filter(verified=True, user__organisation=models.OuterRef("pk"))
    unverified = EmailAddress.objects.filter(
        verified=False, user__organisation=models.OuterRef("pk")
    )
    Organisation.objects.filter(models.Exists(unverified), ~models.Exists(verified)).update(
        awaiting_verification=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_privacy_bsn_guard"),
        ("account", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="awaiting_verification",
            field=models.BooleanField(default=False, verbose_name="awaiting e-mail verification"),
        ),
        migrations.RunPython(mark_unverified_sign_ups, migrations.RunPython.noop),
    ]
