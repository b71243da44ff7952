"""Writing realisations: the contractor reports, changes and removes them.

Every write takes the contract's row lock (one change of a contract at a time), checks the
revision the form saw (no lost update), writes an audit entry on the contract's timeline
(never the candidate's reference) and revalues the contract (``valuation.contract_revalue``)
in the same transaction.

- A draft is changed in place. A realisation awaiting verification cannot be changed until the
  coordinator decides. An approved or rejected realisation changed later becomes a new version:
  a new draft row with ``supersedes`` set and ``version`` one higher; the old row becomes
  ``superseded`` and stays (docs/monitoring.md, "Versions").
- Only a draft that was never verified can be removed, explicitly.
- Realisations are reported once the contract's agreements are in force, and never on a closed
  contract.
- A placement names its candidate by reference: the same reference in one organisation is the
  same ``Candidate`` on every contract; a reference already known with another birth year is
  refused (a typing error would otherwise merge two people).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sroi.accounts.models import Organisation
from sroi.core.audit import audit_log
from sroi.monitoring.constants import RealisationKind, RealisationStatus
from sroi.monitoring.models import Candidate, Evidence, Realisation, evidence_storage
from sroi.monitoring.valuation import contract_revalue, revalue_elsewhere_on_commit
from sroi.plans.constants import ContractStatus
from sroi.plans.models import Contract

# The fields of a realisation that the forms fill (``RealisationForm.realisation_data``).
DATA_FIELDS: tuple[str, ...] = (
    "block_code",
    "target_group",
    "eligibility_evidence",
    "start_date",
    "end_date",
    "planned_end_date",
    "hours_per_week",
    "employment_type",
    "employer_name",
    "supplier_name",
    "supplier_kvk",
    "invoice_number",
    "amount_eur",
    "date",
    "description",
    "hours",
    "employees_count",
)


class MonitoringError(Exception):
    """A change that cannot be made, with the Dutch message for the user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class RowsError(MonitoringError):
    """Some rows cannot be stored: ``errors`` maps a row index to {field: message}."""

    def __init__(self, errors: Mapping[int, Mapping[str, str]]) -> None:
        super().__init__(_("Some rows cannot be stored."))
        self.errors = {index: dict(fields) for index, fields in errors.items()}


# --- access and locks ----------------------------------------------------------------------


def require_contractor_of(user: Any, contract: Contract) -> None:
    if not (
        getattr(user, "is_authenticated", False)
        and user.is_contractor
        and user.organisation_id is not None
        and user.organisation_id == contract.organisation_id
    ):
        raise PermissionDenied


def require_coordinator(user: Any) -> None:
    if not (getattr(user, "is_authenticated", False) and user.is_coordinator):
        raise PermissionDenied


def lock_contract(contract: Contract) -> Contract:
    """The contract's row, locked: the monitoring changes of one contract go one by one."""
    return Contract.objects.select_for_update().get(pk=contract.pk)


def lock_organisation(contract: Contract) -> None:
    """Lock the row of the contract's organisation: the checks that span the organisation's
    contracts (one invoice counts once) go one by one. Take it after the contract's lock."""
    list(
        Organisation.objects.select_for_update()
        .filter(pk=contract.organisation_id)
        .values_list("pk", flat=True)
    )


def contract_is_closed(contract: Contract) -> bool:
    return contract.status == ContractStatus.CLOSED or contract.closed_at is not None


def require_open_for_reporting(contract: Contract) -> None:
    """Realisations are reported while the agreements are in force, never after closing."""
    if contract_is_closed(contract):
        raise MonitoringError(_("This contract is closed: its realisations can no longer change."))
    if contract.status != ContractStatus.AGREEMENTS_IN_FORCE:
        raise MonitoringError(
            _("Realisations are reported once the performance agreements are in force.")
        )


def check_revision(realisation: Realisation, revision: int | None) -> None:
    if revision is not None and revision != realisation.revision:
        raise MonitoringError(
            _(
                "Someone else changed this realisation after you opened it. Your input is kept"
                " below; check the current figures and save again."
            )
        )


