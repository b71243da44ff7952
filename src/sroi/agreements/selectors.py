"""Reads of agreements, assessment moments and calendar feeds: the one place that decides who
sees what in this app.

- A coordinator (or administrator) sees every contract of the region (except those of an
  organisation whose sign-up is not verified yet, as in ``sroi.plans.selectors``) and changes
  agreements and moments.
- A contractor sees the contracts of its own organisation; it accepts agreements, never edits.
- A buyer user (role ``buyer``) reads its buyer's contracts that are of record or have a
  submitted plan.

Which contracts a user reads is decided once, by ``sroi.plans.selectors.contracts_visible_q``
(``contract_list_for_user`` / ``contract_get_for_user`` are re-exported from there).
- Anyone else sees nothing. What a user may not see is a 404 (its existence is not disclosed).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sroi.agreements.constants import AgreementStatus, MomentStatus
from sroi.agreements.models import (
    Agreement,
    AgreementVersion,
    AssessmentMoment,
    CalendarFeed,
    feed_token_hash,
)
from sroi.plans.constants import EffortKind, target_group_label
from sroi.plans.models import Contract

# Who reads which contract is decided once, in ``sroi.plans.selectors`` (docs/access.md).
from sroi.plans.selectors import contract_get_for_user as contract_get_for_user
from sroi.plans.selectors import contract_list_for_user as contract_list_for_user
from sroi.plans.valuation import contract_ruleset_version


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def user_edits_agreements(user: Any) -> bool:
    """Only a coordinator draws up and changes agreements and moments (services check again)."""
    return _authenticated(user) and bool(user.is_coordinator)


def user_accepts_for(user: Any, contract: Contract) -> bool:
    """A contractor of the contract's organisation accepts its agreements."""
    return (
        _authenticated(user)
        and bool(user.is_contractor)
        and user.organisation_id is not None
        and user.organisation_id == contract.organisation_id
    )


# --- agreements ----------------------------------------------------------------------------


def agreement_versions(contract: Contract) -> list[AgreementVersion]:
    """Every version of the contract's agreements, newest first (the caller may see it)."""
    return list(
        contract.agreement_versions.select_related("accepted_by", "created_by", "based_on")
        .order_by("-number")
        .defer("based_on__snapshot")
    )


def current_version(versions: list[AgreementVersion]) -> AgreementVersion | None:
    """The open proposal if there is one, else the version in force, else None."""
    for status in (AgreementStatus.PROPOSAL, AgreementStatus.ACCEPTED):
        for version in versions:
            if version.status == status:
                return version
    return None


def version_get_for_user(user: Any, *, contract_pk: int, number: int) -> AgreementVersion:
    contract = contract_get_for_user(user, contract_pk)
    try:
        version = contract.agreement_versions.get(number=number)
    except AgreementVersion.DoesNotExist as exc:
        raise Http404 from exc
    version.contract = contract
    return version


def agreement_get_for_user(user: Any, *, contract_pk: int, pk: int) -> Agreement:
    contract = contract_get_for_user(user, contract_pk)
    try:
        agreement = Agreement.objects.select_related("version").get(
            pk=pk, version__contract=contract
        )
    except Agreement.DoesNotExist as exc:
        raise Http404 from exc
    agreement.version.contract = contract
    return agreement


@dataclass(frozen=True)
class AgreementRow:
    agreement: Agreement
    effort_label: str
    block_label: str
    group_label: str


def agreement_rows(version: AgreementVersion) -> list[AgreementRow]:
    """The version's agreements with their labels (block labels of the contract's rule set)."""
    ruleset_version = contract_ruleset_version(version.contract)
    ruleset = ruleset_version.to_engine() if ruleset_version is not None else None
    rows = []
    for agreement in version.agreements.all():
        block = ruleset.block(agreement.block_code) if ruleset is not None else None
        rows.append(
            AgreementRow(
                agreement=agreement,
                effort_label=str(EffortKind(agreement.effort_kind).label)
                if agreement.effort_kind in EffortKind.values
                else agreement.effort_kind,
                block_label=block.label_nl if block is not None else agreement.block_code,
                group_label=target_group_label(agreement.target_group)
                if agreement.target_group
                else "",
            )
        )
    return rows


def rows_total(rows: list[AgreementRow]) -> Decimal:
    return sum(
        (row.agreement.value_eur for row in rows if row.agreement.value_eur is not None),
        Decimal("0"),
    )


# --- moments -------------------------------------------------------------------------------


def moment_list(contract: Contract) -> QuerySet[AssessmentMoment]:
    return contract.assessment_moments.select_related("held_by").order_by("planned_date", "id")


def moment_get_for_user(user: Any, *, contract_pk: int, pk: int) -> AssessmentMoment:
    contract = contract_get_for_user(user, contract_pk)
    try:
        moment = contract.assessment_moments.get(pk=pk)
    except AssessmentMoment.DoesNotExist as exc:
        raise Http404 from exc
    moment.contract = contract
    return moment


def moment_list_for_user(user: Any) -> QuerySet[AssessmentMoment]:
    """Every moment of every contract the user sees (the calendar feed), by date."""
    return (
        AssessmentMoment.objects.filter(contract__in=contract_list_for_user(user).values("pk"))
        .select_related("contract", "contract__organisation")
        .order_by("planned_date", "id")
    )


def moment_is_open(moment: AssessmentMoment) -> bool:
    return moment.status != MomentStatus.HELD


# --- calendar feed -------------------------------------------------------------------------


def feed_of(user: Any) -> CalendarFeed | None:
    if not _authenticated(user):
        return None
    return CalendarFeed.objects.filter(user=user).first()


def feed_user_for_token(token: str) -> Any | None:
    """The active user whose feed has this token, or None (an unknown or renewed token)."""
    if not token or len(token) > 100:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=feed_token_hash(token), user__is_active=True)
        .first()
    )
    return feed.user if feed is not None else None
