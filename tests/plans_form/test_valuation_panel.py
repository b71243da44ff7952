"""The live valuation beside the form: the form as typed, valued by the one valuation of the
plans app, shown with the calculator's partial; nothing is saved."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from sroi.plans.models import Plan
from tests.plans_form.helpers import plan_post, text


def _figure(html: str, name: str) -> str:
    marker = f'data-figure="{name}">'
    start = html.index(marker) + len(marker)
    return html[start : html.index("<", start)].strip()


def test_two_candidates_for_a_year_fill_the_obligation(client_a: Client, plan_a: Plan) -> None:
    # NHN (indicative-1): PW_LT2 = EUR 25,000 per full-time year (36 h), cap 24 months.
    # Line: 2 candidates, 36 h, 2026-01-01 + 12 months = 2026-01-01..2026-12-31 = 12 months.
    # 25,000 x 36/36 x 12/12 x 2 = EUR 50,000.00.
    # Contract EUR 1,000,000 x 5 % = obligation EUR 50,000.00 -> remaining 0, 100.0 %.
    line = {
        "kind": "candidate",
        "target_group": "pw_lt2",
        "count": "2",
        "hours_per_week": "36",
        "start_date": "2026-01-01",
        "duration_months": "12",
    }
    url = reverse("plans:plan_valuation", kwargs={"pk": plan_a.pk})
    response = client_a.post(url, plan_post(lines=[line]), HTTP_HX_REQUEST="true")
    html = text(response)
    assert response.status_code == 200
    assert _figure(html, "obligation") == "EUR 50.000,00"
    assert _figure(html, "total") == "EUR 50.000,00"
    assert _figure(html, "remaining") == "EUR 0,00"
    assert 'data-coverage="covered"' in html
    assert 'data-warning="indicative_ruleset"' in html  # NHN values are indicative
    assert 'id="plan-valuation-summary" hx-swap-oob="innerHTML"' in html
    # Nothing was saved: the plan still has its one candidate (factory).
    assert plan_a.lines.get().count == 1


def test_plan_short_of_the_obligation_is_warned(client_a: Client, plan_a: Plan) -> None:
    # One candidate, 18 h, 12 months: 25,000 x 18/36 x 12/12 = 12,500.00.
    # Social procurement EUR 4.000,00 x factor 1 = 4,000.00. Social added value 10 hours x
    # EUR 100 = 1,000.00. Total 17,500.00; obligation 50,000.00 -> remaining 32,500.00.
    lines = [
        {
            "kind": "candidate",
            "target_group": "pw_lt2",
            "count": "1",
            "hours_per_week": "18",
            "start_date": "2026-02-01",
            "end_date": "2027-01-31",
        },
        {"kind": "effort", "block_code": "SOCIAAL_INKOPEN", "amount_eur": "4.000,00"},
        {"kind": "effort", "block_code": "MAATSCHAPPELIJK", "hours": "10"},
    ]
    url = reverse("plans:plan_valuation", kwargs={"pk": plan_a.pk})
    html = text(client_a.post(url, plan_post(lines=lines)))
    assert _figure(html, "total") == "EUR 17.500,00"
    assert _figure(html, "remaining") == "EUR 32.500,00"
    assert 'data-coverage="short"' in html
    assert "EUR 32.500,00" in html.split('data-coverage="short"')[1].split("</div>")[0]


def test_new_plan_is_valued_before_it_is_saved(client_a: Client) -> None:
    # EUR 200.000 x 5 % = 10,000.00 obligation; no lines yet -> total 0, remaining 10,000.00.
    response = client_a.post(
        reverse("plans:plan_valuation_new"), plan_post(value_eur="200.000", lines=[])
    )
    html = text(response)
    assert _figure(html, "obligation") == "EUR 10.000,00"
    assert _figure(html, "remaining") == "EUR 10.000,00"
    assert Plan.objects.count() == 0


def test_panel_says_what_is_missing(client_a: Client) -> None:
    response = client_a.post(
        reverse("plans:plan_valuation_new"), plan_post(value_eur="", start_date="", lines=[])
    )
    html = text(response)
    assert 'data-coverage="unknown"' in html
    assert "Vul de (geraamde) opdrachtwaarde in." in html
    assert "Vul de startdatum van het contract in." in html


def test_edit_page_shows_the_saved_valuation(client_a: Client, plan_a: Plan) -> None:
    # The factory plan: 1 x PW_LT2, 36 h, 2026 = 25,000.00 of 50,000.00 (50.0 %).
    html = text(client_a.get(reverse("plans:plan_edit", kwargs={"pk": plan_a.pk})))
    assert _figure(html, "total") == "EUR 25.000,00"
    assert _figure(html, "fulfilment") == "50,0 %"
    assert 'data-coverage="short"' in html
