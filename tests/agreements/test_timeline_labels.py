"""The contract's timeline names every agreement and assessment-moment action in Dutch, never
by its code (``agreements.accept``, ``moment.hold``)."""

from __future__ import annotations

import re
from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.agreements.models import AgreementVersion
from sroi.core.models import AuditEntry


def test_the_timeline_labels_every_agreement_and_moment_action(db: None) -> None:
    call_command("load_demo", stdout=StringIO())
    contract_id = AgreementVersion.objects.values_list("contract_id", flat=True).first()
    actions = set(
        AuditEntry.objects.filter(contract_id=contract_id).values_list("action", flat=True)
    )
    assert {"agreements.accept", "moment.hold", "moment.schedule_default"} <= actions
    client = Client()
    client.force_login(User.objects.get(email="coordinator@example.org"))

    response = client.get(reverse("contracts:contract_detail", args=[contract_id]))

    html = response.content.decode()
    assert response.status_code == 200
    assert not re.search(r"\b(agreements|moment)\.[a-z_]+\b", html)
    assert "Prestatieafspraken geaccepteerd door de opdrachtnemer" in html
    assert "Beoordelingsmoment gehouden" in html
