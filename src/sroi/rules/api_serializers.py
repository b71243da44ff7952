"""The calc-io documents (docs/calc-io.md) and the API's error bodies as typed OpenAPI
components. The calculation view parses with ``sroi.rules.calcio`` (one parser for the CLI,
the web calculator and the API); these serializers describe exactly what it accepts and
answers, so a client generator works from the schema. They validate nothing themselves.

Every schema here is a superset of what the parser accepts, as tight as JSON Schema allows: a
number may be a JSON number or a decimal string, a field that is ``null`` counts as absent,
unknown keys are refused (``additionalProperties: false``).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sroi.rules.engine import PsoLevel, Reason, RuleSetStatus, WarningCode
from sroi.rules.engine.limits import REF_MAX_LENGTH

# What ``rules.files.parse_decimal`` / ``parse_int`` read from a string (after stripping).
DECIMAL_STRING_PATTERN = r"^\s*-?\d+(\.\d+)?\s*$"
INTEGER_STRING_PATTERN = r"^\s*-?\d+\s*$"
NOT_BLANK_PATTERN = r"\S"
# The rule set's source status (one component, ``SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]``).
RULESET_STATUS_CHOICES = [status.value for status in RuleSetStatus]
# ``api.MAX_LINES`` (more lines: 413).
CALC_LINES_MAX = 1000


@extend_schema_field(
    {
        "anyOf": [
            {"type": "number"},
            {"type": "string", "pattern": DECIMAL_STRING_PATTERN},
        ],
        "description": "A decimal: a JSON number (read as a decimal, never a float) or a "
        'string such as "1234.50".',
    }
)
class CalcNumberField(serializers.Field):  # type: ignore[type-arg]
    pass


@extend_schema_field(
    {
        "anyOf": [
            {"type": "integer"},
            {"type": "string", "pattern": INTEGER_STRING_PATTERN},
        ],
        "description": "A whole number, as a JSON number or a string of digits.",
    }
)
class CalcIntegerField(serializers.Field):  # type: ignore[type-arg]
    pass


@extend_schema_field(
    {
        "anyOf": [
            {"type": "string", "maxLength": REF_MAX_LENGTH},
            {"type": "integer"},
        ],
        "description": "The line's own reference: a text or a whole number (no BSN).",
    }
)
class CalcRefField(serializers.Field):  # type: ignore[type-arg]
    pass


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": True,
        "description": "An inline rule-set document (docs/ruleset-format.md).",
    }
)
class InlineRuleSetField(serializers.Field):  # type: ignore[type-arg]
    pass


@extend_schema_field(
    {
        "anyOf": [
            {"type": "string", "pattern": NOT_BLANK_PATTERN},
            {"$ref": "#/components/schemas/InlineRuleSet"},
        ],
        "description": "The id of a published rule set (the version valid on the reference "
        "date is used, see GET /api/v1/rulesets/) or an inline rule-set document.",
    }
)
class CalcRuleSetField(serializers.Field):  # type: ignore[type-arg]
    pass


class CalcContractSerializer(serializers.Serializer):  # type: ignore[type-arg]
    value_eur = CalcNumberField(help_text="The (estimated) contract value in euros.")
    sroi_percentage = CalcNumberField(
        required=False, allow_null=True, help_text="The SROI percentage (0-100)."
    )
    start = serializers.DateField()
    end = serializers.DateField()


class CalcLineSerializer(serializers.Serializer):  # type: ignore[type-arg]
    block = serializers.RegexField(
        NOT_BLANK_PATTERN, help_text="A building-block code of the rule set."
    )
    hours_per_week = CalcNumberField(required=False, allow_null=True)
    start = serializers.DateField(required=False, allow_null=True)
    end = serializers.DateField(required=False, allow_null=True)
    date = serializers.DateField(required=False, allow_null=True)
    count = CalcIntegerField(required=False, allow_null=True, help_text="At least 0.")
    bonuses = serializers.ListField(
        child=serializers.RegexField(NOT_BLANK_PATTERN),
        required=False,
        allow_null=True,
        help_text="Bonus codes of the rule set.",
    )
    hours = CalcNumberField(required=False, allow_null=True)
    amount_eur = CalcNumberField(required=False, allow_null=True)
    agreed_value_eur = CalcNumberField(required=False, allow_null=True)
    ref = CalcRefField(required=False, allow_null=True)
    candidate = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        trim_whitespace=False,
        max_length=REF_MAX_LENGTH,
        help_text="A candidate's pseudonym (never a BSN).",
    )


class CalcRequestSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The calc-io input document."""

    ruleset = CalcRuleSetField()
    reference_date = serializers.DateField(
        required=False, allow_null=True, help_text="Default: the contract's start."
    )
    contract = CalcContractSerializer()
    pso_level = serializers.ChoiceField(
        choices=[level.value for level in PsoLevel], required=False, allow_null=True
    )
    lines = CalcLineSerializer(many=True, required=False, allow_null=True)


class CalcRuleSetRefSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.CharField()
    version = serializers.CharField()
    name = serializers.CharField()
    status = serializers.ChoiceField(choices=RULESET_STATUS_CHOICES)


class CalcLineResultSerializer(serializers.Serializer):  # type: ignore[type-arg]
    index = serializers.IntegerField(min_value=0)
    block = serializers.CharField()
    value_eur = serializers.DecimalField(max_digits=None, decimal_places=2)
    months = serializers.DecimalField(max_digits=None, decimal_places=4, allow_null=True)
    counted_from = serializers.DateField(allow_null=True)
    counted_to = serializers.DateField(allow_null=True)
    reason = serializers.ChoiceField(choices=[reason.value for reason in Reason], allow_null=True)
    explanation = serializers.ListField(child=serializers.CharField())
    ref = serializers.CharField(required=False)
    candidate = serializers.CharField(required=False)


class CalcResponseSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The calc-io output document."""

    ruleset = CalcRuleSetRefSerializer()
    reference_date = serializers.DateField()
    obligation_eur = serializers.DecimalField(max_digits=None, decimal_places=2)
    pso_discount_eur = serializers.DecimalField(max_digits=None, decimal_places=2)
    obligation_net_eur = serializers.DecimalField(max_digits=None, decimal_places=2)
    total_eur = serializers.DecimalField(max_digits=None, decimal_places=2)
    remaining_eur = serializers.DecimalField(max_digits=None, decimal_places=2)
    fulfilment_pct = serializers.DecimalField(max_digits=None, decimal_places=1, allow_null=True)
    lines = CalcLineResultSerializer(many=True)
    warnings = serializers.ListField(
        child=serializers.ChoiceField(choices=[warning.value for warning in WarningCode])
    )


class ProblemSerializer(serializers.Serializer):  # type: ignore[type-arg]
    line = serializers.IntegerField(allow_null=True, help_text="The line's index, or null.")
    field = serializers.CharField()
    code = serializers.CharField()
    message = serializers.CharField()


class ProblemsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A refused calculation document: every problem at once."""

    problems = ProblemSerializer(many=True)


class ErrorSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """401, 403, 404, 405, 413, 415, 429 and a body that is not JSON."""

    detail = serializers.CharField()


class RuleSetVersionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.CharField(help_text="The rule set's id, as used in a calculation.")
    version = serializers.CharField()
    name = serializers.CharField()
    region = serializers.CharField()
    status = serializers.ChoiceField(choices=RULESET_STATUS_CHOICES)
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(allow_null=True)
