"""The read-only API for a buyer's own BI tools (docs/api.md): contracts, their accepted
agreements and progress, and the portfolio's aggregates.

Access is the UI's: ``sroi.plans.selectors.contract_list_for_user`` (coordinators the region,
buyer users their buyer, contractors their own contracts); a contract the user may not see is
a 404. The filter is the portfolio's (``forms.PortfolioFilterForm``, the same Dutch query
parameters); a bad value is a 400 with the messages per parameter. Signed in with a personal
token (``api_auth``) or the session; throttled per token.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from sroi.agreements.constants import AgreementStatus
from sroi.agreements.models import Agreement
from sroi.monitoring.progress import contract_summary
from sroi.plans.constants import ContractLight, EffortKind, TargetGroup
from sroi.plans.models import Contract
from sroi.plans.selectors import contract_get_for_user
from sroi.portfolio import figures
from sroi.portfolio.api_auth import PortfolioApiThrottle
from sroi.portfolio.api_serializers import (
    SORT_VALUES,
    AggregatesSerializer,
    AgreementSerializer,
    ContractPageSerializer,
    ContractSerializer,
    FilterErrorsSerializer,
    ProgressSerializer,
)
from sroi.portfolio.constants import YEAR_MAX, YEAR_MIN
from sroi.portfolio.forms import SEARCH_MAX_LENGTH, PortfolioFilterForm
from sroi.portfolio.selectors import PortfolioFilter, portfolio_buyers, portfolio_contracts
from sroi.rules.api_serializers import ErrorSerializer

# The largest primary key the database holds; a larger id is simply unknown (404).
PK_MAX = 2**63 - 1
PAGE_SIZE = 50
PAGE_SIZE_MAX = 500
PAGE_MAX = 1_000_000
FILTER_PARAMS = (
    "koper",
    "jaar",
    "stoplicht",
    "doelgroep",
    "soort",
    "zoek",
    "van",
    "tot",
    "sorteer",
)
PAGE_PARAMS = ("page", "page_size")
# Parameters that may be given empty (an empty search matches everything).
EMPTY_ALLOWED = ("zoek",)
_ID_RE = re.compile(r"[0-9]{1,19}")


class ApiFilterForm(PortfolioFilterForm):
    """The portfolio's filter with ISO dates (``2026-01-31``), as everywhere in the API."""

    van = forms.DateField(
        label=_("Running from"),
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Enter a date as yyyy-mm-dd.")},
    )
    tot = forms.DateField(
        label=_("Running until"),
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Enter a date as yyyy-mm-dd.")},
    )