def audit(
    *, acting_user: Any, action: str, contract: Contract, obj: Any = None, data: Any = None
) -> None:
    """An entry on the contract's timeline. ``data`` holds ids, kinds and counts only."""
    audit_log(
        actor=acting_user,
        action=f"monitoring.{action}",
        obj=obj,
        data=dict(data or {}),
        contract_id=contract.pk,
    )


# --- candidates ----------------------------------------------------------------------------


def _candidates(
    contract: Contract, rows: Sequence[Mapping[str, Any]]
) -> tuple[dict[str, Candidate], dict[int, dict[str, str]]]:
    """The candidates the placement rows name (existing ones found in one query, new ones
    created), or the rows whose birth year contradicts the known candidate."""
    wanted: dict[str, int | None] = {}
    errors: dict[int, dict[str, str]] = {}
    for index, row in enumerate(rows):
        if row.get("kind") != RealisationKind.PLACEMENT:
            continue
        reference = str(row.get("candidate_reference") or "").strip()
        year = row.get("birth_year")
        if reference in wanted and wanted[reference] != year:
            errors[index] = {
                "birth_year": _(
                    "Candidate %(reference)s is listed twice with different birth years."
                )
                % {"reference": reference}
            }
        wanted.setdefault(reference, year)
    known = {
        candidate.reference: candidate
        for candidate in Candidate.objects.filter(
            organisation_id=contract.organisation_id, reference__in=list(wanted)
        )
    }
    for index, row in enumerate(rows):
        reference = str(row.get("candidate_reference") or "").strip()
        candidate = known.get(reference)
        if (
            candidate is not None
            and row.get("kind") == RealisationKind.PLACEMENT
            and candidate.birth_year is not None
            and row.get("birth_year") != candidate.birth_year
        ):
            errors.setdefault(index, {})["birth_year"] = _(
                "Candidate %(reference)s is known with another birth year. Check the reference"
                " and the birth year."
            ) % {"reference": reference}
    if errors:
        return {}, errors
    new = Candidate.objects.bulk_create(
        Candidate(organisation_id=contract.organisation_id, reference=reference, birth_year=year)
        for reference, year in wanted.items()
        if reference not in known
    )
    known.update((candidate.reference, candidate) for candidate in new)
    return known, {}


# --- purchases: one invoice counts once ---------------------------------------------------------

# A purchase in these statuses counts (or may still count): its invoice cannot be reported again.
LIVE_STATUSES: tuple[str, ...] = (
    RealisationStatus.DRAFT,
    RealisationStatus.SUBMITTED,
    RealisationStatus.APPROVED,
)


def _invoice_key(row: Mapping[str, Any]) -> tuple[str, str] | None:
    kvk = str(row.get("supplier_kvk") or "").strip()
    invoice = str(row.get("invoice_number") or "").strip().casefold()
    return (kvk, invoice) if kvk and invoice else None


def _duplicate_invoices(
    contract: Contract,
    rows: Sequence[Mapping[str, Any]],
    *,
    exclude_pk: int | None = None,
) -> dict[int, dict[str, str]]:
    """The purchase rows whose supplier KvK number and invoice number already belong to a live
    purchase of the contract's organisation (on any of its contracts), or to an earlier row.
    ``exclude_pk``: the realisation being changed (or replaced by a new version). Two queries;
    run it inside the transaction that stores the rows, under the contract's lock.

    The check spans the organisation's contracts, so the contract's lock alone does not keep
    two purchases of one invoice on two contracts apart: it first locks the organisation's row
    (shared by both transactions; always after the contract's, so the order is the same
    everywhere), then reads the live purchases afresh. The second transaction waits for the
    first to commit and then sees its purchase."""
    keys = {
        index: key
        for index, row in enumerate(rows)
        if row.get("kind") == RealisationKind.PURCHASE and (key := _invoice_key(row)) is not None
    }
    if not keys:
        return {}
    lock_organisation(contract)
    existing = Realisation.objects.filter(
        contract__organisation_id=contract.organisation_id,
        kind=RealisationKind.PURCHASE,
        status__in=LIVE_STATUSES,
        supplier_kvk__in={kvk for kvk, _invoice in keys.values()},
    )
    if exclude_pk is not None:
        existing = existing.exclude(pk=exclude_pk)
    taken = {
        key
        for row in existing.values("supplier_kvk", "invoice_number")
        if (key := _invoice_key(row)) is not None
    }
    errors: dict[int, dict[str, str]] = {}
    for index, key in keys.items():
        if key in taken:
            errors[index] = {
                "invoice_number": _(
                    "Invoice %(invoice)s of the supplier with KvK number %(kvk)s has already been"
                    " reported for your organisation. A purchase counts once: change the"
                    " reported purchase instead."
                )
                % {"invoice": rows[index].get("invoice_number"), "kvk": key[0]}
            }
        taken.add(key)
    return errors


