"""Every monitoring view against every role, as docs/access.md ("Monitoring") says: the
anonymous user goes to the login; a user who may not know the object exists gets 404 (another
organisation's contractor, another buyer's user, and a buyer user on pages that hold candidate
references); a user who sees the page but may not act gets 403. The rule lives in
``sroi.monitoring.access``."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sroi.accounts.constants import OrganisationKind, Role
from sroi.accounts.models import User
from sroi.agreements.models import AgreementVersion
from sroi.monitoring import evidence as evidence_service
from sroi.monitoring import services
from sroi.monitoring.models import Evidence, Realisation
from sroi.plans.models import Contract
from tests.factories import OrganisationFactory, UserFactory
from tests.monitoring.factories import placement

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
OK = "ok"  # allowed: anything but 403, 404 and a server error (an empty POST may be 400)

ROLES = ("contractor_a", "contractor_b", "buyer_user", "other_buyer_user", "coordinator")

# view: (method, contractor of the contract, other contractor, buyer user, other buyer's user,
# coordinator)
MATRIX: dict[str, tuple[str, object, int, int, int, object]] = {
    "realisations": ("get", 200, 404, 404, 404, 200),
    "realisation_new": ("get", 200, 404, 404, 404, 403),
    "realisation_edit": ("get", 200, 404, 404, 404, 403),
    "realisation_delete": ("get", 200, 404, 404, 404, 403),
    "reports": ("get", 200, 404, 404, 404, 200),
    "report_submit": ("post", OK, 404, 404, 404, 403),
    "report_submit_nothing": ("post", OK, 404, 404, 404, 403),
    "report_acknowledge": ("post", 403, 404, 404, 404, OK),
    "reporting_interval": ("post", 403, 404, 404, 404, OK),
    "evidence_list": ("get", 200, 404, 404, 404, 200),
    "evidence_download": ("get", 200, 404, 404, 404, 200),
    "evidence_remove": ("post", OK, 404, 404, 404, 403),
    "import": ("get", 200, 404, 404, 404, 403),
    "import_template_xlsx": ("get", 200, 404, 404, 404, 403),
    "verify": ("get", 403, 404, 403, 404, 200),
    "verify_decide": ("post", 403, 404, 403, 404, OK),
    "verify_approve_checked": ("post", 403, 404, 403, 404, OK),
    "progress": ("get", 200, 404, 200, 404, 200),
    "final_assessment": ("get", 200, 404, 200, 404, 200),
    "final_assessment_post": ("post", 403, 404, 403, 404, OK),
}


@pytest.fixture
def contract_in_force(agreements: AgreementVersion) -> Contract:
    contract = agreements.contract
    contract.refresh_from_db()
    return contract


@pytest.fixture
def draft(contract_in_force: Contract, contractor_a: User) -> Realisation:
    return services.realisation_create(
        acting_user=contractor_a, contract=contract_in_force, data=placement()
    )


@pytest.fixture
def evidence(draft: Realisation, contractor_a: User) -> Evidence:
    return evidence_service.evidence_add(
        acting_user=contractor_a,
        realisation=draft,
        upload=SimpleUploadedFile("bewijs.pdf", PDF, content_type="application/pdf"),
    )


@pytest.fixture
def other_buyer_user(db: None) -> User:
    organisation = OrganisationFactory(name="Gemeente Elders", kind=OrganisationKind.BUYER)
    return UserFactory(
        email="inkoper@elders.example.org", role=Role.BUYER, organisation=organisation
    )


def _url(name: str, contract: Contract, draft: Realisation, evidence: Evidence) -> str:
    c = {"contract_pk": contract.pk}
    kwargs: dict[str, dict[str, object]] = {
        "realisation_new": {**c, "kind": "plaatsing"},
        "realisation_edit": {**c, "pk": draft.pk},
        "realisation_delete": {**c, "pk": draft.pk},
        "evidence_list": {**c, "realisation_pk": draft.pk},
        "evidence_download": {**c, "evidence_pk": evidence.pk},
        "evidence_remove": {**c, "realisation_pk": draft.pk, "evidence_pk": evidence.pk},
        "verify_decide": {**c, "pk": draft.pk},
    }
    route = "final_assessment" if name == "final_assessment_post" else name
    return reverse(f"monitoring:{route}", kwargs=kwargs.get(name, c))


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_anonymous_users_are_sent_to_the_login(
    name: str, contract_in_force: Contract, draft: Realisation, evidence: Evidence
) -> None:
    method = MATRIX[name][0]
    response = getattr(Client(), method)(_url(name, contract_in_force, draft, evidence))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_the_answer_of_docs_access(
    request: pytest.FixtureRequest,
    name: str,
    role: str,
    contract_in_force: Contract,
    draft: Realisation,
    evidence: Evidence,
) -> None:
    method, *answers = MATRIX[name]
    expected = dict(zip(ROLES, answers, strict=True))[role]
    client = Client()
    client.force_login(request.getfixturevalue(role))
    response = getattr(client, method)(_url(name, contract_in_force, draft, evidence))
    if expected == OK:
        assert response.status_code not in {403, 404}, response.status_code
        assert response.status_code < 500
    else:
        assert response.status_code == expected
    if expected in {403, 404}:
        # Nothing changed: the draft and its evidence are still there.
        assert Realisation.objects.filter(pk=draft.pk, status="draft").exists()
        assert Evidence.objects.filter(pk=evidence.pk).exists()
