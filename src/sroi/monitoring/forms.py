"""The field rules of a realisation: one form per kind, used by the entry pages AND by the
spreadsheet import (``sroi.monitoring.imports`` validates every row with these forms), so a
value refused on the page is refused in a file, with the same Dutch message.

Each form takes the contract's rule set (``ruleset``) for its blocks and ``today`` for the
"not in the future" checks; ``realisation_data()`` gives the model fields for the services
(``candidate_reference`` and ``birth_year`` for a placement, which the services turn into a
``Candidate`` of the contractor's organisation).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from sroi.accounts.validators import normalise_kvk_number
from sroi.core.spreadsheets import starts_like_formula
from sroi.core.validators import no_bsn
from sroi.monitoring.constants import (
    ACTIVITY_DESCRIPTION_MAX_LENGTH,
    BIRTH_YEAR_MIN,
    CANDIDATE_REFERENCE_MAX_LENGTH,
    EMPLOYEES_MAX,
    INVOICE_NUMBER_MAX_LENGTH,
    EligibilityEvidence,
    EmploymentType,
    RealisationKind,
)
from sroi.plans.forms import target_group_choices
from sroi.rules.engine import Basis, Block, Category, RuleSet
from sroi.rules.engine.limits import AMOUNT_EUR, HOURS, HOURS_PER_WEEK, NAME_MAX_LENGTH
from sroi.rules.forms import DateInput, DutchDecimalField, date_in_range

# A pseudonym: letters, digits and - _ . / (no spaces, no @: not a name, not an e-mail).
# Anchored: RegexValidator searches, so an unanchored pattern passes "<b>K 1</b>".
CANDIDATE_REFERENCE_RE = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9._/-]*\Z")
PLACEMENT_BASES = (Basis.PER_FTE_YEAR, Basis.PER_MONTH, Basis.FIXED)
PLACEMENT_CATEGORIES = (
    Category.JOB,
    Category.LEARN_WORK,
    Category.INTERNSHIP,
    Category.WORK_EXPERIENCE,
)
PURCHASE_CATEGORIES = (Category.PROCUREMENT,)
ACTIVITY_CATEGORIES = (Category.SOCIAL_ACTIVITY, Category.TRAINING)
# The youngest candidate: 14 years old in the year of the start (an internship of a VSO pupil).
YOUNGEST_AGE = 14

_INVALID_DATE = _("Enter a valid date, for example 31-12-2026.")
_REQUIRED = _("Fill in this field.")


def _date(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        validators=[date_in_range],
        error_messages={"invalid": _INVALID_DATE, "required": _REQUIRED},
    )


def _choice(label: Any, choices: Any, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=choices,
        error_messages={
            "invalid_choice": _("Choose an item from the list."),
            "required": _("Choose an item from the list."),
        },
    )


def no_formula(value: str) -> None:
    """A name or number is refused when a spreadsheet would run it as a formula (it starts
    with = + - or @): it comes from an imported file and may go into one again."""
    if starts_like_formula(value):
        raise ValidationError(
            _("Do not start with =, +, - or @: a spreadsheet reads that as a formula."),
            code="formula",
        )


def _text(label: Any, max_length: int, *, required: bool = True, help_text: Any = "") -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        validators=[no_bsn, no_formula],
        error_messages={
            "max_length": _("Use at most %(limit_value)d characters."),
            "required": _REQUIRED,
        },
    )


def blocks_for(ruleset: RuleSet | None, kind: str) -> list[Block]:
    """The rule set's blocks a realisation of ``kind`` may name."""
    if ruleset is None:
        return []
    if kind == RealisationKind.PLACEMENT:
        return [
            b
            for b in ruleset.blocks
            if b.category in PLACEMENT_CATEGORIES and b.basis in PLACEMENT_BASES
        ]
    if kind == RealisationKind.PURCHASE:
        return [b for b in ruleset.blocks if b.category in PURCHASE_CATEGORIES]
    return [b for b in ruleset.blocks if b.category in ACTIVITY_CATEGORIES]


