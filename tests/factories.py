"""factory_boy factories shared by the suite. Traits give workflow states."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from sroi.accounts.constants import OrganisationKind, Role
from sroi.accounts.models import Organisation, User

DEMO_PASSWORD = "correct-horse-battery-staple-42"


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Bouwbedrijf {n} B.V.")
    kvk_number = factory.Sequence(lambda n: f"{10000000 + n:08d}")
    street = "Dijkweg"
    house_number = "12"
    postcode = "1619 AB"
    city = "Andijk"
    contact_name = "Jan de Vries"
    contact_function = "HR-adviseur"
    contact_email = factory.Sequence(lambda n: f"sroi{n}@bouw.example.org")
    contact_phone = "+31 229 123 456"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="nl_NL")
    role = Role.CONTRACTOR
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", DEMO_PASSWORD)

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()

    class Params:
        coordinator = factory.Trait(role=Role.COORDINATOR, organisation=None)
        # A buyer user of a buyer-kind organisation (link it to a ``plans.Buyer`` with
        # ``tests.plans.factories.buyer_user_of``).
        buyer = factory.Trait(
            role=Role.BUYER,
            organisation=factory.SubFactory(
                OrganisationFactory, kind=OrganisationKind.BUYER, kvk_number=""
            ),
        )
        administrator = factory.Trait(role=Role.ADMINISTRATOR, organisation=None, is_staff=True)
