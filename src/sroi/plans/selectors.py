"""Reads of contracts, plans and buyers: the one place that decides who sees what.

- A contractor sees only the contracts and plans of its own organisation (none without one).
- A coordinator (and an administrator) sees every organisation's plans, except those of an
  organisation created by a sign-up whose e-mail address is not verified yet.
- A buyer user (role buyer, member of a buyer's organisation) reads the contracts of that
  buyer that are of record or have a submitted plan, and the plans among them that have at
  least one submitted version. A draft that was never submitted is the contractor's own work:
  a buyer never sees it. Buyers write nothing (the services refuse them).
- Anyone else sees nothing here.

``contracts_visible_q(user, prefix=...)`` is that rule as one filter, for other apps'
querysets (agreements, moments, timeline): ``Agreement.objects.filter(contracts_visible_q(user,
prefix="contract__"))``. The table of who reads and writes what is in ``docs/access.md``.

Views never call ``Model.objects.get`` on plans, versions or contracts: they call
``*_get_for_user``, which answers 404 for what the user may not see (not 403: the existence
of another organisation's plan is not disclosed).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.fields.json import KT
from django.http import Http404

from sroi.accounts import selectors as account_selectors
from sroi.accounts.constants import OrganisationKind
from sroi.accounts.models import Invitation, User
from sroi.accounts.selectors import user_buyer_organisation_id
from sroi.plans.constants import PlanAction, PlanStatus
from sroi.plans.models import Buyer, Contract, Plan, PlanEvent, PlanVersion

# A filter that matches nothing (``Q(pk__in=[])`` is answered without a query).
_NOTHING = Q(pk__in=[])


def _sees_everything(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_coordinator)


def _organisation_id(user: Any) -> int | None:
    if not getattr(user, "is_authenticated", False) or not user.is_contractor:
        return None
    return user.organisation_id  # type: ignore[no-any-return]


def user_is_buyer(user: Any) -> bool:
    """Whether ``user`` is a buyer user (reads, never writes)."""
    return user_buyer_organisation_id(user) is not None


def contracts_visible_q(user: Any, *, prefix: str = "") -> Q:
    """Which contracts ``user`` may read, as a filter on ``Contract`` (``prefix=""``) or on a
    model that points at one (``prefix="contract__"``). Matches nothing for anonymous users
    and unknown roles.

    A buyer user reads its buyer's contracts (``Contract.buyer.organisation`` is the user's
    organisation, of kind buyer) that are of record or have a plan with a submitted version.
    """
    if _sees_everything(user):
        return Q(**{f"{prefix}organisation__awaiting_verification": False})
    organisation_id = _organisation_id(user)
    if organisation_id is not None:
        return Q(**{f"{prefix}organisation_id": organisation_id})
    buyer_organisation_id = user_buyer_organisation_id(user)
    if buyer_organisation_id is not None:
        return Q(
            **{
                f"{prefix}buyer__organisation_id": buyer_organisation_id,
                f"{prefix}buyer__organisation__kind": OrganisationKind.BUYER,
            }
        ) & contracts_shown_to_buyer_q(prefix=prefix)
    return _NOTHING


def contracts_shown_to_buyer_q(*, prefix: str = "") -> Q:
    """The part of a buyer user's rule that is about the contract, not the user: of record or
    with a submitted plan, and not of an organisation whose sign-up is unverified (never a
    draft that was never submitted). Used by ``contracts_visible_q``, the buyer's open figures
    (``sroi.portfolio.open_figures``) and the council report (``sroi.portfolio.council``),
    which count exactly these contracts whoever asks."""
    submitted = Plan.objects.filter(
        contract_id=OuterRef(f"{prefix}pk" if prefix else "pk"), current_version__gt=0
    )
    return Q(**{f"{prefix}organisation__awaiting_verification": False}) & (
        Q(**{f"{prefix}of_record": True}) | Q(Exists(submitted))
    )


def plans_visible_q(user: Any, *, prefix: str = "") -> Q:
    """Which plans ``user`` may read, as a filter on ``Plan`` (or, with ``prefix="plan__"``,
    on a model that points at one): the plans of the visible contracts; for a buyer user only
    those with a submitted version."""
    visible = contracts_visible_q(user, prefix=f"{prefix}contract__")
    if user_is_buyer(user):
        visible &= Q(**{f"{prefix}current_version__gt": 0})
    return visible


def contract_list_for_user(user: Any) -> QuerySet[Contract]:
    contracts = Contract.objects.select_related("organisation", "buyer", "ruleset_version")
    return contracts.filter(contracts_visible_q(user))


def contract_get_for_user(user: Any, pk: int) -> Contract:
    try:
        return contract_list_for_user(user).get(pk=pk)
    except Contract.DoesNotExist as exc:
        raise Http404 from exc


def plan_list_for_user(user: Any, *, status: str = "", search: str = "") -> QuerySet[Plan]:
    """Plans the user may see, newest change first, with contract, organisation, buyer and
    rule set in one query. Their lines are not read: the list takes the valuation this
    process keeps for a plan's revision (``valuation.plan_valuations_reused``); a single plan
    comes with its lines (``plan_get_for_user``).

    The rule set's document is not read: ``to_engine()`` gives the parse this process keeps
    (``rules.loaders``). Ordering and search have indexes (migration plans 0007)."""
    plans = Plan.objects.select_related(
        "contract", "contract__organisation", "contract__buyer", "contract__ruleset_version"
    ).defer("contract__ruleset_version__document")
    plans = plans.filter(plans_visible_q(user))
    if status and status in PlanStatus.values:
        plans = plans.filter(status=status)
    search = search.strip()
    if search:
        plans = plans.filter(
            Q(contract__name__icontains=search)
            | Q(contract__organisation__name__icontains=search)
            | Q(contract__buyer__name__icontains=search)
        )
    return plans.order_by("-updated_at", "-id")


def plan_get_for_user(user: Any, pk: int) -> Plan:
    """The plan with its lines, or 404 if it does not exist or the user may not see it."""
    try:
        return plan_list_for_user(user).prefetch_related("lines").get(pk=pk)
    except Plan.DoesNotExist as exc:
        raise Http404 from exc


def plan_is_own(user: Any, plan: Plan) -> bool:
    """Whether ``user`` is a contractor of the plan's organisation (who may edit, submit,
    withdraw or delete it; the services check it again). Never a buyer user."""
    return bool(user.is_contractor and user.organisation_id == plan.contract.organisation_id)


def plan_get_by_draft_key(user: Any, draft_key: str) -> Plan | None:
    """The plan this user created from the new-plan form with ``draft_key``, if any."""
    if not draft_key or not getattr(user, "is_authenticated", False):
        return None
    return plan_list_for_user(user).filter(created_by=user, draft_key=draft_key).first()


def plan_versions(plan: Plan) -> QuerySet[PlanVersion]:
    """Every version of a plan the caller already may see, newest first."""
    return plan.versions.select_related("submitted_by").order_by("-number")


def plan_version_get_for_user(user: Any, *, plan_pk: int, number: int) -> PlanVersion:
    """The version, or 404 if it or its plan does not exist or the user may not see the plan
    (the plan's lines are not read: a version carries its own snapshot)."""
    plan = plan_list_for_user(user).filter(pk=plan_pk).first()
    if plan is None:
        raise Http404
    try:
        return plan.versions.select_related("plan", "submitted_by").get(number=number)
    except PlanVersion.DoesNotExist as exc:
        raise Http404 from exc


def plan_version_for_download(user: Any, *, plan_pk: int, number: int) -> PlanVersion:
    """``plan_version_get_for_user`` for the PDF download, in one query: only the version's
    id, plan id, number, submission time and (``contract_name``) the contract name of its
    snapshot; the snapshot itself (every line of the plan) is read only if the PDF has to be
    rendered. 404 as ``plan_version_get_for_user``."""
    visible = plan_list_for_user(user).filter(pk=plan_pk).values("pk")
    version = (
        PlanVersion.objects.filter(plan__in=visible, number=number)
        .only("pk", "plan_id", "number", "submitted_at")
        .annotate(contract_name=KT("snapshot__contract__name"))
        .first()
    )
    if version is None:
        raise Http404
    return version


def plan_events(plan: Plan) -> QuerySet[PlanEvent]:
    return plan.events.select_related("actor", "version").order_by("-at", "-id")


def plan_change_request(plan: Plan) -> PlanEvent | None:
    """The coordinator's open change request: the latest "changes requested" event, while
    the plan still has that status (the contractor has not submitted again)."""
    if plan.status != PlanStatus.CHANGES_REQUESTED:
        return None
    return (
        plan.events.filter(action=PlanAction.REQUEST_CHANGES)
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )


def buyer_list_active() -> QuerySet[Buyer]:
    """Buyers a contractor may choose for a new contract."""
    return Buyer.objects.filter(active=True).order_by("name")


def buyer_list_all() -> QuerySet[Buyer]:
    return Buyer.objects.order_by("-active", "name")


def buyer_get_for_coordinator(user: Any, pk: int) -> Buyer:
    if not _sees_everything(user):
        raise Http404
    try:
        return Buyer.objects.select_related("organisation").get(pk=pk)
    except Buyer.DoesNotExist as exc:
        raise Http404 from exc


def buyer_users(buyer: Buyer) -> QuerySet[User]:
    """The buyer's users (contract managers), for the coordinator's buyer page."""
    if buyer.organisation is None:
        return User.objects.none()
    return account_selectors.organisation_members(buyer.organisation)


def buyer_invitations_pending(buyer: Buyer) -> QuerySet[Invitation]:
    if buyer.organisation is None:
        return Invitation.objects.none()
    return account_selectors.invitation_pending_for_organisation(buyer.organisation)