def _apply(realisation: Realisation, row: Mapping[str, Any]) -> None:
    for name in DATA_FIELDS:
        if name in row:
            value = row[name]
            setattr(realisation, name, "" if value is None and _is_text(name) else value)


def _is_text(name: str) -> bool:
    field = Realisation._meta.get_field(name)
    return field.get_internal_type() in {"CharField", "TextField"}


# --- writes --------------------------------------------------------------------------------


def realisations_create(
    *, acting_user: Any, contract: Contract, rows: Sequence[Mapping[str, Any]], source: str = "form"
) -> list[Realisation]:
    """Store ``rows`` (each ``RealisationForm.realisation_data()``) as draft realisations of
    ``contract``, all or nothing. Raises ``RowsError`` naming the rows that cannot be stored."""
    require_contractor_of(acting_user, contract)
    with transaction.atomic():
        contract = lock_contract(contract)
        require_open_for_reporting(contract)
        duplicates = _duplicate_invoices(contract, rows)
        if duplicates:
            raise RowsError(duplicates)
        candidates, errors = _candidates(contract, rows)
        if errors:
            raise RowsError(errors)
        now = timezone.now()
        created = []
        for row in rows:
            realisation = Realisation(
                contract=contract,
                kind=row["kind"],
                status=RealisationStatus.DRAFT,
                created_by=acting_user,
                created_at=now,
            )
            _apply(realisation, row)
            if row["kind"] == RealisationKind.PLACEMENT:
                realisation.candidate = candidates[str(row["candidate_reference"]).strip()]
            created.append(realisation)
        created = Realisation.objects.bulk_create(created)
        kinds: dict[str, int] = {}
        for realisation in created:
            kinds[realisation.kind] = kinds.get(realisation.kind, 0) + 1
        audit(
            acting_user=acting_user,
            action="import" if source == "import" else "realisation_create",
            contract=contract,
            obj=created[0] if len(created) == 1 else None,
            data={"count": len(created), "kinds": kinds},
        )
        contract_revalue(contract)
        revalue_elsewhere_on_commit(contract, (r.candidate_id for r in created))
    return created


def realisation_create(
    *, acting_user: Any, contract: Contract, data: Mapping[str, Any]
) -> Realisation:
    """One draft realisation (the entry form). Raises ``MonitoringError`` with the field."""
    try:
        return realisations_create(acting_user=acting_user, contract=contract, rows=[data])[0]
    except RowsError as exc:
        field, message = next(iter(exc.errors[0].items()))
        raise MonitoringError(message, field=field) from exc


def _lock_realisation(realisation: Realisation) -> tuple[Contract, Realisation]:
    contract = lock_contract(realisation.contract)
    fresh = Realisation.objects.select_for_update().get(pk=realisation.pk)
    fresh.contract = contract
    return contract, fresh


