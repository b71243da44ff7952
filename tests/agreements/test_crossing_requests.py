"""Two users at once on the agreements and moments: what one of them saw on a page must be
what their post acts on, and two crossing posts give one success and one clear refusal."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client

from sroi.accounts.models import User
from sroi.agreements import moments, services
from sroi.agreements.constants import AgreementStatus, MomentStatus
from sroi.agreements.models import Agreement, AgreementVersion, AssessmentMoment
from sroi.core.models import AuditEntry
from tests.factories import UserFactory


def _accept_url(version: AgreementVersion) -> str:
    return f"/contracten/{version.contract_id}/afspraken/accepteren/"


def test_an_accept_posted_from_the_page_of_an_older_version_does_not_accept_the_newer_one(
    client: Client, sent_proposal: AgreementVersion, contractor_a: User, coordinator: User
) -> None:
    """Contractor tab 1 shows version 1 (revision 0). A colleague accepts version 1; the
    coordinator makes version 2 (also revision 0) and sends it unchanged. Tab 1's post names
    revision 0: it must not accept version 2, which this person never saw."""
    seen = {"name": "Anna Visser", "revision": sent_proposal.revision, "number": 1}
    services.agreements_accept(acting_user=contractor_a, version=sent_proposal, name="Collega")
    second = services.agreements_new_version(
        acting_user=coordinator, contract=sent_proposal.contract
    )
    services.agreements_record_difference(acting_user=coordinator, version=second, reason="Krap")
    services.agreements_propose(acting_user=coordinator, version=second)
    second.refresh_from_db()
    assert second.revision == seen["revision"]  # the revision alone cannot tell them apart

    client.force_login(contractor_a)
    response = client.post(_accept_url(second), seen)

    assert response.status_code == 400
    assert "nieuwere versie" in response.content.decode() or "al geaccepteerd" in (
        response.content.decode()
    )
    second.refresh_from_db()
    assert second.status == AgreementStatus.PROPOSAL
    assert second.accepted_by is None
    # The page now shows version 2, and its form names version 2 (a deliberate second try).
    assert 'name="number" value="2"' in response.content.decode()


def test_the_accept_form_names_the_version_shown(
    client: Client, sent_proposal: AgreementVersion, contractor_a: User
) -> None:
    client.force_login(contractor_a)
    page = client.get(f"/contracten/{sent_proposal.contract_id}/afspraken/").content.decode()
    assert 'name="number" value="1"' in page
    response = client.post(
        _accept_url(sent_proposal),
        {"name": "Anna Visser", "revision": sent_proposal.revision, "number": 1},
    )
    assert response.status_code == 302
    sent_proposal.refresh_from_db()
    assert sent_proposal.status == AgreementStatus.ACCEPTED


def _agreement_post(agreement: Agreement, **changes: Any) -> dict[str, Any]:
    data = {
        "effort_kind": agreement.effort_kind,
        "block_code": agreement.block_code,
        "target_group": agreement.target_group,
        "count": agreement.count,
        "hours_per_week": "36",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "note": "",
    }
    data.update(changes)
    return data


def test_two_coordinators_editing_one_agreement_do_not_overwrite_each_other(
    client: Client, proposal: AgreementVersion, coordinator: User
) -> None:
    """Both open the edit page at revision r; the first saves (r + 1); the second's save,
    based on what they saw at r, is shown as a conflict instead of silently overwriting."""
    colleague = UserFactory(email="tweede@sroi.example.org", role="coordinator")
    agreement = proposal.agreements.get()
    url = f"/contracten/{proposal.contract_id}/afspraken/regels/{agreement.pk}/"
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert f'name="revision" value="{proposal.revision}"' in page
    opened = proposal.revision

    other = Client()
    other.force_login(colleague)
    assert other.post(url, _agreement_post(agreement, count=2, revision=opened)).status_code == 302

    response = client.post(url, _agreement_post(agreement, count=5, revision=opened))
    assert response.status_code == 400
    assert "ergens anders gewijzigd" in response.content.decode()
    # saving again after checking is deliberate: it is based on what is stored now
    assert f'name="revision" value="{opened + 1}"' in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.count == 2


@pytest.mark.django_db(transaction=True)
def test_two_contractors_accepting_at_once_give_one_acceptance_and_one_refusal(
    contractor_a: User, coordinator: User, approved_plan: Any
) -> None:
    """Two real connections (PostgreSQL): the second acceptance waits for the first one's
    lock on the contract, then is refused with a message; one acceptance, one PDF."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite has no SELECT ... FOR UPDATE)")
    version = services.agreements_draw_up(acting_user=coordinator, contract=approved_plan.contract)
    services.agreements_record_difference(acting_user=coordinator, version=version, reason="x")
    services.agreements_propose(acting_user=coordinator, version=version)
    version.refresh_from_db()
    colleague = UserFactory(
        email="collega@a.example.org", role="contractor", organisation=contractor_a.organisation
    )
    stale = AgreementVersion.objects.select_related("contract").get(pk=version.pk)
    outcome: list[object] = []

    def second() -> None:
        try:
            services.agreements_accept(
                acting_user=colleague, version=stale, name="Bert", revision=stale.revision
            )
            outcome.append("accepted")
        except services.AgreementError as exc:
            outcome.append(exc)
        finally:
            connection.close()

    worker = threading.Thread(target=second)
    with transaction.atomic():
        services.agreements_accept(
            acting_user=contractor_a, version=version, name="Anna", revision=version.revision
        )
        worker.start()
        _wait_for_a_lock_waiter()
    worker.join()

    assert len(outcome) == 1 and isinstance(outcome[0], services.AgreementError)
    assert "al geaccepteerd" in outcome[0].message
    version.refresh_from_db()
    assert (version.status, version.accepted_name) == (AgreementStatus.ACCEPTED, "Anna")
    assert AuditEntry.objects.filter(action="agreements.accept").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_holding_one_moment_at_once_give_one_outcome(
    coordinator: User, approved_plan: Any
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite has no SELECT ... FOR UPDATE)")
    colleague = UserFactory(email="tweede@sroi.example.org", role="coordinator")
    moment = moments.moment_add(
        acting_user=coordinator, contract=approved_plan.contract, planned_date=date(2026, 7, 1)
    )
    stale = AssessmentMoment.objects.select_related("contract").get(pk=moment.pk)
    outcome: list[object] = []

    def second() -> None:
        try:
            moments.moment_hold(acting_user=colleague, moment=stale, outcome="behind", note="B")
            outcome.append("held")
        except moments.MomentError as exc:
            outcome.append(exc)
        finally:
            connection.close()

    worker = threading.Thread(target=second)
    with transaction.atomic():
        moments.moment_hold(acting_user=coordinator, moment=moment, outcome="on_track", note="A")
        worker.start()
        _wait_for_a_lock_waiter()
    worker.join()

    assert len(outcome) == 1 and isinstance(outcome[0], moments.MomentError)
    moment.refresh_from_db()
    assert (moment.status, moment.outcome, moment.note) == (MomentStatus.HELD, "on_track", "A")


