"""Managing a buyer's publication of open figures: who may (coordinator: any buyer; buyer
user: its own; contractor: 403; anonymous: login), and hostile addresses and introductions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.core.models import AuditEntry
from sroi.plans.models import Buyer
from sroi.portfolio.models import Publication
from sroi.portfolio.publication_selectors import publication_revision
from sroi.portfolio.publication_services import publication_save
from tests.plans.factories import buyer_user_of
from tests.portfolio.open_data import buyer_named, publish

pytestmark = pytest.mark.usefixtures("shipped_rulesets")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: object) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture
def hoorn(db: None) -> Buyer:
    return buyer_named("Gemeente Hoorn")


@pytest.fixture
def enkhuizen(db: None) -> Buyer:
    return buyer_named("Gemeente Enkhuizen")


@pytest.fixture
def hoorn_user(hoorn: Buyer) -> User:
    return buyer_user_of(hoorn, email="inkoper@hoorn.example.org")


def _signed_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def _post(buyer: Buyer, **fields: str) -> dict[str, str]:
    publication = Publication.objects.filter(buyer=buyer).first()
    data = {
        "slug": "gemeente-hoorn",
        "introduction": "Wij kopen sociaal in.",
        "published": "on",
        "revision": publication_revision(publication),
    }
    data.update(fields)
    return data


def test_anonymous_users_are_sent_to_the_login_page(client: Client, hoorn: Buyer) -> None:
    for url in (
        reverse("portfolio:publication_overview"),
        reverse("portfolio:publication_edit", args=[hoorn.pk]),
        reverse("portfolio:publication_preview", args=[hoorn.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    assert (
        client.post(
            reverse("portfolio:publication_edit", args=[hoorn.pk]), _post(hoorn)
        ).status_code
        == 302
    )
    assert not Publication.objects.exists()


def test_a_contractor_is_refused(client: Client, contractor_a: User, hoorn: Buyer) -> None:
    _signed_in(client, contractor_a)
    for url in (
        reverse("portfolio:publication_overview"),
        reverse("portfolio:publication_edit", args=[hoorn.pk]),
        reverse("portfolio:publication_preview", args=[hoorn.pk]),
    ):
        assert client.get(url).status_code == 403
    response = client.post(reverse("portfolio:publication_edit", args=[hoorn.pk]), _post(hoorn))
    assert response.status_code == 403
    assert not Publication.objects.exists()


def test_a_coordinator_chooses_any_buyer(
    client: Client, coordinator: User, hoorn: Buyer, enkhuizen: Buyer
) -> None:
    _signed_in(client, coordinator)
    page = client.get(reverse("portfolio:publication_overview")).content.decode()
    assert "Gemeente Hoorn" in page and "Gemeente Enkhuizen" in page
    response = client.post(
        reverse("portfolio:publication_edit", args=[enkhuizen.pk]),
        _post(enkhuizen, slug="enkhuizen"),
    )
    assert response.status_code == 302
    assert Publication.objects.get(buyer=enkhuizen).published


def test_a_buyer_user_is_sent_to_its_own_buyer(
    client: Client, hoorn_user: User, hoorn: Buyer, enkhuizen: Buyer
) -> None:
    _signed_in(client, hoorn_user)
    response = client.get(reverse("portfolio:publication_overview"))
    assert response["Location"] == reverse("portfolio:publication_edit", args=[hoorn.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Gemeente Enkhuizen" not in page


def test_a_buyer_user_publishes_its_buyer_with_an_audit_entry(
    client: Client, hoorn_user: User, hoorn: Buyer
) -> None:
    _signed_in(client, hoorn_user)
    url = reverse("portfolio:publication_edit", args=[hoorn.pk])
    assert client.post(url, _post(hoorn)).status_code == 302
    publication = Publication.objects.get(buyer=hoorn)
    assert publication.published and publication.published_at is not None
    assert publication.changed_by == hoorn_user
    assert client.get(reverse("open:page", args=["gemeente-hoorn"])).status_code == 200
    client.post(url, _post(hoorn, published=""))
    assert not Publication.objects.get(buyer=hoorn).published
    actions = list(
        AuditEntry.objects.filter(object_type="portfolio.publication")
        .order_by("pk")
        .values_list("action", "actor")
    )
    assert actions == [
        ("publication.publish", hoorn_user.pk),
        ("publication.unpublish", hoorn_user.pk),
    ]
    client.logout()
    assert client.get(reverse("open:page", args=["gemeente-hoorn"])).status_code == 404


def test_another_buyers_publication_is_404(
    client: Client, hoorn_user: User, enkhuizen: Buyer
) -> None:
    publish(enkhuizen, "enkhuizen", published=False)
    _signed_in(client, hoorn_user)
    for url in (
        reverse("portfolio:publication_edit", args=[enkhuizen.pk]),
        reverse("portfolio:publication_preview", args=[enkhuizen.pk]),
        reverse("portfolio:publication_edit", args=[999999]),
    ):
        assert client.get(url).status_code == 404
    response = client.post(
        reverse("portfolio:publication_edit", args=[enkhuizen.pk]),
        _post(enkhuizen, slug="enkhuizen"),
    )
    assert response.status_code == 404
    assert not Publication.objects.get(buyer=enkhuizen).published


def test_the_service_checks_access_again(hoorn_user: User, enkhuizen: Buyer) -> None:
    with pytest.raises(PermissionDenied):
        publication_save(
            acting_user=hoorn_user,
            buyer=enkhuizen,
            slug="enkhuizen",
            published=True,
            introduction="",
            revision="",
        )


def test_the_preview_shows_an_unpublished_page_to_its_manager(
    client: Client, hoorn_user: User, hoorn: Buyer
) -> None:
    publish(hoorn, published=False)
    _signed_in(client, hoorn_user)
    response = client.get(reverse("portfolio:publication_preview", args=[hoorn.pk]))
    assert response.status_code == 200
    assert b"data-preview" in response.content
    assert b"Wij kopen sociaal in." in response.content


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("", "Vul een adres in."),
        ("Hoorn", "kleine letters"),
        ("hoorn_west", "kleine letters"),
        ("-hoorn", "kleine letters"),
        ("hoorn--west", "kleine letters"),
        ("hoörn", "kleine letters"),
        ("hoorn/../admin", "kleine letters"),
        ("<script>", "kleine letters"),
        ("ab", "tussen 3 en 60"),
        ("a" * 61, "tussen 3 en 60"),
        ("a" * 100_000, "240"),
        ("api", "gereserveerd"),
        ("open", "gereserveerd"),
        ("hoorn-123456782", "BSN"),
        ("hoorn-123456789", "negen"),
    ],
)
def test_a_bad_address_gets_a_dutch_message_at_the_field(
    client: Client, hoorn_user: User, hoorn: Buyer, slug: str, message: str
) -> None:
    _signed_in(client, hoorn_user)
    response = client.post(
        reverse("portfolio:publication_edit", args=[hoorn.pk]), _post(hoorn, slug=slug)
    )
    assert response.status_code == 400
    errors = response.context["form"].errors["slug"]
    assert any(message in error for error in errors), errors
    assert not Publication.objects.exists()


def test_an_address_in_use_by_another_buyer_is_refused(
    client: Client, hoorn_user: User, hoorn: Buyer, enkhuizen: Buyer
) -> None:
    publish(enkhuizen, "west-friesland")
    _signed_in(client, hoorn_user)
    response = client.post(
        reverse("portfolio:publication_edit", args=[hoorn.pk]), _post(hoorn, slug="west-friesland")
    )
    assert response.status_code == 400
    assert "al in gebruik" in response.context["form"].errors["slug"][0]


@pytest.mark.parametrize(
    ("introduction", "message"),
    [
        ("Kandidaat 123456782 is geplaatst.", "BSN"),
        ("x" * 2001, "2000"),
    ],
)
def test_a_bad_introduction_gets_a_dutch_message(
    client: Client, hoorn_user: User, hoorn: Buyer, introduction: str, message: str
) -> None:
    _signed_in(client, hoorn_user)
    response = client.post(
        reverse("portfolio:publication_edit", args=[hoorn.pk]),
        _post(hoorn, introduction=introduction),
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["introduction"])


def test_markup_in_the_introduction_is_shown_as_text(
    client: Client, hoorn_user: User, hoorn: Buyer
) -> None:
    _signed_in(client, hoorn_user)
    client.post(
        reverse("portfolio:publication_edit", args=[hoorn.pk]),
        _post(hoorn, introduction='<script>alert("x")</script>'),
    )
    html = client.get(reverse("open:page", args=["gemeente-hoorn"])).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_a_crossing_edit_is_shown_not_overwritten(
    client: Client, hoorn_user: User, coordinator: User, hoorn: Buyer
) -> None:
    stale = _post(hoorn)  # the form as the buyer user opened it (no publication yet)
    publication_save(
        acting_user=coordinator,
        buyer=hoorn,
        slug="hoorn",
        published=False,
        introduction="Door de coordinator.",
        revision="",
    )
    _signed_in(client, hoorn_user)
    response = client.post(reverse("portfolio:publication_edit", args=[hoorn.pk]), stale)
    assert response.status_code == 400
    assert "iemand anders" in response.content.decode().lower()
    assert Publication.objects.get(buyer=hoorn).introduction == "Door de coordinator."


def test_the_service_refuses_a_hostile_address(coordinator: User, hoorn: Buyer) -> None:
    with pytest.raises(ValidationError):
        publication_save(
            acting_user=coordinator,
            buyer=hoorn,
            slug="../admin",
            published=True,
            introduction="",
            revision="",
        )
    assert not Publication.objects.exists()


def test_a_deactivated_buyer_user_cannot_publish(
    client: Client, hoorn_user: User, hoorn: Buyer
) -> None:
    hoorn_user.is_active = False
    hoorn_user.save()
    with pytest.raises(PermissionDenied):
        publication_save(
            acting_user=hoorn_user,
            buyer=hoorn,
            slug="hoorn",
            published=True,
            introduction="",
            revision="",
        )


def test_a_crossing_edit_keeps_what_was_typed_and_shows_the_other_version(
    client: Client, hoorn_user: User, coordinator: User, hoorn: Buyer
) -> None:
    publish(hoorn, "hoorn", published=False)
    stale = _post(hoorn, slug="hoorn-west", introduction="Mijn eigen tekst.")  # opened now
    publication = Publication.objects.get(buyer=hoorn)
    publication_save(
        acting_user=coordinator,
        buyer=hoorn,
        slug="hoorn-noord",
        published=False,
        introduction="Door de coordinator.",
        revision=publication_revision(publication),
    )
    _signed_in(client, hoorn_user)
    url = reverse("portfolio:publication_edit", args=[hoorn.pk])
    response = client.post(url, stale)
    assert response.status_code == 400
    form = response.context["form"]
    # What the user typed is still in the form, with the revision of the version saved now.
    assert form["slug"].value() == "hoorn-west"
    assert form["introduction"].value() == "Mijn eigen tekst."
    assert form["published"].value() is True
    saved = Publication.objects.get(buyer=hoorn)
    assert form["revision"].value() == publication_revision(saved)
    # The other person's version is shown beside it, read-only, with a Dutch message.
    html = response.content.decode()
    assert "iemand anders" in html.lower()
    assert "niets van wat u typte" in html.lower()
    theirs = html.split("data-conflict-theirs", 1)[1].split("</section>", 1)[0]
    assert "Door de coordinator." in theirs and "hoorn-noord" in theirs
    assert 'name="introduction"' not in theirs
    # The message says where that version is: above the form, not beside it (walk 2).
    assert "de andere versie staat erboven" in html
    assert html.index("data-conflict-theirs") < html.index('name="introduction"')
    assert saved.introduction == "Door de coordinator."
    # Saving again, after seeing both, stores the user's version.
    again = {key: str(form[key].value() or "") for key in ("slug", "introduction", "revision")}
    assert client.post(url, {**again, "published": "on"}).status_code == 302
    saved.refresh_from_db()
    assert (saved.slug, saved.introduction, saved.published) == (
        "hoorn-west",
        "Mijn eigen tekst.",
        True,
    )
