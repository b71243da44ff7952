"""Who may open and do what on the monitoring pages: one place for the views (docs/access.md,
"Monitoring").

The rule: who sees a contract is ``sroi.plans.selectors.contract_get_for_user`` (404 for
everyone else: nothing is revealed). On top of that:

- realisations, reports, evidence and the import hold candidate references: only the
  contractor of the contract's organisation and coordinators see them. A buyer user gets
  **404** there too (the pages do not exist for them), as anyone who may not see the contract;
- a user who sees the page but may not do the action gets **403**: a coordinator writing a
  realisation, a contractor or buyer user on the verification page or recording the final
  assessment.

Small named functions; the views call these and nothing else for access. The services check
the role again on every write (``services.require_contractor_of``, ``require_coordinator``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from sroi.monitoring.models import Realisation
from sroi.plans.models import Contract
from sroi.plans.selectors import contract_get_for_user


def is_coordinator(user: Any) -> bool:
    """A coordinator or an administrator."""
    return bool(getattr(user, "is_authenticated", False) and user.is_coordinator)


def is_contractor_of(user: Any, contract: Contract) -> bool:
    """A contractor of the contract's organisation: it reports the realisations."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_contractor
        and user.organisation_id is not None
        and user.organisation_id == contract.organisation_id
    )


def sees_realisations(user: Any, contract: Contract) -> bool:
    """The contractor of the contract and coordinators; never a buyer user."""
    return is_contractor_of(user, contract) or is_coordinator(user)


def contract_for_reading(user: Any, contract_pk: int) -> Contract:
    """The contract if ``user`` sees it (progress, final assessment), else 404."""
    return contract_get_for_user(user, contract_pk)


def contract_for_realisations(user: Any, contract_pk: int) -> Contract:
    """The contract whose realisations, reports and evidence ``user`` may see, else 404
    (a buyer user included)."""
    contract = contract_get_for_user(user, contract_pk)
    if not sees_realisations(user, contract):
        raise Http404
    return contract


def realisation_of(contract: Contract, pk: int) -> Realisation:
    """A realisation of ``contract`` (already checked for the user); 404 for another
    contract's."""
    try:
        realisation = Realisation.objects.select_related("candidate", "decided_by").get(
            pk=pk, contract=contract
        )
    except Realisation.DoesNotExist as exc:
        raise Http404 from exc
    realisation.contract = contract
    return realisation


def realisation_for_user(user: Any, contract_pk: int, pk: int) -> Realisation:
    """A realisation of a contract whose realisations ``user`` sees, else 404."""
    return realisation_of(contract_for_realisations(user, contract_pk), pk)


def require_contractor_of(user: Any, contract: Contract) -> None:
    """403 unless ``user`` reports for ``contract`` (call after the contract was found)."""
    if not is_contractor_of(user, contract):
        raise PermissionDenied


def require_coordinator(user: Any) -> None:
    """403 unless ``user`` is a coordinator (call after the contract was found)."""
    if not is_coordinator(user):
        raise PermissionDenied


def contract_for_verification(user: Any, contract_pk: int) -> Contract:
    """The verification pages: 404 for who does not see the contract, 403 for who sees it but
    is not a coordinator (the contractor, a buyer user of the contract's buyer)."""
    contract = contract_get_for_user(user, contract_pk)
    require_coordinator(user)
    return contract
