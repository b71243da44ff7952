"""The calculation API: the same calc-io documents as ``sroi calc`` and the web calculator.

``POST /api/v1/calc/`` takes a calc-io input document and answers the output document, or 400
with every problem (line index, field, code and message). ``GET /api/v1/rulesets/`` lists the
published rule-set versions. Both are public, like the calculator, and throttled.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import status
from rest_framework.decorators import api_view, parser_classes, permission_classes, throttle_classes
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import BaseParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from sroi.rules import calcio
from sroi.rules.api_serializers import (
    CALC_LINES_MAX,
    CalcRequestSerializer,
    CalcResponseSerializer,
    ErrorSerializer,
    ProblemsSerializer,
    RuleSetVersionSerializer,
)
from sroi.rules.engine import CalculationError, Language, calculate
from sroi.rules.files import JsonProblem, load_json
from sroi.rules.selectors import engine_rulesets_published, ruleset_versions_published

# A calculation document of this many bytes holds well over a thousand lines; a plan has
# at most a few dozen. Larger bodies are refused before they are read.
MAX_BODY_BYTES = 256 * 1024
MAX_LINES = CALC_LINES_MAX


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The calculation document is too large."
    default_code = "too_large"


class DocumentRefused(APIException):
    """A body that is not JSON or lies beyond the limits: 400 with the problem at its field.

    The body is kept as given (``APIException`` would turn every value into a string, the
    problem's ``line`` null into ``"None"``)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "The calculation document cannot be read."
    default_code = "invalid"

    def __init__(self, body: dict[str, Any]) -> None:
        super().__init__()
        self.detail = body


class DecimalJSONParser(BaseParser):
    """JSON with numbers read as ``Decimal`` (amounts never pass through a float), within the
    limits of ``sroi.rules.engine.limits``: an absurd number, deep nesting, NUL or an unpaired
    surrogate is refused while parsing (``sroi.rules.files.load_json``)."""

    media_type = "application/json"

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        if stream is None:
            raise ParseError("JSON parse error: empty body")
        body = stream.read(MAX_BODY_BYTES + 1)
        if len(body) > MAX_BODY_BYTES:
            raise PayloadTooLarge(f"The document is larger than {MAX_BODY_BYTES} bytes.")
        try:
            return load_json(body)
        except JsonProblem as exc:
            dutch = (get_language() or "nl").startswith("nl")
            problem = {
                "line": None,
                "field": exc.field,
                "code": exc.code,
                "message": exc.message_nl if dutch else exc.message,
            }
            raise DocumentRefused({"problems": [problem]}) from None


class CalculationThrottle(SimpleRateThrottle):
    """Every caller, signed in or not, keyed on the user or the client address
    (``REST_FRAMEWORK["NUM_PROXIES"]`` says which X-Forwarded-For entry to trust)."""

    scope = "calc"

    def get_rate(self) -> str | None:
        # Read at call time (the class attribute is bound at import, before any override).
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        return str(rate) if rate is not None else None

    def get_cache_key(self, request: Request, view: Any) -> str:
        user = request.user
        ident = f"user-{user.pk}" if user and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


def _problems(exc: CalculationError, *, dutch: bool) -> list[dict[str, Any]]:
    return [
        {
            "line": problem.line,
            "field": problem.field,
            "code": problem.code,
            "message": problem.message_nl if dutch else problem.message,
        }
        for problem in exc.problems
    ]


# The answers besides 200 (a key that is sent must be valid, also on these public endpoints).
_ERRORS: dict[int | str, Any] = {
    401: OpenApiResponse(ErrorSerializer, description="An unknown, revoked or expired API key."),
    403: OpenApiResponse(
        ErrorSerializer, description="Signed in through the session without CSRF."
    ),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests; see Retry-After."),
}


@extend_schema(
    request=CalcRequestSerializer,
    responses={
        200: CalcResponseSerializer,
        400: OpenApiResponse(
            PolymorphicProxySerializer(
                component_name="CalcRefusal",
                serializers=[ProblemsSerializer, ErrorSerializer],
                resource_type_field_name=None,
            ),
            description="Every problem of the document (or a body that is not JSON).",
        ),
        413: OpenApiResponse(ErrorSerializer, description="Larger than 256 KiB or 1000 lines."),
        415: OpenApiResponse(ErrorSerializer, description="Not sent as application/json."),
        **_ERRORS,
    },
    summary="Value a calculation (calc-io input -> output)",
    examples=[
        OpenApiExample(
            "Worked example",
            value={
                "ruleset": "utrecht",
                "contract": {
                    "value_eur": "1000000",
                    "sroi_percentage": "5",
                    "start": "2026-01-01",
                    "end": "2027-12-31",
                },
                "lines": [{"block": "SOCIAAL_INKOPEN", "amount_eur": "4000"}],
            },
            request_only=True,
        )
    ],
)
@api_view(["POST"])
@parser_classes([DecimalJSONParser])
@permission_classes([AllowAny])
@throttle_classes([CalculationThrottle])
def calculation(request: Request) -> Response:
    dutch = (get_language() or "nl").startswith("nl")
    document: Any = request.data
    lines = document.get("lines") if isinstance(document, dict) else None
    if isinstance(lines, list) and len(lines) > MAX_LINES:
        raise PayloadTooLarge(f"At most {MAX_LINES} lines per calculation.")
    try:
        calc_request, ruleset = calcio.parse_request(document, rulesets=engine_rulesets_published())
        valuation = calculate(calc_request, ruleset, language=Language.NL if dutch else Language.EN)
    except CalculationError as exc:
        return Response(
            {"problems": _problems(exc, dutch=dutch)}, status=status.HTTP_400_BAD_REQUEST
        )
    return Response(calcio.valuation_to_dict(valuation))


@extend_schema(
    responses={200: RuleSetVersionSerializer(many=True), **_ERRORS},
    summary="Published rule-set versions",
)
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([CalculationThrottle])
def ruleset_list(request: Request) -> Response:
    return Response(
        [
            {
                "id": version.code,
                "version": version.version,
                "name": version.name,
                "region": version.region,
                "status": version.status,
                "valid_from": version.valid_from.isoformat(),
                "valid_to": version.valid_to.isoformat() if version.valid_to else None,
            }
            for version in ruleset_versions_published()
        ]
    )
