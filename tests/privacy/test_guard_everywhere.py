"""The BSN guard is on every free-text field the system stores, and stays there.

These tests walk every model of the project (``apps.get_models()``) and every form class
defined in ``sroi``: a text field (``CharField``, ``TextField``, ``EmailField``, ``SlugField``,
a JSON field) without ``no_bsn`` fails here unless it is listed below with the reason it cannot
hold typed text. A field added by a later issue therefore cannot forget the guard.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

import sroi
from sroi.core.validators import is_bsn_guarded
from tests.privacy.conftest import TEST_BSN

# Model fields that hold no typed text, each with the reason. Fields with choices are exempt
# by themselves (the value is one of the choices).
MODEL_FIELDS_WITHOUT_GUARD = {
    "accounts.User.password": "a password hash",
    "accounts.Invitation.token_hash": "a SHA-256 digest",
    "core.AuditEntry.action": "an action name written by code",
    "core.AuditEntry.object_type": "a model label written by code",
    "core.AuditEntry.object_id": "a primary key written by code",
    "core.AuditEntry.data": "ids and field names, or copies of guarded fields",
    "core.OutboxMessage.to": "addresses of users and organisations (guarded at the source)",
    "core.OutboxMessage.subject": "a template filled with guarded fields",
    "core.OutboxMessage.body": "a template filled with guarded fields",
    "core.OutboxMessage.html_body": "a template filled with guarded fields",
    "core.OutboxMessage.last_error": "the mail server's reply, written by code",
    "core.KeptInput.path": "a page address made by code",
    "core.OutboxAttachment.filename": "a file name made by code",
    "core.OutboxAttachment.mimetype": "a MIME type written by code",
    "plans.Plan.draft_key": "32 hexadecimal characters (checked by the view)",
    "plans.PlanVersionPdf.sha256": "a SHA-256 digest written by code",
    "plans.Plan.effort_kinds": "a list of choice codes (checked by the form)",
    "plans.Plan.target_groups": "a list of choice codes (checked by the form)",
    "plans.PlanLine.block_code": "a block code of the rule set (checked by the form)",
    "plans.PlanLine.bonuses": "a list of bonus codes of the rule set (checked by the form)",
    "plans.PlanVersion.snapshot": "a frozen copy of guarded plan fields",
    "agreements.Agreement.block_code": "a block code of the rule set (checked by the service)",
    "agreements.Agreement.bonuses": "bonus codes copied from the plan line (never typed)",
    "agreements.AgreementVersionPdf.sha256": "a SHA-256 digest written by code",
    "agreements.CalendarFeed.token_hash": "a SHA-256 digest",
    "monitoring.Realisation.block_code": "a block code of the rule set (checked by the form)",
    "monitoring.Realisation.supplier_kvk": "8 digits (normalise_kvk_number in the form)",
    "monitoring.Evidence.content_type": "a MIME type found by code from the content",
    "monitoring.Evidence.sha256": "a SHA-256 digest written by code",
    "monitoring.FinalAssessment.pdf_sha256": "a SHA-256 digest written by code",
    "monitoring.ReminderSent.key": "a key made by code from ids",
    "portfolio.Publication.slug": "a-z, 0-9 and hyphens, no 9+ digit number (validators.py)",
    "portfolio.CouncilReport.figures": "a snapshot of figures computed by code",
    "portfolio.CouncilReport.error": "an error text written by code",
    "portfolio.ApiToken.prefix": "the first characters of a key made by code",
    "portfolio.ApiToken.key_hash": "a SHA-256 digest",
}

# Form fields that feed no stored text, or are guarded elsewhere, each with the reason.
FORM_FIELDS_WITHOUT_GUARD = {
    "sroi.accounts.forms.InvitationAcceptForm.password1": "a password, stored hashed",
    "sroi.accounts.forms.InvitationAcceptForm.password2": "a password, stored hashed",
    "sroi.accounts.forms.SignupForm.username": "allauth's, removed at runtime (no usernames)",
    "sroi.plans.forms_workflow.CalculationDocumentForm.document": (
        "a calc-io document: calcio refuses a BSN in every ref, the only free text"
    ),
    "sroi.portfolio.forms.PortfolioFilterForm.sorteer": (
        "one of the sort keys (clean_sorteer refuses anything else); never stored"
    ),
    "sroi.portfolio.api.ApiFilterForm.sorteer": (
        "the portfolio filter's sort key (PortfolioFilterForm.clean_sorteer); never stored"
    ),
}

TEXT_MODEL_FIELDS = (models.CharField, models.TextField, models.JSONField)


def _project_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if model.__module__.startswith("sroi.")]


def test_every_free_text_model_field_carries_the_bsn_guard() -> None:
    unguarded = []
    seen = set()
    for model in _project_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT_MODEL_FIELDS) or field.choices:
                continue
            key = f"{model._meta.label}.{field.name}"
            seen.add(key)
            if not is_bsn_guarded(field) and key not in MODEL_FIELDS_WITHOUT_GUARD:
                unguarded.append(key)
    assert unguarded == [], f"free-text fields without validators=[no_bsn]: {unguarded}"
    assert set(MODEL_FIELDS_WITHOUT_GUARD) <= seen  # no stale exemptions


def _project_form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(sroi.__path__, "sroi."):
        if ".migrations" in module.name or module.name.endswith(("settings", "wsgi", "asgi")):
            continue
        importlib.import_module(module.name)
    found: dict[type[forms.BaseForm], None] = {}
    pending: list[type[Any]] = [forms.BaseForm]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("sroi."):
            found[cls] = None
    return list(found)


def _feeds_a_guarded_model_field(form_class: type[forms.BaseForm], name: str) -> bool:
    meta = getattr(form_class, "_meta", None)
    model = getattr(meta, "model", None)
    if model is None:
        return False
    try:
        return is_bsn_guarded(model._meta.get_field(name))
    except Exception:  # not a model field
        return False


def test_every_free_text_form_field_carries_the_bsn_guard() -> None:
    unguarded = []
    for form_class in _project_form_classes():
        for name, field in form_class.base_fields.items():
            if not isinstance(field, forms.CharField) or field.disabled:
                continue
            if isinstance(field.widget, forms.PasswordInput):
                continue
            key = f"{form_class.__module__}.{form_class.__qualname__}.{name}"
            if key in FORM_FIELDS_WITHOUT_GUARD or is_bsn_guarded(field):
                continue
            if _feeds_a_guarded_model_field(form_class, name):
                continue  # a ModelForm: the model field's guard runs in full_clean
            unguarded.append(key)
    assert unguarded == [], f"form text fields without validators=[no_bsn]: {unguarded}"


@pytest.mark.django_db
def test_saving_a_bsn_is_refused_even_without_a_form(contractor_a: Any) -> None:
    organisation = contractor_a.organisation
    organisation.contact_function = f"HR, BSN {TEST_BSN}"
    with pytest.raises(ValidationError) as caught:
        organisation.save()
    assert list(caught.value.message_dict) == ["contact_function"]
    organisation.refresh_from_db()
    assert TEST_BSN not in organisation.contact_function

    contractor_a.full_name = "Jan"
    contractor_a.save(update_fields=["full_name"])  # other fields are not re-checked
