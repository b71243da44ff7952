"""Snapshots of submitted plans, built by hand, and a pdftotext helper.

The valuations are calc-io output documents worked by hand from docs/rekenregels.md, so the
PDF tests check the renderer against the rules, not against the engine's own output.
"""

from __future__ import annotations

import re
import subprocess
from typing import Any

import pytest

PDFTOTEXT = "/usr/bin/pdftotext"


def pdf_text(pdf: bytes, *, page: int | None = None) -> str:
    """The PDF's text with runs of whitespace collapsed to one space."""
    args = [PDFTOTEXT, "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    result = subprocess.run([*args, "-", "-"], input=pdf, capture_output=True, check=True)  # noqa: S603
    return re.sub(r"\s+", " ", result.stdout.decode("utf-8"))


def pdf_pages(pdf: bytes) -> int:
    result = subprocess.run(  # noqa: S603
        [PDFTOTEXT, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8").rstrip("\f").count("\f") + 1


ORGANISATION = {
    "id": 1,
    "name": "Bouwbedrijf A B.V.",
    "kvk_number": "12345678",
    "street": "Dijkweg",
    "house_number": "12",
    "postcode": "1619 AB",
    "city": "Andijk",
    "contact_name": "Jan de Vries",
    "contact_function": "HR-adviseur",
    "contact_email": "sroi@bouw-a.example.org",
    "contact_phone": "+31 229 123 456",
}

CONTRACT = {
    "id": 7,
    "name": "Onderhoud wegen",
    "buyer": "Gemeente Hoorn",
    "value_eur": "1000000.00",
    "start_date": "2026-01-01",
    "end_date": "2027-12-31",
    "extension_notes": "",
    "extension_count": 2,
    "extension_months": 12,
    "sroi_percentage": "5.00",
}


def nhn_snapshot_data() -> dict[str, Any]:
    """A plan valued with the indicative NHN table (nhn-werksaam indicative-1).

    Contract EUR 1,000,000 at 5 % -> obligation 50,000.00; PSO trede 2 takes 0 % off in NHN.
    Line 0: PW_LT2 (25,000 per FTE-year, cap 24 months), 2 candidates, 18 h of 36,
            2026-02-01..2027-01-31 = 12 months: 25000 x 0.5 x 12/12 x 2 = 25,000.00
    Line 1: WW_GT1 (20,000, cap 12 months), 1 candidate, 18 h, 2026-03-15..2027-06-30;
            cap ends 2027-03-14, months 17/31 + 11 + 14/31 = 12: 20000 x 0.5 x 12/12 = 10,000.00
    Line 2: SOCIAAL_INKOPEN factor 1 x invoice 4,000 = 4,000.00
    Total 39,000.00; remaining 50,000 - 39,000 = 11,000.00; fulfilment 39/50 = 78.0 %.
    """
    return {
        "schema": 1,
        "version": 2,
        "submitted_at": "2026-11-27T09:15:00+01:00",
        "organisation": ORGANISATION,
        "contract": CONTRACT,
        "plan": {
            "effort_kinds": ["jobs", "social_procurement"],
            "target_groups": ["pw_lt2", "ww_gt1"],
            "work_description": "Grondwerk, bestrating en groenonderhoud.",
            "social_explanation": "Inkoop van groenonderhoud bij WerkSaam.",
            "pso_level": "trede_2",
            "pso_certificate_end": "2027-06-30",
            "additional_info": "Begeleiding door een eigen werkcoach.",
            "lines": [
                {
                    "position": 0,
                    "target_group": "pw_lt2",
                    "block_code": "PW_LT2",
                    "count": 2,
                    "hours_per_week": "18.00",
                    "start_date": "2026-02-01",
                    "end_date": "2027-01-31",
                    "bonuses": [],
                    "description": "",
                    "valuation_index": 0,
                },
                {
                    "position": 1,
                    "target_group": "ww_gt1",
                    "block_code": "WW_GT1",
                    "count": 1,
                    "hours_per_week": "18.00",
                    "start_date": "2026-03-15",
                    "end_date": "2027-06-30",
                    "bonuses": [],
                    "description": "",
                    "valuation_index": 1,
                },
                {
                    "position": 2,
                    "target_group": "",
                    "block_code": "SOCIAAL_INKOPEN",
                    "count": None,
                    "amount_eur": "4000.00",
                    "bonuses": [],
                    "description": "Groenonderhoud door WerkSaam",
                    "valuation_index": 2,
                },
            ],
        },
        "ruleset": {
            "id": "nhn-werksaam",
            "version": "indicative-1",
            "name": "Noord-Holland Noord / WerkSaam Westfriesland (indicative values)",
            "status": "indicative",
            "blocks": {
                "PW_LT2": "Participatiewet zonder arbeidsbeperking, < 2 jaar uitkering",
                "WW_GT1": "WW > 1 jaar",
                "SOCIAAL_INKOPEN": "Sociaal inkopen (sociaal ontwikkelbedrijf of erkende"
                " sociale onderneming)",
            },
            "bonuses": {},
        },
        "valuation": {
            "ruleset": {
                "id": "nhn-werksaam",
                "version": "indicative-1",
                "name": "Noord-Holland Noord / WerkSaam Westfriesland (indicative values)",
                "status": "indicative",
            },
            "reference_date": "2026-01-01",
            "obligation_eur": "50000.00",
            "pso_discount_eur": "0.00",
            "obligation_net_eur": "50000.00",
            "total_eur": "39000.00",
            "remaining_eur": "11000.00",
            "fulfilment_pct": "78.0",
            "lines": [
                {
                    "index": 0,
                    "block": "PW_LT2",
                    "value_eur": "25000.00",
                    "months": "12.0000",
                    "counted_from": "2026-02-01",
                    "counted_to": "2027-01-31",
                    "reason": None,
                    "explanation": ["25.000 per voltijdjaar x 18/36 uur x 12/12 maanden x 2"],
                },
                {
                    "index": 1,
                    "block": "WW_GT1",
                    "value_eur": "10000.00",
                    "months": "12.0000",
                    "counted_from": "2026-03-15",
                    "counted_to": "2027-03-14",
                    "reason": None,
                    "explanation": ["telt maximaal 12 maanden: tot en met 14-03-2027"],
                },
                {
                    "index": 2,
                    "block": "SOCIAAL_INKOPEN",
                    "value_eur": "4000.00",
                    "months": None,
                    "counted_from": None,
                    "counted_to": None,
                    "reason": None,
                    "explanation": ["factuur 4.000 x factor 1"],
                },
            ],
            "warnings": ["indicative_ruleset"],
        },
    }


def utrecht_snapshot_data() -> dict[str, Any]:
    """The worked example of docs/rekenregels.md (Utrecht 2024-1, sourced):

    obligation 50,000.00; PW 36 h full year with 50+ bonus: (40,000 + 10,000) x 1 x 12/12
    = 50,000.00; WW 18 h 2026-03-15..2026-06-30: 20000 x 0.5 x (17/31 + 3) / 12 = 2,956.99;
    social procurement 4,000.00. Total 56,956.99, remaining 0.00, fulfilment 113.9 %.
    """
    return {
        "version": 1,
        "submitted_at": "2026-11-27T10:00:00+01:00",
        "organisation": {**ORGANISATION, "name": "Schoonmaak B B.V.", "kvk_number": "87654321"},
        "contract": {**CONTRACT, "name": "Schoonmaak stadskantoor", "extension_count": None},
        "plan": {
            "effort_kinds": ["jobs"],
            "target_groups": ["pw_gt2", "ww_lt1"],
            "work_description": "Schoonmaakwerk.",
            "social_explanation": "",
            "pso_level": "",
            "additional_info": "",
            "lines": [],
        },
        "ruleset": {
            "id": "utrecht",
            "version": "2024-1",
            "name": "Gemeente Utrecht",
            "status": "sourced",
        },
        "valuation": {
            "ruleset": {
                "id": "utrecht",
                "version": "2024-1",
                "name": "Gemeente Utrecht",
                "status": "sourced",
            },
            "reference_date": "2026-01-01",
            "obligation_eur": "50000.00",
            "pso_discount_eur": "0.00",
            "obligation_net_eur": "50000.00",
            "total_eur": "56956.99",
            "remaining_eur": "0.00",
            "fulfilment_pct": "113.9",
            "lines": [
                {
                    "index": 0,
                    "block": "PW",
                    "value_eur": "50000.00",
                    "months": "12.0000",
                    "counted_from": "2026-01-01",
                    "counted_to": "2026-12-31",
                    "reason": None,
                    "explanation": [],
                },
                {
                    "index": 1,
                    "block": "WW",
                    "value_eur": "2956.99",
                    "months": "3.5484",
                    "counted_from": "2026-03-15",
                    "counted_to": "2026-06-30",
                    "reason": None,
                    "explanation": [],
                },
                {
                    "index": 2,
                    "block": "SOCIAAL_INKOPEN",
                    "value_eur": "4000.00",
                    "months": None,
                    "counted_from": None,
                    "counted_to": None,
                    "reason": None,
                    "explanation": [],
                },
            ],
            "warnings": [],
        },
    }


@pytest.fixture
def nhn_snapshot() -> dict[str, Any]:
    return nhn_snapshot_data()


@pytest.fixture
def utrecht_snapshot() -> dict[str, Any]:
    return utrecht_snapshot_data()
