"""The PDF of a valuation made by the engine itself (calc-io document -> engine -> snapshot)."""

from __future__ import annotations

from typing import Any

from sroi.plans.pdf import render_plan_pdf
from sroi.rules.calcio import parse_request, valuation_to_dict
from sroi.rules.engine import calculate
from sroi.rules.files import load_shipped_rulesets
from tests.pdf.conftest import pdf_text


def test_engine_valuation_prints_with_block_labels_and_trace(nhn_snapshot: dict[str, Any]) -> None:
    # the NHN plan of conftest.nhn_snapshot_data as a calculator input; the values worked by
    # hand there: 25,000.00 + 10,000.00 + 4,000.00 = 39,000.00 of 50,000.00 (78.0 %)
    document = {
        "ruleset": "nhn-werksaam",
        "contract": {
            "value_eur": "1000000",
            "sroi_percentage": "5",
            "start": "2026-01-01",
            "end": "2027-12-31",
        },
        "pso_level": "trede_2",
        "lines": [
            {
                "block": "PW_LT2",
                "hours_per_week": "18",
                "start": "2026-02-01",
                "end": "2027-01-31",
                "count": 2,
            },
            {"block": "WW_GT1", "hours_per_week": "18", "start": "2026-03-15", "end": "2027-06-30"},
            {"block": "SOCIAAL_INKOPEN", "amount_eur": "4000"},
        ],
    }
    request, ruleset = parse_request(document, rulesets=load_shipped_rulesets())
    nhn_snapshot["valuation"] = valuation_to_dict(calculate(request, ruleset))
    nhn_snapshot["ruleset"]["blocks"] = {block.code: block.label_nl for block in ruleset.blocks}

    text = pdf_text(render_plan_pdf(nhn_snapshot))
    for expected in (
        "INDICATIEF",
        "Participatiewet zonder arbeidsbeperking, < 2 jaar uitkering",
        "EUR 25.000,00",
        "15-03-2026 t/m 14-03-2027",
        "EUR 10.000,00",
        "Sociaal inkopen (sociaal ontwikkelbedrijf of erkende sociale onderneming)",
        "EUR 4.000,00",
        "Totale waarde van de inzet EUR 39.000,00",
        "Resterende verplichting EUR 11.000,00",
        "Invulling 78,0%",
    ):
        assert expected in text, expected
