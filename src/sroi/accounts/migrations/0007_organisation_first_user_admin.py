"""Every existing organisation gets an administrator: its earliest active user.

From now on the user who creates an organisation at sign-up becomes its administrator
(``services.organisation_create``); organisations from before had none, so nobody could invite
colleagues. An organisation that already has an administrator is left alone (the migration can
run twice). Reversing leaves the flags as they are: they are data, not schema.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def make_earliest_user_admin(apps: Any, schema_editor: Any) -> None:
    Organisation = apps.get_model("accounts", "Organisation")
    User = apps.get_model("accounts", "User")
    for organisation_id in Organisation.objects.order_by("pk").values_list("pk", flat=True):
        users = User.objects.filter(organisation_id=organisation_id, is_active=True)
        if users.filter(organisation_admin=True).exists():
            continue
        first = users.order_by("date_joined", "pk").first()
        if first is not None:
            User.objects.filter(pk=first.pk).update(organisation_admin=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_invitation_revoked_at"),
    ]

    operations = [
        migrations.RunPython(make_earliest_user_admin, migrations.RunPython.noop),
    ]