@pytest.mark.django_db(transaction=True)
def test_drawing_up_twice_at_once_gives_one_version(coordinator: User, approved_plan: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite has no SELECT ... FOR UPDATE)")
    colleague = UserFactory(email="tweede@sroi.example.org", role="coordinator")
    contract = approved_plan.contract
    outcome: list[object] = []

    def second() -> None:
        try:
            services.agreements_draw_up(acting_user=colleague, contract=contract)
            outcome.append("drawn up")
        except services.AgreementError as exc:
            outcome.append(exc)
        finally:
            connection.close()

    worker = threading.Thread(target=second)
    with transaction.atomic():
        services.agreements_draw_up(acting_user=coordinator, contract=contract)
        worker.start()
        _wait_for_a_lock_waiter()
    worker.join()

    assert len(outcome) == 1 and isinstance(outcome[0], services.AgreementError)
    assert AgreementVersion.objects.filter(contract=contract).count() == 1


def _wait_for_a_lock_waiter() -> None:
    with connection.cursor() as cursor:
        for _poll in range(2000):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            threading.Event().wait(0.01)


def test_an_edit_that_waited_for_a_removal_is_refused_not_a_500(
    proposal: AgreementVersion, coordinator: User
) -> None:
    """Coordinator 1 opened an agreement (the view read it); coordinator 2 removed it before
    the save got the lock: a Dutch refusal, not ``Agreement.DoesNotExist``."""
    stale = proposal.agreements.select_related("version").get()
    stale.version.contract = proposal.contract
    services.agreement_remove(acting_user=coordinator, agreement=stale)
    before = proposal.agreements.count()
    with pytest.raises(services.AgreementError, match="verwijderd"):
        services.agreement_update(acting_user=coordinator, agreement=stale, data={"count": 3})
    assert proposal.agreements.count() == before


def test_the_timeline_names_every_agreements_moment_and_comment_action_in_dutch(
    client: Client, sent_proposal: AgreementVersion, contractor_a: User, coordinator: User
) -> None:
    """Both sides read one history: no raw action codes on the contract page."""
    from sroi.plans.timeline import ACTION_LABELS

    contract = sent_proposal.contract
    services.agreements_accept(acting_user=contractor_a, version=sent_proposal, name="Anna")
    services.agreements_new_version(acting_user=coordinator, contract=contract)
    moment = moments.moment_add(
        acting_user=coordinator, contract=contract, planned_date=date(2026, 7, 1)
    )
    moments.moment_postpone(
        acting_user=coordinator, moment=moment, new_date=date(2026, 8, 1), note=""
    )
    moments.moment_hold(acting_user=coordinator, moment=moment, outcome="on_track")
    other = moments.moment_add(
        acting_user=coordinator, contract=contract, planned_date=date(2026, 9, 1)
    )
    moments.moment_move(acting_user=coordinator, moment=other, planned_date=date(2026, 9, 2))
    moments.moment_remove(acting_user=coordinator, moment=other)
    moments.moments_schedule_default(acting_user=coordinator, contract=contract)
    codes = set(AuditEntry.objects.filter(contract_id=contract.pk).values_list("action", flat=True))
    assert not codes - set(ACTION_LABELS), codes - set(ACTION_LABELS)
    for code in ("plan.comment_add", "plan.comment_remove", "agreements.agreement_add"):
        assert code in ACTION_LABELS  # the review's comments and every agreements action
    client.force_login(contractor_a)
    page = client.get(f"/contracten/{contract.pk}/").content.decode()
    for code in codes:
        assert code not in page, code
    assert "Prestatieafspraken geaccepteerd door de opdrachtnemer" in page
    assert "Beoordelingsmoment gehouden" in page
