"""Forms of the public calculator (``/rekenhulp/``): parsing and field validation only.

The calculation rules themselves (end before start, exclusive bonuses, hours above 168, ...)
live in the engine; its problems are mapped back onto these fields by the view. What the
forms do is read what a person types: Dutch amounts ("50.000,00"), dates and choices.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.choices import BaseChoiceIterator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from sroi.core.formcopy import FastCopyForm, FastCopyManagementForm
from sroi.core.validators import no_bsn
from sroi.rules.engine import Basis, Block, PsoLevel, RuleSet
from sroi.rules.engine.limits import (
    AMOUNT_EUR,
    COUNT,
    DATE_MAX,
    DATE_MIN,
    HOURS,
    HOURS_PER_WEEK,
    NUMBER_MAX_CHARS,
    PERCENTAGE,
    REF_MAX_LENGTH,
    DecimalLimit,
)

MAX_LINES_PER_SECTION = 50
MAX_UPLOAD_BYTES = 256 * 1024

# Dutch notation: a dot groups thousands, a comma starts the decimals.
_GROUPED = r"\d{1,3}(?:\.\d{3})+"
_PLAIN = r"\d+"
_WITH_COMMA = re.compile(rf"(?P<int>{_GROUPED}|{_PLAIN}),(?P<frac>\d+|-{{1,2}})")
_NO_COMMA = re.compile(rf"(?P<int>{_GROUPED}|{_PLAIN})")
# "12.5" or "12.50": a single dot followed by one or two digits reads as a decimal point.
_DOT_DECIMAL = re.compile(r"(?P<int>\d+)\.(?P<frac>\d{1,2})")


def parse_dutch_decimal(text: str) -> Decimal:
    """Read an amount as people in the Netherlands type it; raise ``ValueError`` otherwise.

    ``"50.000"``, ``"50000"``, ``"50.000,00"``, ``"50.000,-"``, ``"1.000.000"``, ``"12,5"``,
    ``"EUR 1.250"``, ``"5 %"`` and ``"12.5"`` are read; ``"1,000.00"``, ``"abc"`` are not.
    Never goes through a float.
    """
    if len(text) > 2 * NUMBER_MAX_CHARS:  # room for "EUR", spaces and thousands dots
        raise ValueError(text[:NUMBER_MAX_CHARS])
    cleaned = text.strip().replace("\u00a0", " ")
    for prefix in ("EUR", "eur", "€"):
        if cleaned.startswith(prefix):
            cleaned = cleaned[len(prefix) :]
    cleaned = cleaned.strip().removesuffix("%").strip()
    sign = ""
    if cleaned.startswith("-"):
        sign, cleaned = "-", cleaned[1:].strip()
    cleaned = cleaned.replace(" ", "")
    integer: str
    fraction = ""
    if match := _WITH_COMMA.fullmatch(cleaned):
        integer = match["int"]
        fraction = "" if match["frac"].startswith("-") else match["frac"]
    elif match := _NO_COMMA.fullmatch(cleaned):
        integer = match["int"]
    elif match := _DOT_DECIMAL.fullmatch(cleaned):
        integer, fraction = match["int"], match["frac"]
    else:
        raise ValueError(text)
    digits = integer.replace(".", "")
    try:
        return Decimal(f"{sign}{digits}.{fraction}" if fraction else f"{sign}{digits}")
    except InvalidOperation as exc:  # pragma: no cover - the patterns admit digits only
        raise ValueError(text) from exc


def format_dutch_decimal(value: Decimal) -> str:
    """``Decimal("1000000")`` -> ``"1.000.000"``, ``Decimal("12.5")`` -> ``"12,5"``.

    Keeps the decimals the value has (no rounding), for putting a value back into an input.
    """
    text = format(value, "f")
    sign = "-" if text.startswith("-") else ""
    integer, _, fraction = text.lstrip("-").partition(".")
    groups: list[str] = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    return sign + ".".join(groups) + ("," + fraction if fraction else "")


class DutchDecimalInput(forms.TextInput):
    """A text input (``inputmode="decimal"``) that shows decimals in Dutch notation."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Decimal):
            return format_dutch_decimal(value)
        formatted = super().format_value(value)
        return None if formatted is None else str(formatted)


