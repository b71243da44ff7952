"""Every existing buyer gets its organisation (kind buyer, the same name).

A buyer's users (role buyer) belong to that organisation and read the buyer's contracts; new
buyers get one from ``services.buyer_create``. A buyer that already has an organisation is left
alone (the migration can run twice). Reversing keeps the organisations: users may belong to
them by then.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

BUYER = "buyer"  # accounts.constants.OrganisationKind.BUYER, as stored


def give_buyers_an_organisation(apps: Any, schema_editor: Any) -> None:
    Buyer = apps.get_model("plans", "Buyer")
    Organisation = apps.get_model("accounts", "Organisation")
    for buyer in Buyer.objects.filter(organisation__isnull=True).order_by("pk"):
        buyer.organisation = Organisation.objects.create(name=buyer.name, kind=BUYER)
        buyer.save(update_fields=["organisation"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_workspace_schema"),
        ("plans", "0011_contract_list_indexes"),
    ]

    operations = [
        migrations.RunPython(give_buyers_an_organisation, migrations.RunPython.noop),
    ]