class ContractPagination(PageNumberPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = PAGE_SIZE_MAX


def _whole(value: str, low: int, high: int) -> int | None:
    text = value.strip()
    if not re.fullmatch(r"[0-9]{1,10}", text):
        return None
    number = int(text)
    return number if low <= number <= high else None


def _query(request: Request) -> dict[str, str]:
    """The known parameters, each given once; an empty typed value or a repeated parameter is
    refused (400) rather than silently ignored."""
    errors: dict[str, list[str]] = {}
    data: dict[str, str] = {}
    for name in (*FILTER_PARAMS, *PAGE_PARAMS):
        values = request.query_params.getlist(name)
        if not values:
            continue
        if len(values) > 1:
            errors[name] = [str(_("Give this parameter once."))]
        elif values[0] == "" and name not in EMPTY_ALLOWED:
            errors[name] = [str(_("Leave the parameter out or give it a value."))]
        else:
            data[name] = values[0]
    for name, high in (("page", PAGE_MAX), ("page_size", PAGE_SIZE_MAX)):
        if name in data and _whole(data[name], 1, high) is None:
            errors[name] = [str(_("Enter a whole number from 1 to %(max)s.") % {"max": high})]
    if errors:
        raise ValidationError(errors)
    return data


def _filter(request: Request, data: dict[str, str]) -> PortfolioFilter:
    form = ApiFilterForm(
        {key: value for key, value in data.items() if key in FILTER_PARAMS},
        buyers=portfolio_buyers(request.user),
    )
    if not form.is_valid():
        raise ValidationError(
            {name: [str(message) for message in messages] for name, messages in form.errors.items()}
        )
    return form.portfolio_filter()


def _contract(request: Request, id: str) -> Contract:
    if not _ID_RE.fullmatch(id) or int(id) > PK_MAX:
        raise NotFound
    return contract_get_for_user(request.user, int(id))


# --- schema ---------------------------------------------------------------------------------

_ERRORS: dict[int | str, Any] = {
    401: OpenApiResponse(
        ErrorSerializer, description="No key, or an unknown, revoked or expired one."
    ),
    403: OpenApiResponse(
        ErrorSerializer, description="Signed in through the session without CSRF."
    ),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests; see Retry-After."),
}
_NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Unknown, or not yours to see.")
_BAD_FILTER = OpenApiResponse(
    PolymorphicProxySerializer(
        component_name="FilterRefusal",
        serializers=[FilterErrorsSerializer, ErrorSerializer],
        resource_type_field_name=None,
    ),
    description="A refused query parameter (its name with the messages), or a NUL character.",
)


def _int(low: int, high: int) -> dict[str, Any]:
    return {"type": "integer", "minimum": low, "maximum": high}


_FILTER_PARAMETERS = [
    OpenApiParameter("koper", _int(1, PK_MAX), description="Buyer id (a buyer you may see)."),
    OpenApiParameter("jaar", _int(YEAR_MIN, YEAR_MAX), description="Contracts running in a year."),
    OpenApiParameter("stoplicht", str, enum=ContractLight.values, description="Traffic light."),
    OpenApiParameter("doelgroep", str, enum=TargetGroup.values, description="Target group."),
    OpenApiParameter("soort", str, enum=EffortKind.values, description="Kind of effort."),
    OpenApiParameter(
        "zoek",
        {"type": "string", "maxLength": SEARCH_MAX_LENGTH},
        description="Contract name, reference or company name (no BSN).",
    ),
    OpenApiParameter("van", OpenApiTypes.DATE, description="Running on or after (yyyy-mm-dd)."),
    OpenApiParameter("tot", OpenApiTypes.DATE, description="Running on or before (yyyy-mm-dd)."),
    OpenApiParameter("sorteer", str, enum=SORT_VALUES, description="Order; '-' for descending."),
]
_PAGE_PARAMETERS = [
    OpenApiParameter("page", _int(1, PAGE_MAX), description="Page number, from 1."),
    OpenApiParameter("page_size", _int(1, PAGE_SIZE_MAX), description="Contracts per page."),
]
_ID = OpenApiParameter("id", _int(1, PK_MAX), OpenApiParameter.PATH, description="Contract id.")


# --- views ----------------------------------------------------------------------------------


@extend_schema(
    operation_id="contracts_list",
    summary="Contracts you may see, filtered and paginated",
    parameters=[*_FILTER_PARAMETERS, *_PAGE_PARAMETERS],
    responses={200: ContractPageSerializer, 400: _BAD_FILTER, 404: _NOT_FOUND, **_ERRORS},
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
@throttle_classes([PortfolioApiThrottle])
def contract_list(request: Request) -> Response:
    data = _query(request)
    contracts = portfolio_contracts(request.user, _filter(request, data))
    paginator = ContractPagination()
    page = paginator.paginate_queryset(contracts, request)
    serializer = ContractSerializer(page, many=True)
    return paginator.get_paginated_response(serializer.data)


@extend_schema(
    operation_id="contracts_retrieve",
    summary="One contract",
    parameters=[_ID],
    responses={200: ContractSerializer, 404: _NOT_FOUND, **_ERRORS},
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
@throttle_classes([PortfolioApiThrottle])
def contract_detail(request: Request, id: str) -> Response:
    return Response(ContractSerializer(_contract(request, id)).data)


@extend_schema(
    operation_id="contracts_agreements_list",
    summary="The contract's agreements in force (the accepted version)",
    parameters=[_ID],
    responses={200: AgreementSerializer(many=True), 404: _NOT_FOUND, **_ERRORS},
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
@throttle_classes([PortfolioApiThrottle])
def contract_agreements(request: Request, id: str) -> Response:
    contract = _contract(request, id)
    agreements = (
        Agreement.objects.filter(
            version__contract=contract, version__status=AgreementStatus.ACCEPTED
        )
        .select_related("version")
        .order_by("position", "id")
    )
    return Response(AgreementSerializer(agreements, many=True).data)


@extend_schema(
    operation_id="contracts_progress_retrieve",
    summary="The contract's progress figures",
    parameters=[_ID],
    responses={200: ProgressSerializer, 404: _NOT_FOUND, **_ERRORS},
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
@throttle_classes([PortfolioApiThrottle])
def contract_progress(request: Request, id: str) -> Response:
    contract = _contract(request, id)
    progress = contract_summary(contract)
    body = {
        "contract": contract.pk,
        "today": progress.today,
        "obligation_eur": progress.obligation_eur,
        "agreed_eur": progress.agreed_eur,
        "realised_eur": progress.realised_eur,
        "pending_eur": progress.pending_eur,
        "remaining_eur": progress.remaining_eur,
        "forecast_eur": progress.forecast_eur,
        "realisations_forecast_eur": progress.realisations_forecast_eur,
        "open_agreements_eur": progress.open_agreements_eur,
        "shortfall_eur": progress.shortfall_eur,
        "realised_pct": progress.realised_pct,
        "pending_pct": progress.pending_pct,
        "warning": progress.warning,
    }
    return Response(ProgressSerializer(body).data)


@extend_schema(
    operation_id="aggregates_retrieve",
    summary="Totals of the contracts you may see (with the same filter)",
    parameters=_FILTER_PARAMETERS,
    responses={200: AggregatesSerializer, 400: _BAD_FILTER, **_ERRORS},
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
@throttle_classes([PortfolioApiThrottle])
def aggregates(request: Request) -> Response:
    data = _query(request)
    contracts = portfolio_contracts(request.user, _filter(request, data))
    summary = figures.portfolio_summary(contracts)
    totals = summary.totals
    body = {
        "totals": {
            "count": totals.count,
            "obligation_eur": totals.obligation_eur,
            "agreed_eur": totals.agreed_eur,
            "realised_eur": totals.realised_eur,
            "pending_eur": totals.pending_eur,
            "forecast_eur": totals.forecast_eur,
            "lights": totals.lights,
            "people": figures.people_placed(contracts),
        },
        "by_buyer": summary.by_buyer,
        "by_year": summary.by_year,
        "by_target_group": figures.totals_by_target_group(contracts),
        "by_effort_kind": figures.totals_by_effort_kind(contracts),
    }
    return Response(AggregatesSerializer(body).data)