class DutchDecimalField(forms.Field):
    """A Decimal typed in Dutch notation; never a float.

    ``limit`` (from ``sroi.rules.engine.limits``, an amount in euros by default) gives the
    decimals, the minimum and the maximum, the same the engine and the database column use;
    ``min_value`` and ``max_value`` may only narrow it. Messages are Dutch (through the
    catalogue) and give an example.
    """

    widget = DutchDecimalInput
    default_error_messages = {
        "invalid": _("Enter an amount, for example 50.000,00"),
        "max_decimal_places": _("Use at most %(places)s digits after the comma."),
        "min_value": _("Enter a value of at least %(limit)s."),
        "max_value": _("Enter a value of at most %(limit)s."),
    }

    def __init__(
        self,
        *,
        limit: DecimalLimit = AMOUNT_EUR,
        min_value: Decimal | None = None,
        max_value: Decimal | None = None,
        **kwargs: Any,
    ) -> None:
        self.limit = limit
        self.decimal_places = limit.decimal_places
        self.min_value = limit.minimum if min_value is None else max(min_value, limit.minimum)
        self.max_value = limit.maximum if max_value is None else min(max_value, limit.maximum)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return Decimal(value)
        try:
            return parse_dutch_decimal(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is None:
            return
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > self.decimal_places:
            raise ValidationError(
                self.error_messages["max_decimal_places"],
                code="max_decimal_places",
                params={"places": self.decimal_places},
            )
        if self.min_value is not None and value < self.min_value:
            raise ValidationError(
                self.error_messages["min_value"],
                code="min_value",
                params={"limit": format_dutch_decimal(self.min_value)},
            )
        if self.max_value is not None and value > self.max_value:
            raise ValidationError(
                self.error_messages["max_value"],
                code="max_value",
                params={"limit": format_dutch_decimal(self.max_value)},
            )


class DateInput(forms.DateInput):
    """``<input type="date">``: the browser's date picker, ISO value."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_in_range(value: date) -> None:
    """A date within ``DATE_MIN`` .. ``DATE_MAX`` (the limits every date shares)."""
    if not DATE_MIN <= value <= DATE_MAX:
        raise ValidationError(
            _("Enter a date between %(min)s and %(max)s."),
            code="date_out_of_range",
            params={"min": f"{DATE_MIN:%d-%m-%Y}", "max": f"{DATE_MAX:%d-%m-%Y}"},
        )


# An ISO date as the browser's date picker sends it: read without ``strptime`` (the costly part
# of a date field); anything else goes through the field's formats as before.
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class IsoFirstDateField(forms.DateField):
    """A ``DateField`` that reads ``2026-12-31`` with ``date.fromisoformat``.

    For text of exactly that shape ``fromisoformat`` and ``strptime("%Y-%m-%d")`` accept and
    refuse the same dates; other text (``31-12-2026``, ``2026-1-1``) is read as before.
    """

    def strptime(self, value: str, format: str) -> date:
        if format == "%Y-%m-%d" and ISO_DATE.fullmatch(value):
            return date.fromisoformat(value)  # 2026-02-30: a ValueError, as from strptime
        return super().strptime(value, format)


def _date_field(label: Any, *, required: bool, required_message: Any) -> forms.DateField:
    return IsoFirstDateField(
        label=label,
        required=required,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        validators=[date_in_range],
        error_messages={
            "required": required_message,
            "invalid": _("Enter a valid date, for example 31-12-2026."),
        },
    )


class FixedChoices(BaseChoiceIterator):
    """A choice list built once and shared read-only by many forms.

    Django normalises a plain list each time it is set on a field and again on its widget;
    a choice iterator is taken as it is. Its length and truth are those of the list (a
    template's ``{% if field.choices %}``).
    """

    def __init__(self, choices: Sequence[tuple[str, Any]]) -> None:
        self.choices = tuple(choices)

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        return iter(self.choices)

    def __len__(self) -> int:
        return len(self.choices)

    def __bool__(self) -> bool:
        return bool(self.choices)

    # Immutable, so a form's copy of its field shares it (Django copies a field's choices).
    def __copy__(self) -> FixedChoices:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FixedChoices:
        return self


PSO_CHOICES = FixedChoices(
    [
        ("", _("No PSO certificate")),
        (PsoLevel.ASPIRANT.value, _("PSO aspirant")),
        (PsoLevel.TREDE_1.value, _("PSO step 1")),
        (PsoLevel.TREDE_2.value, _("PSO step 2")),
        (PsoLevel.TREDE_3.value, _("PSO step 3")),
        (PsoLevel.PSO_30PLUS.value, _("PSO 30+")),
    ]
)


class CalculatorForm(FastCopyForm):
    """The rule set and the contract: the official form's words as labels."""

    ruleset = forms.ChoiceField(
        label=_("Rule set (bouwblokkenmodel)"),
        error_messages={
            "required": _("Choose a rule set."),
            "invalid_choice": _("Choose a rule set from the list."),
        },
    )
    value_eur = DutchDecimalField(
        label=_("Contract value"),
        help_text=_("Estimated contract value excluding VAT, for example 1.000.000 or 250.000,00."),
        error_messages={"required": _("Enter the contract value, for example 50.000,00")},
    )
    sroi_percentage = DutchDecimalField(
        label=_("Social Return (SROI) %"),
        required=False,
        limit=PERCENTAGE,
        help_text=_("For example 5 or 2,5. Empty: the rule set's default percentage."),
        error_messages={"invalid": _("Enter a percentage, for example 5 or 2,5")},
    )
    start = _date_field(
        _("Contract start date"),
        required=True,
        required_message=_("Enter the contract start date."),
    )
    end = _date_field(
        _("Contract end date"),
        required=True,
        required_message=_("Enter the contract end date."),
    )
    pso_level = forms.ChoiceField(
        label=_("Social Enterprise Performance Ladder (PSO)"),
        choices=PSO_CHOICES,
        required=False,
        help_text=_("A valid PSO certificate can lower the obligation, depending on the rule set."),
        error_messages={"invalid_choice": _("Choose a PSO level from the list.")},
    )

    def __init__(
        self, *args: Any, ruleset_choices: Sequence[tuple[str, Any]] | FixedChoices, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        field = self.fields["ruleset"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - narrows the type
        # A shared ``FixedChoices`` as it is (the calculator's, built once per publication).
        field.choices = (
            ruleset_choices
            if isinstance(ruleset_choices, FixedChoices)
            else FixedChoices(ruleset_choices)
        )


def block_choice_label(block: Block, *, language: str) -> str:
    """The text of a block in a select: its label (in the UI language)."""
    if language.startswith("en") and block.label_en:
        return block.label_en
    return block.label_nl


# (line form class, id of the rule set, language) -> (rule set, block choices, bonus choices)
_CHOICE_LISTS: dict[tuple[type, int, str], tuple[RuleSet, FixedChoices, FixedChoices]] = {}
_CHOICE_LISTS_KEPT = 64


class _LineForm(FastCopyForm):
    """A line of the calculation. Subclasses say which bases their block list holds."""

    bases: tuple[Basis, ...] = ()
    block_label: Any = _("Building block")
    block_required_message: Any = _("Choose a building block.")

    block = forms.ChoiceField(label=_("Building block"))
    # The candidate reference of a line (from an imported calc-io document): a pseudonym only.
    ref = forms.CharField(
        required=False,
        widget=forms.HiddenInput,
        max_length=REF_MAX_LENGTH,
        validators=[no_bsn],
        help_text=_("Use a pseudonym, never a BSN."),
    )

    def __init__(self, *args: Any, ruleset: RuleSet, language: str = "nl", **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.ruleset = ruleset
        field = self.fields["block"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - narrows the type
        field.label = self.block_label
        field.error_messages = {
            **field.error_messages,
            "required": self.block_required_message,
            "invalid_choice": _("Choose an item from the list."),
        }
        block_choices, bonus_choices = self._choice_lists(ruleset, language)
        field.choices = block_choices
        if "bonuses" in self.fields:
            bonuses = self.fields["bonuses"]
            assert isinstance(bonuses, forms.MultipleChoiceField)  # noqa: S101
            bonuses.choices = bonus_choices

    @classmethod
    def _choice_lists(cls, ruleset: RuleSet, language: str) -> tuple[FixedChoices, FixedChoices]:
        """The block and bonus choices of this kind of line, built once per rule set object
        (parsed once per process, ``rules.loaders``) and language instead of once per form."""
        key = (cls, id(ruleset), language)
        entry = _CHOICE_LISTS.get(key)
        if entry is None or entry[0] is not ruleset:
            english = language.startswith("en")
            block_choices = FixedChoices(
                [("", _("Choose…"))]
                + [
                    (block.code, block_choice_label(block, language=language))
                    for block in cls.blocks_for(ruleset)
                ]
            )
            bonus_choices = FixedChoices(
                [
                    (bonus.code, bonus.label_en if english and bonus.label_en else bonus.label_nl)
                    for bonus in ruleset.bonuses
                ]
            )
            if len(_CHOICE_LISTS) >= _CHOICE_LISTS_KEPT:
                _CHOICE_LISTS.clear()
            # The rule set is kept in the entry, so its id is not reused while the entry lives.
            entry = (ruleset, block_choices, bonus_choices)
            _CHOICE_LISTS[key] = entry
        return entry[1], entry[2]

    @classmethod
    def blocks_for(cls, ruleset: RuleSet) -> list[Block]:
        return [block for block in ruleset.blocks if cls.accepts(block)]

    @classmethod
    def accepts(cls, block: Block) -> bool:
        return block.basis in cls.bases


class PlacementLineForm(_LineForm):
    """Candidates of one target group: hours, period, count and bonuses."""

    bases = (Basis.PER_FTE_YEAR,)
    block_label = _("Target group")
    block_required_message = _("Choose a target group.")

    hours_per_week = DutchDecimalField(
        label=_("Hours per week"),
        limit=HOURS_PER_WEEK,
        error_messages={
            "required": _("Enter the hours per week, for example 36 or 18,5."),
            "invalid": _("Enter a number of hours, for example 36 or 18,5"),
        },
    )
    start = _date_field(_("Start date"), required=True, required_message=_("Enter the start date."))
    end = _date_field(_("End date"), required=True, required_message=_("Enter the end date."))
    count = forms.IntegerField(
        label=_("Number of candidates"),
        initial=1,
        min_value=1,
        max_value=COUNT.maximum,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter the number of candidates, for example 1."),
            "invalid": _("Enter a whole number, for example 1 or 3."),
            "min_value": _("Enter 1 or more candidates."),
            "max_value": _("Enter at most 10.000 candidates."),
        },
    )
    bonuses = forms.MultipleChoiceField(
        label=_("Bonuses"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose bonuses from the list.")},
    )


class AmountLineForm(_LineForm):
    """Social procurement and other amounts valued per euro (invoice excluding VAT)."""

    bases = (Basis.PER_EURO,)

    amount_eur = DutchDecimalField(
        label=_("Amount excluding VAT"),
        error_messages={"required": _("Enter the amount, for example 4.000,00")},
    )


class ActivityLineForm(_LineForm):
    """Social activities valued per hour of knowledge and effort."""

    bases = (Basis.PER_HOUR,)

    hours = DutchDecimalField(
        label=_("Number of hours"),
        limit=HOURS,
        error_messages={
            "required": _("Enter the number of hours, for example 40."),
            "invalid": _("Enter a number of hours, for example 40 or 12,5"),
        },
    )


class OtherLineForm(_LineForm):
    """Fixed, per-month and custom blocks (custom: the value agreed with the coordinator)."""

    bases = (Basis.FIXED, Basis.PER_MONTH)

    count = forms.IntegerField(
        label=_("Number"),
        initial=1,
        min_value=1,
        max_value=COUNT.maximum,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter the number, for example 1."),
            "invalid": _("Enter a whole number, for example 1 or 3."),
            "min_value": _("Enter 1 or more."),
            "max_value": _("Enter at most 10.000."),
        },
    )
    start = _date_field(
        _("Start date"), required=False, required_message=_("Enter the start date.")
    )
    end = _date_field(_("End date"), required=False, required_message=_("Enter the end date."))
    date = _date_field(_("Date"), required=False, required_message=_("Enter the date."))
    agreed_value_eur = DutchDecimalField(
        label=_("Agreed value"),
        required=False,
        help_text=_("Only for custom blocks: the value agreed with the SROI coordinator."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start"].help_text = _("For blocks counted per month.")
        self.fields["end"].help_text = _("For blocks counted per month.")
        self.fields["date"].help_text = _("For fixed blocks: when it takes place (optional).")


class WrittenCounts:
    """The management form of a calculator formset whose counts the view wrote itself.

    The calculator rewrites every section's management form before it builds the forms
    (``views._normalised`` and ``views._write_rows``: ``TOTAL_FORMS`` lines, none initial, within
    ``MAX_LINES_PER_SECTION``), so reading those four numbers back through a bound Django form
    tells nothing new. On the live update it cost a tenth of the request. This gives the
    formset what it reads of a valid management form (``is_valid``, ``cleaned_data``,
    ``errors``, ``add_prefix``: what ``BaseFormSet.full_clean``, ``total_form_count`` and
    ``initial_form_count`` read in Django 5.2) and renders as Django's management form with
    those counts.

    It is not a ``Form``: ``formset.management_form["TOTAL_FORMS"]``, ``.fields`` or
    ``.hidden_fields()`` fail (hence the ``type: ignore[override]`` on
    ``_LineFormSet.management_form``). The formset takes it only for data in exactly the shape
    the calculator writes (``_LineFormSet.written_total``); any other data, posted or built,
    goes Django's way, with Django's errors.
    """

    is_bound = True

    def __init__(self, formset: _LineFormSet, total: int) -> None:
        self.formset = formset
        self.prefix = formset.prefix
        self.cleaned_data = {
            "TOTAL_FORMS": total,
            "INITIAL_FORMS": 0,
            "MIN_NUM_FORMS": formset.min_num,
            "MAX_NUM_FORMS": formset.max_num,
        }
        self.errors: dict[str, Any] = {}

    def is_valid(self) -> bool:
        return True

    def add_prefix(self, field_name: str) -> str:
        return f"{self.prefix}-{field_name}"

    @cached_property
    def form(self) -> FastCopyManagementForm:
        """Django's management form with these counts, for rendering."""
        return self.formset.unbound_management_form(self.cleaned_data)

    def __str__(self) -> str:
        return str(self.form)

    def __html__(self) -> str:
        return self.form.__html__()


class _LineFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """Lines of one kind; an untouched empty line is left out of the calculation."""

    def __init__(self, *args: Any, ruleset: RuleSet, language: str, **kwargs: Any) -> None:
        self.ruleset = ruleset
        self.language = language
        kwargs.setdefault("form_kwargs", {}).update({"ruleset": ruleset, "language": language})
        super().__init__(*args, **kwargs)

    def written_total(self) -> int | None:
        """The number of lines when the data's management form is exactly what the calculator
        writes (``views._normalised``, ``views._write_rows``): ``TOTAL_FORMS`` in plain digits
        within ``absolute_max``, ``INITIAL_FORMS`` 0, ``MIN_NUM_FORMS`` and ``MAX_NUM_FORMS``
        this formset's own. Django's management form would read the same four numbers and
        find them valid; None for anything else (more lines than the maximum included, which
        Django refuses with its own message)."""
        data, prefix = self.data, self.prefix
        total = data.get(f"{prefix}-TOTAL_FORMS")
        if not (
            isinstance(total, str)
            and total.isascii()
            and total.isdigit()
            and (total == "0" or not total.startswith("0"))
            and int(total) <= self.absolute_max
        ):
            return None
        if (
            data.get(f"{prefix}-INITIAL_FORMS") != "0"
            or data.get(f"{prefix}-MIN_NUM_FORMS") != str(self.min_num)
            or data.get(f"{prefix}-MAX_NUM_FORMS") != str(self.max_num)
        ):
            return None
        return int(total)

    @cached_property
    def management_form(self) -> FastCopyManagementForm | WrittenCounts:  # type: ignore[override]
        """The counts as the calculator wrote them (``WrittenCounts``), or Django's management
        form: a copy of ``BaseFormSet.management_form`` (Django 5.2) that makes a
        ``FastCopyManagementForm``, held to Django's own by
        ``test_the_formsets_own_management_form_is_djangos``."""
        if self.is_bound:
            total = self.written_total()
            if total is not None:
                return WrittenCounts(self, total)
            form = FastCopyManagementForm(
                self.data,
                auto_id=self.auto_id,
                prefix=self.prefix,
                renderer=self.renderer,  # type: ignore[attr-defined]
            )
            form.full_clean()
            return form
        return self.unbound_management_form(
            {
                "TOTAL_FORMS": self.total_form_count(),
                "INITIAL_FORMS": self.initial_form_count(),
                "MIN_NUM_FORMS": self.min_num,
                "MAX_NUM_FORMS": self.max_num,
            }
        )

    def unbound_management_form(self, counts: dict[str, int]) -> FastCopyManagementForm:
        """A management form that shows ``counts`` (Django's unbound one)."""
        return FastCopyManagementForm(
            auto_id=self.auto_id,
            prefix=self.prefix,
            initial=counts,
            renderer=self.renderer,  # type: ignore[attr-defined]
        )

    def available(self) -> bool:
        """Whether the rule set has any block for this kind of line."""
        form_class: type[_LineForm] = self.form
        return bool(form_class.blocks_for(self.ruleset))


def _formset(form: type[_LineForm]) -> Any:
    return forms.formset_factory(
        form,
        formset=_LineFormSet,
        extra=0,
        max_num=MAX_LINES_PER_SECTION,
        absolute_max=MAX_LINES_PER_SECTION,
        validate_max=True,
    )


PlacementFormSet = _formset(PlacementLineForm)
AmountFormSet = _formset(AmountLineForm)
ActivityFormSet = _formset(ActivityLineForm)
OtherFormSet = _formset(OtherLineForm)


class UploadForm(FastCopyForm):
    """Open a calculation saved earlier (a calc-io input document)."""

    prefix = "upload"

    document = forms.FileField(
        label=_("Open a saved calculation (JSON file)"),
        required=False,
        help_text=_("A file downloaded from this calculator earlier (.json)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )
