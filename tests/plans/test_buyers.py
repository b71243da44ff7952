"""The coordinator's buyer list: add, refuse duplicates, deactivate."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.plans import selectors, services
from sroi.plans.models import Buyer


def test_coordinator_adds_a_buyer_through_the_page(coordinator: User) -> None:
    client = Client()
    client.force_login(coordinator)
    response = client.post(reverse("plans:buyer_list"), {"name": "  Gemeente Opmeer "})
    assert response.status_code == 302
    assert Buyer.objects.get().name == "Gemeente Opmeer"


def test_duplicate_name_is_shown_at_the_field(coordinator: User) -> None:
    services.buyer_create(acting_user=coordinator, name="Gemeente Hoorn")
    client = Client()
    client.force_login(coordinator)
    response = client.post(reverse("plans:buyer_list"), {"name": "gemeente hoorn"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Deze opdrachtgever staat al in de lijst." in content
    assert 'value="gemeente hoorn"' in content  # what was typed is kept
    assert 'href="#id_name"' in content
    assert Buyer.objects.count() == 1


def test_deactivated_buyer_is_no_longer_offered(coordinator: User) -> None:
    hoorn = services.buyer_create(acting_user=coordinator, name="Gemeente Hoorn")
    opmeer = services.buyer_create(acting_user=coordinator, name="Gemeente Opmeer")
    services.buyer_set_active(acting_user=coordinator, buyer=hoorn, active=False)
    assert list(selectors.buyer_list_active()) == [opmeer]
    assert list(selectors.buyer_list_all()) == [opmeer, hoorn]


def test_contractor_cannot_change_the_list(contractor_a: User, coordinator: User) -> None:
    buyer = services.buyer_create(acting_user=coordinator, name="Gemeente Enkhuizen")
    with pytest.raises(PermissionDenied):
        services.buyer_create(acting_user=contractor_a, name="Eigen opdrachtgever")
    with pytest.raises(PermissionDenied):
        services.buyer_set_active(acting_user=contractor_a, buyer=buyer, active=False)
    assert list(Buyer.objects.values_list("name", "active")) == [("Gemeente Enkhuizen", True)]


def test_empty_name_is_refused(coordinator: User) -> None:
    with pytest.raises(ValidationError) as info:
        services.buyer_create(acting_user=coordinator, name="  ")
    assert info.value.message_dict == {"name": ["Vul de naam van de opdrachtgever in."]}
