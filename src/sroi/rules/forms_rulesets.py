"""Forms of the rule-set pages (``/rekenmodellen/``): parsing and field validation only.

A coordinator copies a version into a concept (``NewVersionForm``) and edits the concept
(``VersionForm`` with a ``BlockFormSet`` and a ``BonusFormSet``). ``document_from_forms``
applies the cleaned data to the stored document; ``assign_document_problems`` puts the
problems ``files.parse_ruleset`` finds in that document back on the fields they came from, so
every message stands at its field. The services store the document.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sroi.core.validators import no_bsn
from sroi.rules.constants import RuleSetStatus, TargetGroup, target_group_label
from sroi.rules.engine import PsoLevel, RuleSet
from sroi.rules.engine.limits import HOURS_PER_WEEK, PERCENTAGE
from sroi.rules.files import FileProblem, ruleset_to_dict
from sroi.rules.forms import DateInput, DutchDecimalField

# A version label becomes part of a URL: letters, digits, dot, hyphen, underscore.
VERSION_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
CUSTOM_CATEGORY = "custom"


def _date_field(label: Any, *, required: bool, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={
            "required": _("Enter the first day this version is valid."),
            "invalid": _("Enter a valid date, for example 31-12-2026."),
        },
    )


def _check_period(form: forms.Form) -> None:
    valid_from: date | None = form.cleaned_data.get("valid_from")
    valid_to: date | None = form.cleaned_data.get("valid_to")
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        form.add_error(
            "valid_to",
            _("The last valid day may not lie before the first valid day."),
        )


class NewVersionForm(forms.Form):
    """The label and validity of a new concept copied from an existing version."""

    version = forms.CharField(
        validators=[no_bsn],
        label=_("Version label"),
        max_length=64,
        help_text=_(
            "A short label that does not exist yet for this rule set, for example 2027-1. "
            "Letters, digits, dots, hyphens and underscores."
        ),
        error_messages={"required": _("Enter a version label, for example 2027-1.")},
    )
    valid_from = _date_field(
        _("Valid from"),
        required=True,
        help_text=_("The first day this version applies to contracts, for example 01-01-2027."),
    )
    valid_to = _date_field(
        _("Valid until"),
        required=False,
        help_text=_("The last valid day. Leave empty for a version without an end date."),
    )

    def clean_version(self) -> str:
        label = str(self.cleaned_data["version"]).strip()
        if not VERSION_RE.fullmatch(label):
            raise forms.ValidationError(
                _("Use only letters, digits, dots, hyphens and underscores, for example 2027-1."),
                code="invalid",
            )
        return label

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        _check_period(self)
        return cleaned


STATUS_CHOICES = [
    (RuleSetStatus.SOURCED.value, _("Sourced: the official values, published by the region")),
    (
        RuleSetStatus.INDICATIVE.value,
        _("Indicative: values not officially established, taken from comparable models"),
    ),
    (
        RuleSetStatus.PARTIAL.value,
        _("Partial: only part of the region's table is known"),
    ),
]


class VersionForm(forms.Form):
    """Name, status, validity, sources and notes of a concept."""

    name = forms.CharField(
        validators=[no_bsn],
        label=_("Name"),
        max_length=300,
        error_messages={"required": _("Enter the name of the rule set.")},
    )
    region = forms.CharField(validators=[no_bsn], label=_("Region"), max_length=300, required=False)
    status = forms.ChoiceField(
        label=_("Source status"),
        choices=STATUS_CHOICES,
        widget=forms.RadioSelect,
        help_text=_(
            "Choose Sourced only when every value is the region's official value. "
            "Indicative and partial rule sets are labelled as such wherever they are shown."
        ),
        error_messages={
            "required": _("Choose the source status."),
            "invalid_choice": _("Choose one of the source statuses."),
        },
    )
    valid_from = _date_field(_("Valid from"), required=True)
    valid_to = _date_field(
        _("Valid until"),
        required=False,
        help_text=_("The last valid day. Leave empty for a version without an end date."),
    )
    source_urls = forms.CharField(
        validators=[no_bsn],
        label=_("Sources"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One source per line: a web address or a description of the document."),
    )
    research_notes = forms.CharField(
        validators=[no_bsn],
        label=_("Research notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Where the values come from and what is not known."),
    )

    basis_hours_per_week = DutchDecimalField(
        label=_("Full-time hours per week"),
        min_value=Decimal("1"),
        limit=HOURS_PER_WEEK,
        help_text=_("The hours of a full-time job in this region, for example 36."),
        error_messages={"required": _("Enter the hours of a full-time week, for example 36.")},
    )
    min_hours_per_week = DutchDecimalField(
        label=_("Minimum hours per week"),
        required=False,
        limit=HOURS_PER_WEEK,
        help_text=_(
            "A placement with fewer hours per week does not count. Leave empty for no minimum."
        ),
    )
    lookback_months = forms.IntegerField(
        label=_("Look-back period (months)"),
        min_value=0,
        max_value=120,
        help_text=_(
            "How many months before the contract start a placement may have started and still "
            "count. 0: only placements that start during the contract."
        ),
        error_messages={
            "required": _("Enter a number of months; 0 for no look-back period."),
            "invalid": _("Enter a whole number of months, for example 24."),
            "min_value": _("Enter 0 or more months."),
            "max_value": _("Enter at most 120 months."),
        },
    )
    default_percentage = DutchDecimalField(
        label=_("Default SROI percentage"),
        limit=PERCENTAGE,
        help_text=_("The share of the contract value, for example 5 or 2,5."),
        error_messages={"required": _("Enter the default percentage, for example 5.")},
    )
    threshold_eur = DutchDecimalField(
        label=_("Threshold (EUR)"),
        required=False,
        help_text=_(
            "Contracts below this value usually carry no obligation. Leave empty for no threshold."
        ),
    )
    pso_aspirant = DutchDecimalField(label=_("PSO aspirant"), required=False, limit=PERCENTAGE)
    pso_trede_1 = DutchDecimalField(label=_("PSO step 1"), required=False, limit=PERCENTAGE)
    pso_trede_2 = DutchDecimalField(label=_("PSO step 2"), required=False, limit=PERCENTAGE)
    pso_trede_3 = DutchDecimalField(label=_("PSO step 3"), required=False, limit=PERCENTAGE)
    pso_pso_30plus = DutchDecimalField(label=_("PSO 30+"), required=False, limit=PERCENTAGE)

    def pso_fields(self) -> list[Any]:
        """The bound PSO discount fields, in ladder order (for the template)."""
        return [self[f"pso_{level.value}"] for level in PsoLevel]

    def clean_source_urls(self) -> list[str]:
        text = str(self.cleaned_data.get("source_urls") or "")
        return [line.strip() for line in text.splitlines() if line.strip()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        _check_period(self)
        return cleaned


class BlockForm(forms.Form):
    """One building block. The code, category and basis of a copied block stay as they are."""

    code = forms.CharField(label=_("Code"), max_length=64, disabled=True, required=False)
    label_nl = forms.CharField(
        validators=[no_bsn],
        label=_("Label (Dutch)"),
        max_length=300,
        error_messages={"required": _("Enter the Dutch label of the building block.")},
    )
    label_en = forms.CharField(
        validators=[no_bsn],
        label=_("Label (English)"),
        max_length=300,
        error_messages={"required": _("Enter the English label of the building block.")},
    )
    value = DutchDecimalField(
        label=_("Value"),
        required=False,
        help_text=_("In euros (or the factor for amounts), for example 25.000 or 1.250,50."),
    )
    max_duration_months = forms.IntegerField(
        label=_("Counts for at most (months)"),
        required=False,
        min_value=1,
        max_value=600,
        help_text=_("Leave empty for no maximum."),
        error_messages={
            "invalid": _("Enter a whole number of months, for example 24."),
            "min_value": _("Enter at least 1 month, or leave the field empty."),
            "max_value": _("Enter at most 600 months."),
        },
    )
    notes = forms.CharField(
        validators=[no_bsn],
        label=_("Notes"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.category = str(self.initial.get("category", ""))
        self.basis = str(self.initial.get("basis", ""))
        _label_with_code(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            "value" in cleaned
            and cleaned["value"] is None
            and self.category != CUSTOM_CATEGORY
            and "value" not in self.errors
        ):
            self.add_error(
                "value",
                _("Enter a value; only a block with a value agreed per case may stay empty."),
            )
        return cleaned


class BonusForm(forms.Form):
    """A bonus on placements: its value and the group of bonuses it cannot be combined with."""

    code = forms.CharField(label=_("Code"), max_length=64, disabled=True, required=False)
    value = DutchDecimalField(
        label=_("Value"),
        help_text=_("In euros, for example 5.000."),
        error_messages={"required": _("Enter the value of the bonus, for example 5.000.")},
    )
    exclusive_group = forms.CharField(
        validators=[no_bsn],
        label=_("Exclusive group"),
        required=False,
        max_length=64,
        help_text=_("Bonuses with the same group cannot be combined, for example age."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _label_with_code(self)


def _label_with_code(form: forms.Form) -> None:
    """``Waarde (PW_LT2)``: the error summary and screen readers then say which row it is."""
    code = form.initial.get("code")
    if not code:
        return
    for name, field in form.fields.items():
        if name != "code":
            field.label = format_lazy("{label} ({code})", label=field.label, code=code)


class TargetGroupBlocksForm(forms.Form):
    """Which block each target group of the plan form is valued with in this version.

    One select per target group (field ``tg_<code>``): a block of this version, or none (a
    plan line for that group must then name a block itself). Rule-set data, so a version
    with other block codes (the official NHN table, say) needs no change to the code.
    """

    PREFIX = "tg_"

    def __init__(self, *args: Any, ruleset: RuleSet, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                f"{self.PREFIX}{code}": ruleset.target_group_block(code) or ""
                for code in TargetGroup.values
            },
        )
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [("", _("No block of its own: the line names one"))]
        choices += [(block.code, f"{block.code}: {block.label_nl}") for block in ruleset.blocks]
        for code in TargetGroup.values:
            self.fields[f"{self.PREFIX}{code}"] = forms.ChoiceField(
                label=target_group_label(code),
                required=False,
                choices=choices,
                error_messages={"invalid_choice": _("Choose a building block from the list.")},
            )

    def mapping(self) -> dict[str, str | None]:
        """Target group -> block code or None, for the groups posted (a page from before a
        group was added to the form posts none for it: its stored block is kept)."""
        return {
            code: self.cleaned_data.get(f"{self.PREFIX}{code}") or None
            for code in TargetGroup.values
            if f"{self.PREFIX}{code}" in self.data
        }


BlockFormSet = forms.formset_factory(BlockForm, extra=0, can_delete=False)
BonusFormSet = forms.formset_factory(BonusForm, extra=0, can_delete=False)


def _amount_text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def version_initial(ruleset: RuleSet) -> dict[str, Any]:
    """The ``VersionForm`` initial data of a stored version."""
    pso = dict(ruleset.pso_discount_pct)
    return {
        "name": ruleset.name,
        "region": ruleset.region,
        "status": ruleset.status.value,
        "valid_from": ruleset.valid_from,
        "valid_to": ruleset.valid_to,
        "source_urls": "\n".join(ruleset.source_urls),
        "research_notes": ruleset.notes,
        "basis_hours_per_week": ruleset.basis_hours_per_week,
        "min_hours_per_week": ruleset.min_hours_per_week,
        "lookback_months": ruleset.lookback_months,
        "default_percentage": ruleset.default_percentage,
        "threshold_eur": ruleset.threshold_eur,
        **{f"pso_{level.value}": pso.get(level) for level in PsoLevel},
    }


def blocks_initial(ruleset: RuleSet) -> list[dict[str, Any]]:
    return [
        {
            "code": block.code,
            "category": block.category.value,
            "basis": block.basis.value,
            "label_nl": block.label_nl,
            "label_en": block.label_en,
            "value": block.value,
            "max_duration_months": block.max_duration_months,
            "notes": block.notes,
        }
        for block in ruleset.blocks
    ]


def bonuses_initial(ruleset: RuleSet) -> list[dict[str, Any]]:
    return [
        {
            "code": bonus.code,
            "label_nl": bonus.label_nl,
            "value": bonus.value,
            "exclusive_group": bonus.exclusive_group or "",
        }
        for bonus in ruleset.bonuses
    ]


def document_from_forms(
    document: Mapping[str, Any],
    form: VersionForm,
    blocks: forms.BaseFormSet,  # type: ignore[type-arg]
    bonuses: forms.BaseFormSet,  # type: ignore[type-arg]
    target_groups: TargetGroupBlocksForm | None = None,
) -> dict[str, Any]:
    """The stored ``document`` with the cleaned data of valid forms applied."""
    result = copy.deepcopy(dict(document))
    if target_groups is not None:
        mapping = dict(result.get("target_groups") or {})  # keeps groups the form does not know
        mapping.update(target_groups.mapping())
        result["target_groups"] = mapping
    data = form.cleaned_data
    result["name"] = data["name"]
    result["region"] = data["region"]
    result["status"] = data["status"]
    result["valid_from"] = data["valid_from"].isoformat()
    result["valid_to"] = data["valid_to"].isoformat() if data["valid_to"] else None
    result["source_urls"] = data["source_urls"]
    result["research_notes"] = data["research_notes"]
    result["basis_hours_per_week"] = _amount_text(data["basis_hours_per_week"])
    result["min_hours_per_week"] = _amount_text(data["min_hours_per_week"])
    result["lookback_months"] = data["lookback_months"]
    result["obligation"] = {
        "default_percentage": _amount_text(data["default_percentage"]),
        "threshold_eur": _amount_text(data["threshold_eur"]),
        "pso_discount_pct": {
            level.value: _amount_text(data[f"pso_{level.value}"])
            for level in PsoLevel
            if data[f"pso_{level.value}"] is not None
        },
    }
    for block_doc, block_form in zip(result["blocks"], blocks.forms, strict=True):
        cleaned = block_form.cleaned_data
        block_doc["label_nl"] = cleaned["label_nl"]
        block_doc["label_en"] = cleaned["label_en"]
        block_doc["value"] = _amount_text(cleaned["value"])
        block_doc["max_duration_months"] = cleaned["max_duration_months"]
        block_doc["notes"] = cleaned["notes"]
    for bonus_doc, bonus_form in zip(result["bonuses"], bonuses.forms, strict=True):
        cleaned = bonus_form.cleaned_data
        bonus_doc["value"] = _amount_text(cleaned["value"])
        bonus_doc["exclusive_group"] = cleaned["exclusive_group"].strip() or None
    return result


def copied_document(
    ruleset: RuleSet, *, version: str, valid_from: date, valid_to: date | None
) -> dict[str, Any]:
    """The document of ``ruleset`` under a new version label and validity."""
    document = ruleset_to_dict(ruleset)
    document["version"] = version
    document["valid_from"] = valid_from.isoformat()
    document["valid_to"] = valid_to.isoformat() if valid_to else None
    return document


_INDEXED = re.compile(r"(?P<list>blocks|bonuses)\[(?P<index>\d+)\]\.(?P<field>\w+)")
_TOP_FIELDS = {
    "name": "name",
    "region": "region",
    "status": "status",
    "valid_from": "valid_from",
    "valid_to": "valid_to",
    "research_notes": "research_notes",
}


def assign_document_problems(
    problems: tuple[FileProblem, ...],
    form: VersionForm,
    blocks: forms.BaseFormSet,  # type: ignore[type-arg]
    bonuses: forms.BaseFormSet,  # type: ignore[type-arg]
    target_groups: TargetGroupBlocksForm | None = None,
) -> None:
    """Put each problem of the document at its field (or on the form when it has none)."""
    dutch = (get_language() or "nl").startswith("nl")
    for problem in problems:
        text = problem.message_nl if dutch else problem.message
        message = text[:1].upper() + text[1:]
        if match := _INDEXED.fullmatch(problem.field):
            formset = blocks if match["list"] == "blocks" else bonuses
            index = int(match["index"])
            target = formset.forms[index] if index < len(formset.forms) else None
            field = match["field"]
            if target is not None and field in target.fields and not target.fields[field].disabled:
                target.add_error(field, message)
                continue
        elif problem.field in _TOP_FIELDS:
            form.add_error(_TOP_FIELDS[problem.field], message)
            continue
        elif problem.field.startswith("source_urls"):
            form.add_error("source_urls", message)
            continue
        elif problem.field.startswith("target_groups.") and target_groups is not None:
            name = TargetGroupBlocksForm.PREFIX + problem.field.split(".", 1)[1]
            if name in target_groups.fields:
                target_groups.add_error(name, message)
                continue
        form.add_error(None, f"{problem.field}: {message}")
