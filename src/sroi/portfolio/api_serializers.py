"""The read-only API's bodies (docs/api.md): money as decimal strings with two decimals (as in
calc-io), dates ISO, choices as their codes. Nothing here names a candidate: contracts,
agreements and figures only, the same for every role that may see the contract."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from sroi.agreements.models import Agreement
from sroi.plans.constants import ContractLight, ContractStatus, EffortKind, TargetGroup
from sroi.plans.models import Contract
from sroi.portfolio.constants import PortfolioSort


def _money(**kwargs: Any) -> serializers.DecimalField:
    """An amount in euros: a string with two decimals, e.g. ``"1234.50"``."""
    return serializers.DecimalField(max_digits=None, decimal_places=2, **kwargs)


class NamedRefSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    name = serializers.CharField()


class ContractSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    buyer = NamedRefSerializer(allow_null=True, read_only=True)
    contractor = NamedRefSerializer(source="organisation", read_only=True)
    status = serializers.ChoiceField(choices=ContractStatus.choices)
    light = serializers.ChoiceField(choices=ContractLight.choices, help_text="Traffic light.")
    ruleset = serializers.SerializerMethodField()
    value_eur = _money(allow_null=True)
    sroi_percentage = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    obligation_eur = _money(allow_null=True, help_text="Gross obligation.")
    agreed_eur = _money(allow_null=True, help_text="Value of the agreements in force.")
    realised_eur = _money(allow_null=True, help_text="Approved realisations to date.")
    pending_eur = _money(allow_null=True, help_text="Awaiting verification.")
    forecast_eur = _money(
        source="outlook_eur",
        allow_null=True,
        help_text="Forecast at the end, including what open agreements still promise.",
    )

    class Meta:
        model = Contract
        fields = (
            "id",
            "name",
            "reference",
            "lot",
            "buyer",
            "contractor",
            "status",
            "light",
            "of_record",
            "start_date",
            "end_date",
            "award_date",
            "value_eur",
            "sroi_percentage",
            "ruleset",
            "obligation_eur",
            "agreed_eur",
            "realised_eur",
            "pending_eur",
            "forecast_eur",
            "closed_at",
            "updated_at",
        )
        read_only_fields = fields

    def get_ruleset(self, contract: Contract) -> str | None:
        """The rule-set version the contract is valued with (``code/version``), or null."""
        version = contract.ruleset_version
        return f"{version.code}/{version.version}" if version is not None else None


class ContractPageSerializer(serializers.Serializer):  # type: ignore[type-arg]
    count = serializers.IntegerField(min_value=0)
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ContractSerializer(many=True)


class AgreementSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    version = serializers.IntegerField(source="version.number", help_text="Version number.")
    effort_kind = serializers.ChoiceField(choices=EffortKind.choices)
    target_group = serializers.ChoiceField(choices=TargetGroup.choices, allow_blank=True)
    block = serializers.CharField(source="block_code", help_text="Building-block code.")
    hours_per_week = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    hours = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    bonuses = serializers.ListField(child=serializers.CharField())
    amount_eur = _money(allow_null=True)
    agreed_value_eur = _money(allow_null=True)
    value_eur = _money(allow_null=True, help_text="Null: not valued yet.")

    class Meta:
        model = Agreement
        fields = (
            "id",
            "version",
            "position",
            "effort_kind",
            "target_group",
            "block",
            "count",
            "hours_per_week",
            "start_date",
            "end_date",
            "deadline",
            "bonuses",
            "hours",
            "amount_eur",
            "agreed_value_eur",
            "value_eur",
            "note",
        )
        read_only_fields = fields


class ProgressSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """``sroi.monitoring.progress.contract_summary``: the contract page's figures."""

    contract = serializers.IntegerField()
    today = serializers.DateField(help_text="The day the figures are computed for.")
    obligation_eur = _money(allow_null=True, help_text="Net of the PSO discount.")
    agreed_eur = _money(allow_null=True)
    realised_eur = _money()
    pending_eur = _money()
    remaining_eur = _money(allow_null=True)
    forecast_eur = _money()
    realisations_forecast_eur = _money()
    open_agreements_eur = _money()
    shortfall_eur = _money(allow_null=True)
    realised_pct = serializers.DecimalField(max_digits=None, decimal_places=1, allow_null=True)
    pending_pct = serializers.DecimalField(max_digits=None, decimal_places=1, allow_null=True)
    warning = serializers.BooleanField(help_text="The forecast falls short of the obligation.")


class TotalsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    count = serializers.IntegerField(min_value=0)
    obligation_eur = _money()
    agreed_eur = _money()
    realised_eur = _money()
    pending_eur = _money()
    forecast_eur = _money()
    lights = serializers.DictField(
        child=serializers.IntegerField(min_value=0), help_text="Contracts per traffic light."
    )
    people = serializers.IntegerField(min_value=0, help_text="Distinct people placed.")


class BuyerTotalsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    buyer = serializers.IntegerField(source="key", allow_null=True)
    name = serializers.CharField(source="label")
    count = serializers.IntegerField(min_value=0)
    obligation_eur = _money()
    agreed_eur = _money()
    realised_eur = _money()
    pending_eur = _money()
    forecast_eur = _money()


class YearTotalsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    year = serializers.IntegerField(source="key", allow_null=True, help_text="Start year.")
    count = serializers.IntegerField(min_value=0)
    obligation_eur = _money()
    agreed_eur = _money()
    realised_eur = _money()
    pending_eur = _money()
    forecast_eur = _money()


class EffortTotalsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField(source="key", allow_blank=True)
    name = serializers.CharField(source="label", allow_blank=True)
    agreed_eur = _money()
    realised_eur = _money()
    people = serializers.IntegerField(min_value=0)


class AggregatesSerializer(serializers.Serializer):  # type: ignore[type-arg]
    totals = TotalsSerializer()
    by_buyer = BuyerTotalsSerializer(many=True)
    by_year = YearTotalsSerializer(many=True)
    by_target_group = EffortTotalsSerializer(many=True)
    by_effort_kind = EffortTotalsSerializer(many=True)


def _messages() -> serializers.ListField:
    return serializers.ListField(child=serializers.CharField(), required=False)


class FilterErrorsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A refused query parameter: its name with the Dutch messages."""

    koper = _messages()
    jaar = _messages()
    stoplicht = _messages()
    doelgroep = _messages()
    soort = _messages()
    zoek = _messages()
    van = _messages()
    tot = _messages()
    sorteer = _messages()
    page = _messages()
    page_size = _messages()


SORT_VALUES = [*PortfolioSort.values, *(f"-{value}" for value in PortfolioSort.values)]