class RealisationForm(forms.Form):
    """What the three kinds share: the rule set, ``today`` and the block select."""

    kind: str = ""
    block_code = _choice(_("Building block"), [], required=False)

    def __init__(self, *args: Any, ruleset: RuleSet | None, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ruleset = ruleset
        self.today = today
        blocks = blocks_for(ruleset, self.kind)
        field = self.fields["block_code"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = [("", _("Choose a building block"))] + [
            (block.code, block.label_nl) for block in blocks
        ]
        if self.kind != RealisationKind.PLACEMENT:
            field.required = True
            if len(blocks) == 1:
                field.initial = blocks[0].code

    def _not_in_future(self, name: str) -> None:
        value = self.cleaned_data.get(name)
        if isinstance(value, date) and value > self.today:
            self.add_error(name, _("Report what has happened: this date is in the future."))

    def realisation_data(self) -> dict[str, Any]:
        """The model fields of ``Realisation`` (and the candidate's, for a placement)."""
        data = dict(self.cleaned_data)
        data["kind"] = self.kind
        return data


class PlacementForm(RealisationForm):
    kind = RealisationKind.PLACEMENT

    candidate_reference = forms.CharField(
        label=_("Candidate reference"),
        max_length=CANDIDATE_REFERENCE_MAX_LENGTH,
        help_text=_("A pseudonym of your own choosing, for example K-017. Never a BSN or a name."),
        validators=[
            no_bsn,
            RegexValidator(
                CANDIDATE_REFERENCE_RE,
                _("Use letters, digits and - _ . / only, for example K-017."),
                code="invalid_reference",
            ),
        ],
        error_messages={
            "max_length": _("Use at most %(limit_value)d characters."),
            "required": _REQUIRED,
        },
    )
    birth_year = forms.IntegerField(
        label=_("Birth year"),
        min_value=BIRTH_YEAR_MIN,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Enter a year, for example 1998."),
            "min_value": _("Enter %(limit_value)s or later."),
            "required": _REQUIRED,
        },
    )
    target_group = _choice(_("Target group"), target_group_choices)
    eligibility_evidence = _choice(
        _("Evidence of eligibility"),
        [("", _("Choose the kind of evidence")), *EligibilityEvidence.choices],
    )
    start_date = _date(_("Start"))
    end_date = _date(_("End"), required=False, help_text=_("Leave empty while the placement runs."))
    planned_end_date = _date(
        _("Planned end"),
        required=False,
        help_text=_("For a running placement: when it is expected to end."),
    )
    hours_per_week = DutchDecimalField(
        label=_("Hours per week"),
        limit=HOURS_PER_WEEK,
        min_value=Decimal("0.01"),
        help_text=_("36 is full time."),
        error_messages={
            "invalid": _("Enter a number of hours, for example 36 or 18,5"),
            "max_value": _("A week has at most 168 hours."),
            "min_value": _("Enter more than 0 hours."),
            "required": _REQUIRED,
        },
    )
    employment_type = _choice(
        _("Contract type"), [("", _("Choose a contract type")), *EmploymentType.choices]
    )
    employer_name = _text(
        _("Employer"),
        NAME_MAX_LENGTH,
        required=False,
        help_text=_("Leave empty when your own organisation employs the candidate."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["birth_year"].widget.attrs["max"] = self.today.year - YOUNGEST_AGE
        self.fields["block_code"].help_text = _(
            "Only needed when the target group has no building block of its own."
        )

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data.get("birth_year")
        if year is not None and year > self.today.year - YOUNGEST_AGE:
            raise ValidationError(
                _("Enter %(year)s or earlier.") % {"year": self.today.year - YOUNGEST_AGE},
                code="too_young",
            )
        return year

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._not_in_future("start_date")
        self._not_in_future("end_date")
        start = cleaned.get("start_date")
        for name in ("end_date", "planned_end_date"):
            value = cleaned.get(name)
            if start is not None and value is not None and value < start:
                self.add_error(name, _("The end date must be after the start."))
        if cleaned.get("end_date") is not None:
            cleaned["planned_end_date"] = None
        group = cleaned.get("target_group")
        if group and not cleaned.get("block_code") and "block_code" not in self.errors:
            mapped = self.ruleset.target_group_block(group) if self.ruleset else None
            if mapped is None:
                self.add_error(
                    "block_code",
                    _("This target group has no building block of its own: choose one."),
                )
            else:
                cleaned["block_code"] = mapped
        return cleaned


class PurchaseForm(RealisationForm):
    kind = RealisationKind.PURCHASE

    supplier_name = _text(_("Supplier"), NAME_MAX_LENGTH)
    supplier_kvk = forms.CharField(
        label=_("Supplier's KvK number"),
        max_length=20,
        validators=[no_bsn],
        error_messages={"required": _REQUIRED},
    )
    invoice_number = _text(_("Invoice number"), INVOICE_NUMBER_MAX_LENGTH)
    date = _date(_("Invoice date"))
    amount_eur = DutchDecimalField(
        label=_("Amount in euros (excl. VAT)"),
        limit=AMOUNT_EUR,
        min_value=Decimal("0.01"),
        error_messages={"required": _REQUIRED, "min_value": _("Enter an amount above 0.")},
    )

    def clean_supplier_kvk(self) -> str:
        return normalise_kvk_number(self.cleaned_data.get("supplier_kvk") or "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._not_in_future("date")
        return cleaned


class ActivityForm(RealisationForm):
    kind = RealisationKind.ACTIVITY

    description = forms.CharField(
        label=_("Description"),
        max_length=ACTIVITY_DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: guest lesson at a VSO school. Use pseudonyms, never a BSN."),
        validators=[no_bsn],
        error_messages={
            "max_length": _("Use at most %(limit_value)d characters."),
            "required": _REQUIRED,
        },
    )
    date = _date(_("Date"))
    hours = DutchDecimalField(
        label=_("Hours"),
        limit=HOURS,
        min_value=Decimal("0.01"),
        error_messages={
            "invalid": _("Enter a number of hours, for example 40 or 12,5"),
            "min_value": _("Enter more than 0 hours."),
            "required": _REQUIRED,
        },
    )
    employees_count = forms.IntegerField(
        label=_("Number of employees involved"),
        min_value=1,
        max_value=EMPLOYEES_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Enter a whole number, for example 3."),
            "min_value": _("Enter %(limit_value)s or more."),
            "max_value": _("Enter at most %(limit_value)s."),
            "required": _REQUIRED,
        },
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._not_in_future("date")
        return cleaned


FORMS_BY_KIND: dict[str, type[RealisationForm]] = {
    RealisationKind.PLACEMENT: PlacementForm,
    RealisationKind.PURCHASE: PurchaseForm,
    RealisationKind.ACTIVITY: ActivityForm,
}

__all__ = [
    "FORMS_BY_KIND",
    "ActivityForm",
    "PlacementForm",
    "PurchaseForm",
    "RealisationForm",
    "blocks_for",
]
