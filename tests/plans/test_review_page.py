"""The review page (version beside the previous one, comments per section) and where the
contractor sees the comments: access, diff, comment visibility."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.plans import services, services_review
from sroi.plans.constants import CommentSection, PlanStatus
from sroi.plans.diff import ADDED, CHANGED, REMOVED, UNCHANGED, version_diff
from sroi.plans.models import Plan, PlanComment, PlanLine
from tests.factories import UserFactory
from tests.plans.factories import PlanFactory, contractor_of


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _review(plan: Plan) -> str:
    return reverse("coordinator:plan_review", args=[plan.pk])


@pytest.fixture
def version_two(contractor_a: User, coordinator: User) -> Plan:
    """Version 1 with one line at 36 h/week; version 2 changes its hours, adds a line, and
    changes the additional information."""
    plan = PlanFactory(contract__organisation=contractor_a.organisation, changes_requested=True)
    line = plan.lines.get()
    services.plan_save_draft(
        acting_user=contractor_a,
        plan=plan,
        plan_data={"additional_info": "Nieuw: begeleiding door een jobcoach."},
        lines=[
            {
                "id": line.pk,
                "target_group": line.target_group,
                "count": 1,
                "hours_per_week": Decimal("24"),
                "start_date": line.start_date,
                "end_date": line.end_date,
            },
            {
                "target_group": line.target_group,
                "count": 2,
                "hours_per_week": Decimal("36"),
                "start_date": line.start_date,
                "end_date": line.end_date,
            },
        ],
    )
    services.plan_submit(acting_user=contractor_a, plan=plan)
    plan.refresh_from_db()
    assert plan.current_version == 2
    return plan


# --- the diff --------------------------------------------------------------------------------


def test_diff_matches_lines_by_id_and_names_each_change(version_two: Plan) -> None:
    v1, v2 = (version.snapshot for version in version_two.versions.order_by("number"))
    diff = version_diff(v2, v1)
    lines = next(section for section in diff.sections if section.section == CommentSection.LINES)
    assert [line.change for line in lines.lines] == [CHANGED, ADDED]
    hours = {value.label: value for value in lines.lines[0].values}["Uren per week"]
    assert (hours.old, hours.new, hours.changed) == ("36", "24", True)
    other = next(section for section in diff.sections if section.section == CommentSection.OTHER)
    assert other.rows[0].change == CHANGED
    assert other.changed
    contract = next(s for s in diff.sections if s.section == CommentSection.CONTRACT)
    assert not contract.changed
    assert {row.label: row.change for row in diff.valuation}["Waarde van het plan"] == CHANGED
    # The other way round, the added line is removed.
    back = version_diff(v1, v2)
    lines_back = next(s for s in back.sections if s.section == CommentSection.LINES)
    assert [line.change for line in lines_back.lines] == [CHANGED, REMOVED]


def test_first_version_has_nothing_to_compare(contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    diff = version_diff(plan.versions.get().snapshot, None)
    assert diff.previous_number is None
    assert all(not section.changed for section in diff.sections)
    assert diff.sections[0].rows[0].change == UNCHANGED


def test_a_schema_1_snapshot_without_line_ids_is_matched_by_position() -> None:
    old = {"plan": {"lines": [{"target_group": "pw_lt2", "count": 1}]}}
    new = {"plan": {"lines": [{"target_group": "pw_lt2", "count": 2}]}}
    lines = version_diff(new, old).sections[3]
    assert lines.section == CommentSection.LINES
    assert [line.change for line in lines.lines] == [CHANGED]


# --- the page --------------------------------------------------------------------------------


def test_review_page_shows_both_versions_with_the_changes_in_words(
    coordinator: User, version_two: Plan
) -> None:
    response = _client(coordinator).get(_review(version_two))
    assert response.status_code == 200
    html = response.content.decode()
    assert "vergeleken met versie 1" in html
    assert "Gewijzigd in deze versie:" in html
    section = html.split('id="review-lines"', 1)[1].split("</section>", 1)[0]
    assert 'data-change="changed"' in section and 'data-change="added"' in section
    assert "<strong>gewijzigd</strong>" in section
    assert "<strong>nieuw</strong>" in section
    assert "Uren per week: 24" in section and "(gewijzigd)" in section
    other = html.split('id="review-other"', 1)[1].split("</section>", 1)[0]
    assert "Nieuw: begeleiding door een jobcoach." in other
    # One table per section, each with its own comment form.
    for code in CommentSection.values:
        assert f'id="review-{code}"' in html
        assert f'name="{code}-body"' in html


@pytest.mark.parametrize("who", ["anonymous", "contractor", "other_org", "buyer"])
def test_review_page_and_comment_actions_are_for_coordinators_only(
    who: str, contractor_a: User, contractor_b: User, version_two: Plan, coordinator: User
) -> None:
    comment = services_review.plan_comment_add(
        acting_user=coordinator, plan=version_two, section=CommentSection.PSO, body="PSO?"
    )
    user = {
        "anonymous": None,
        "contractor": contractor_a,
        "other_org": contractor_b,
        "buyer": UserFactory(role="buyer", organisation=None),
    }[who]
    client = _client(user)
    expected = 302 if user is None else 403
    assert client.get(_review(version_two)).status_code == expected
    add = reverse("coordinator:plan_comment_add", args=[version_two.pk])
    assert client.post(add, {"section": "pso", "pso-body": "x"}).status_code == expected
    remove = reverse("coordinator:plan_comment_remove", args=[version_two.pk, comment.pk])
    assert client.post(remove).status_code == expected
    reject = reverse("plans:plan_reject", args=[version_two.pk])
    assert client.post(reject, {"reasons": "x"}).status_code in (
        (302,) if user is None else (403, 404)
    )
    assert version_two.comments.count() == 1
    version_two.refresh_from_db()
    assert version_two.status == PlanStatus.SUBMITTED


def test_review_of_a_missing_plan_or_comment_is_404(coordinator: User, version_two: Plan) -> None:
    client = _client(coordinator)
    assert client.get(reverse("coordinator:plan_review", args=[999999])).status_code == 404
    remove = reverse("coordinator:plan_comment_remove", args=[version_two.pk, 999999])
    assert client.post(remove).status_code == 404


def test_a_draft_plan_has_nothing_to_review(coordinator: User, contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    response = _client(coordinator).get(_review(plan))
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:plan_detail", args=[plan.pk])


def test_adding_a_comment_through_the_page(coordinator: User, version_two: Plan) -> None:
    client = _client(coordinator)
    add = reverse("coordinator:plan_comment_add", args=[version_two.pk])
    response = client.post(add, {"section": "lines", "lines-body": "Waarom 24 uur?"})
    assert response.status_code == 302
    assert response["Location"].endswith("#review-lines")
    comment = version_two.comments.get()
    assert (comment.section, comment.body, comment.author) == (
        "lines",
        "Waarom 24 uur?",
        coordinator,
    )
    assert comment.version is not None and comment.version.number == 2
    html = client.get(_review(version_two)).content.decode()
    assert "Conceptopmerkingen (nog niet verstuurd)" in html
    assert "1 opmerking wordt meegestuurd" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"section": "lines", "lines-body": ""}, "Schrijf de opmerking."),
        ({"section": "lines", "lines-body": "y" * 5001}, "niet meer dan 5000 tekens"),
        ({"section": "lines", "lines-body": "Kandidaat BSN 111222333"}, "BSN"),
    ],
)
def test_a_bad_comment_keeps_the_text_and_says_why(
    coordinator: User, version_two: Plan, data: dict[str, str], message: str
) -> None:
    response = _client(coordinator).post(
        reverse("coordinator:plan_comment_add", args=[version_two.pk]), data
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'id="id_lines-body_error"' in html
    if data["lines-body"]:
        assert data["lines-body"] in html  # nothing typed is lost
    assert not version_two.comments.exists()


def test_a_comment_on_an_unknown_section_is_refused(coordinator: User, version_two: Plan) -> None:
    response = _client(coordinator).post(
        reverse("coordinator:plan_comment_add", args=[version_two.pk]),
        {"section": "<script>", "<script>-body": "x"},
        follow=True,
    )
    assert "Kies een onderdeel van het plan uit de lijst." in response.content.decode()
    assert not version_two.comments.exists()


def test_reject_without_reasons_on_the_page_says_so_at_the_field(
    coordinator: User, version_two: Plan
) -> None:
    response = _client(coordinator).post(
        reverse("plans:plan_reject", args=[version_two.pk]), {"reasons": "  "}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Geef de redenen om het plan af te wijzen." in html
    assert 'href="#id_reasons"' in html
    version_two.refresh_from_db()
    assert version_two.status == PlanStatus.SUBMITTED


def test_reject_through_the_page(coordinator: User, version_two: Plan) -> None:
    response = _client(coordinator).post(
        reverse("plans:plan_reject", args=[version_two.pk]), {"reasons": "Niet passend."}
    )
    assert response.status_code == 302
    version_two.refresh_from_db()
    assert version_two.status == PlanStatus.REJECTED


def test_four_eyes_on_the_page_hides_confirm_for_the_first_coordinator(
    coordinator: User, version_two: Plan, settings: object
) -> None:
    settings.SROI_FOUR_EYES = True  # type: ignore[attr-defined]
    services_review.plan_approve(acting_user=coordinator, plan=version_two)
    html = _client(coordinator).get(_review(version_two)).content.decode()
    assert "U hebt de eerste goedkeuring zelf gegeven" in html
    assert "Goedkeuring bevestigen" not in html
    colleague = UserFactory(coordinator=True)
    assert "Goedkeuring bevestigen" in _client(colleague).get(_review(version_two)).content.decode()
    # Posting anyway is refused with the message, nothing changes.
    response = _client(coordinator).post(
        reverse("plans:plan_approve", args=[version_two.pk]),
        {"note": "", "confirm": "yes", "accept_shortfall": "on"},
        follow=True,
    )
    assert "zelf als eerste goedgekeurd" in response.content.decode()
    version_two.refresh_from_db()
    assert version_two.status == PlanStatus.APPROVAL_PENDING


# --- comment visibility ----------------------------------------------------------------------


def _sections_with_comments(html: str) -> list[str]:
    import re

    return re.findall(r'data-section-comments="([a-z]+)"', html)


def test_drafts_are_never_shown_to_the_contractor(
    coordinator: User, contractor_a: User, version_two: Plan
) -> None:
    services_review.plan_comment_add(
        acting_user=coordinator, plan=version_two, section=CommentSection.LINES, body="GEHEIM"
    )
    client = _client(contractor_a)
    for url in (
        reverse("plans:plan_detail", args=[version_two.pk]),
        reverse("plans:plan_version_detail", args=[version_two.pk, 2]),
    ):
        assert "GEHEIM" not in client.get(url).content.decode()


def test_sent_comments_are_shown_at_their_section_until_the_next_submission(
    coordinator: User, contractor_a: User, contractor_b: User, version_two: Plan
) -> None:
    services_review.plan_comment_add(
        acting_user=coordinator, plan=version_two, section=CommentSection.LINES, body="Uren!"
    )
    services_review.plan_comment_add(
        acting_user=coordinator, plan=version_two, section=CommentSection.PSO, body="PSO!"
    )
    services_review.plan_request_changes(acting_user=coordinator, plan=version_two)
    client = _client(contractor_a)
    detail = client.get(reverse("plans:plan_detail", args=[version_two.pk])).content.decode()
    form = client.get(reverse("plans:plan_edit", args=[version_two.pk])).content.decode()
    for html in (detail, form):
        assert sorted(_sections_with_comments(html)) == ["lines", "pso"]
        lines_block = html.split('data-section-comments="lines"', 1)[1].split("</div>", 1)[0]
        assert "Uren!" in lines_block
    # In the form, each sits inside the fieldset of its section.
    assert form.index('id="candidates"') < form.index('data-section-comments="lines"')
    assert form.index('id="section-pso"') < form.index('data-section-comments="pso"')
    # The coordinator sees them there too; another organisation sees nothing at all.
    coordinator_detail = _client(coordinator).get(
        reverse("plans:plan_detail", args=[version_two.pk])
    )
    assert sorted(_sections_with_comments(coordinator_detail.content.decode())) == ["lines", "pso"]
    assert (
        _client(contractor_b).get(reverse("plans:plan_detail", args=[version_two.pk])).status_code
        == 404
    )
    # After the next submission they are gone from the contractor's pages.
    services.plan_submit(acting_user=contractor_of(version_two), plan=version_two)
    detail = client.get(reverse("plans:plan_detail", args=[version_two.pk])).content.decode()
    assert _sections_with_comments(detail) == []
    assert "Uren!" not in detail
    # ... and the review of version 3 lists them as sent earlier.
    review = _client(coordinator).get(_review(version_two)).content.decode()
    assert "Eerder verstuurd" in review and "Uren!" in review
    assert PlanComment.objects.filter(sent_with__isnull=False).count() == 2
    assert PlanLine.objects.filter(plan=version_two).count() == 2