def realisation_update(
    *,
    acting_user: Any,
    realisation: Realisation,
    data: Mapping[str, Any],
    revision: int | None,
) -> Realisation:
    """Change a realisation: a draft in place; an approved or rejected one as a new version
    (the returned row). Raises ``MonitoringError``."""
    require_contractor_of(acting_user, realisation.contract)
    with transaction.atomic():
        contract, current = _lock_realisation(realisation)
        require_open_for_reporting(contract)
        check_revision(current, revision)
        if current.status == RealisationStatus.SUBMITTED:
            raise MonitoringError(
                _("This realisation awaits verification: it can change after the decision.")
            )
        if current.status == RealisationStatus.SUPERSEDED:
            raise MonitoringError(_("This version has been replaced: change the newest version."))
        if data.get("kind", current.kind) != current.kind:
            raise MonitoringError(_("The kind of a realisation cannot change."))
        if current.kind == RealisationKind.PURCHASE:
            row = {
                "kind": current.kind,
                "supplier_kvk": data.get("supplier_kvk", current.supplier_kvk),
                "invoice_number": data.get("invoice_number", current.invoice_number),
            }
            duplicates = _duplicate_invoices(contract, [row], exclude_pk=current.pk)
            if duplicates:
                field, message = next(iter(duplicates[0].items()))
                raise MonitoringError(message, field=field)
        candidate = current.candidate
        if current.kind == RealisationKind.PLACEMENT and "candidate_reference" in data:
            candidates, errors = _candidates(contract, [{**data, "kind": current.kind}])
            if errors:
                field, message = next(iter(errors[0].items()))
                raise MonitoringError(message, field=field)
            candidate = candidates[str(data["candidate_reference"]).strip()]
        if current.status == RealisationStatus.DRAFT:
            _apply(current, data)
            current.candidate = candidate
            current.revision += 1
            current.save()
            audit(
                acting_user=acting_user,
                action="realisation_update",
                contract=contract,
                obj=current,
                data={"kind": current.kind},
            )
            result = current
        else:
            result = _new_version(acting_user, contract, current, data, candidate)
        contract_revalue(contract)
        revalue_elsewhere_on_commit(contract, (current.candidate_id, result.candidate_id))
    return result


def _new_version(
    acting_user: Any,
    contract: Contract,
    current: Realisation,
    data: Mapping[str, Any],
    candidate: Candidate | None,
) -> Realisation:
    """A verified realisation changed: a new draft version; the old one is superseded."""
    old_status = current.status
    current.status = RealisationStatus.SUPERSEDED
    current.revision += 1
    current.save(update_fields=["status", "revision", "updated_at"])
    fresh = Realisation(
        contract=contract,
        kind=current.kind,
        status=RealisationStatus.DRAFT,
        agreement_id=current.agreement_id,
        version=current.version + 1,
        supersedes=current,
        candidate=candidate,
        created_by=acting_user,
    )
    for name in DATA_FIELDS:
        setattr(fresh, name, getattr(current, name))
    _apply(fresh, data)
    fresh.save()
    # The new version keeps the evidence (the same stored files; the old rows stay with the
    # old version).
    Evidence.objects.bulk_create(
        Evidence(
            realisation=fresh,
            file=item.file.name,
            original_name=item.original_name,
            content_type=item.content_type,
            size=item.size,
            sha256=item.sha256,
            uploaded_by=item.uploaded_by,
            uploaded_at=item.uploaded_at,
        )
        for item in current.evidence.filter(removed_at__isnull=True)
    )
    audit(
        acting_user=acting_user,
        action="realisation_new_version",
        contract=contract,
        obj=fresh,
        data={"kind": fresh.kind, "version": fresh.version, "replaces_status": old_status},
    )
    return fresh


def realisation_delete(*, acting_user: Any, realisation: Realisation, revision: int | None) -> None:
    """Remove a draft that was never verified (and its evidence). Raises ``MonitoringError``."""
    require_contractor_of(acting_user, realisation.contract)
    with transaction.atomic():
        contract, current = _lock_realisation(realisation)
        require_open_for_reporting(contract)
        check_revision(current, revision)
        if current.status != RealisationStatus.DRAFT:
            raise MonitoringError(
                _("Only a draft can be removed; a reported realisation stays on record.")
            )
        files = [str(item.file.name) for item in current.evidence.all() if item.file]
        shared = set(
            Evidence.objects.filter(file__in=files)
            .exclude(realisation=current)
            .values_list("file", flat=True)
        )
        storage = evidence_storage()
        current.evidence.all().delete()
        pk, kind, candidate_id = current.pk, current.kind, current.candidate_id
        current.delete()
        audit(
            acting_user=acting_user,
            action="realisation_delete",
            contract=contract,
            data={"realisation": pk, "kind": kind},
        )
        contract_revalue(contract)
        revalue_elsewhere_on_commit(contract, (candidate_id,))

        def remove_files() -> None:
            for name in files:
                if name not in shared:
                    storage.delete(name)

        transaction.on_commit(remove_files)
