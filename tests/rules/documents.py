"""A small, valid rule-set document to break one field at a time in the tests."""

from __future__ import annotations

import copy
from typing import Any


def valid_document() -> dict[str, Any]:
    return copy.deepcopy(
        {
            "id": "testregio",
            "version": "2026-1",
            "name": "Testregio bouwblokken",
            "region": "Testregio",
            "status": "sourced",
            "source_urls": ["https://example.org/bouwblokken"],
            "valid_from": "2026-01-01",
            "valid_to": None,
            "basis_hours_per_week": "36",
            "min_hours_per_week": None,
            "lookback_months": 0,
            "obligation": {
                "default_percentage": "5",
                "threshold_eur": "100000",
                "pso_discount_pct": {"trede_1": "10"},
            },
            "blocks": [
                {
                    "code": "PW",
                    "label_nl": "Participatiewet",
                    "label_en": "Participation Act",
                    "category": "job",
                    "basis": "per_fte_year",
                    "value": "40000",
                    "max_duration_months": 24,
                    "notes": "",
                },
                {
                    "code": "INKOOP",
                    "label_nl": "Sociaal inkopen",
                    "label_en": "Social procurement",
                    "category": "procurement",
                    "basis": "per_euro",
                    "value": "1",
                    "max_duration_months": None,
                    "notes": "",
                },
                {
                    "code": "MAATWERK",
                    "label_nl": "Maatwerk",
                    "label_en": "Custom",
                    "category": "custom",
                    "basis": "fixed",
                    "value": None,
                    "max_duration_months": None,
                    "notes": "",
                },
                {
                    "code": "WEP",
                    "label_nl": "Werkervaringsplek",
                    "label_en": "Work-experience place",
                    "category": "work_experience",
                    "basis": "per_month",
                    "value": "750",
                    "max_duration_months": None,
                    "notes": "",
                },
            ],
            "bonuses": [
                {
                    "code": "BONUS_50PLUS",
                    "label_nl": "50 jaar of ouder",
                    "label_en": "Aged 50 or over",
                    "basis": "per_fte_year",
                    "value": "5000",
                    "exclusive_group": "age",
                    "notes": "",
                },
                {
                    "code": "BONUS_NA_STAGE",
                    "label_nl": "Indienstname na stage",
                    "label_en": "Hired after internship",
                    "basis": "fixed",
                    "value": "2500",
                    "exclusive_group": None,
                    "notes": "",
                },
            ],
            "research_notes": "",
        }
    )
