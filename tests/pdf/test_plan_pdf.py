"""The plan PDF: the official form's fields, checked boxes, the valuation appendix, markings."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sroi.plans.pdf import plan_pdf_filename, render_plan_pdf
from tests.pdf.conftest import pdf_pages, pdf_text


@pytest.fixture
def nhn_pdf(nhn_snapshot: dict[str, Any]) -> bytes:
    return render_plan_pdf(nhn_snapshot)


def test_pdf_is_a_pdf_with_the_forms_title(nhn_pdf: bytes) -> None:
    assert nhn_pdf.startswith(b"%PDF-")
    text = pdf_text(nhn_pdf, page=1)
    assert "Plan van aanpak Social Return" in text
    assert "Toelichting" in text
    assert "Mail het ingevulde plan van aanpak naar SROI@werksaamwf.nl." in text


def test_pdf_shows_contract_and_company_fields(nhn_pdf: bytes) -> None:
    text = pdf_text(nhn_pdf)
    for expected in (
        "Contractnaam Onderhoud wegen",
        "KvK nummer 12345678",
        "Bedrijfsnaam Bouwbedrijf A B.V.",
        "Adres Dijkweg 12, 1619 AB Andijk",
        "Jan de Vries, HR-adviseur",
        "(naam en functie)",
        "E-mail sroi@bouw-a.example.org",
        "Telefoonnummer +31 229 123 456",
        "(raming) Opdrachtwaarde EUR 1.000.000,00",
        "Startdatum contract 1 januari 2026",
        "Einddatum contract 31 december 2027",
        "Verlengingsopties 2 verlengingen van elk 12 maanden",
        "Social Return (SROI) % 5%",
    ):
        assert expected in text, expected


def test_pdf_checks_the_chosen_kinds_of_effort_only(nhn_pdf: bytes) -> None:
    text = pdf_text(nhn_pdf)
    assert "☒ Vacatures/banen" in text
    assert "☐ Leerwerkplekken (BOL/BBL)" in text
    assert "☐ Opleiding, begeleiding, stage" in text
    assert "☒ Sociaal inkopen*" in text
    assert "☐ Maatschappelijke meerwaarde**" in text


def test_pdf_checks_the_chosen_target_groups_under_their_headings(nhn_pdf: bytes) -> None:
    text = pdf_text(nhn_pdf)
    # pw_lt2 sits under Participatiewet, ww_gt1 under WW: both headings are checked
    assert (
        "☒ Participatiewet ☒ zonder arbeidsbeperking < 2 jaar uitkering"
        " ☐ zonder arbeidsbeperking > 2 jaar uitkering" in text
    )
    assert "☒ WW ☐ < 1 jaar in de WW (minimaal 3 maanden) ☒ > 1 jaar in de WW" in text
    assert "☐ WIA / WAO" in text
    assert "☐ NUG (niet uitkeringsgerechtigden)" in text
    assert text.count("☒") == 2 + 4  # two kinds of effort, two groups and their two headings


def test_pdf_shows_the_plans_answers_and_footnotes(nhn_pdf: bytes) -> None:
    text = pdf_text(nhn_pdf)
    # expected candidates summed from the lines: 2 of pw_lt2, 1 of ww_gt1
    assert "zonder arbeidsbeperking < 2 jaar uitkering 2" in text
    assert "> 1 jaar in de WW 1" in text
    assert "Grondwerk, bestrating en groenonderhoud." in text
    assert "Inkoop van groenonderhoud bij WerkSaam." in text
    assert "Trede 2, certificaat geldig tot 30-06-2027" in text
    assert "Begeleiding door een eigen werkcoach." in text
    assert "sociaal ontwikkelbedrijven, zoals WerkSaam" in text
    assert "1e, 2e of 3e trede van de PSO" in text


def test_appendix_lists_each_line_with_its_period_and_the_totals(nhn_pdf: bytes) -> None:
    text = pdf_text(nhn_pdf)
    assert "Bijlage: waardering volgens het bouwblokkenmodel" in text
    assert "EUR 50.000,00" in text  # obligation: 5 % of 1,000,000
    for expected in (
        "Participatiewet zonder arbeidsbeperking, < 2 jaar uitkering",
        "2 kandidaten · 18 uur per week",
        "01-02-2026 t/m 31-01-2027",
        "EUR 25.000,00",
        "WW > 1 jaar",
        "15-03-2026 t/m 14-03-2027",  # capped at 12 months
        "14-03-2027",
        "EUR 10.000,00",
        "Sociaal inkopen",
        "EUR 4.000,00",
        "Totale waarde van de inzet EUR 39.000,00",
        "Resterende verplichting EUR 11.000,00",
        "Invulling 78,0%",
    ):
        assert expected in text, expected


def test_indicative_rule_set_is_marked_on_every_page(nhn_pdf: bytes) -> None:
    pages = pdf_pages(nhn_pdf)
    assert pages >= 2
    for page in range(1, pages + 1):
        text = pdf_text(nhn_pdf, page=page)
        assert "INDICATIEF" in text, page
        assert f"Pagina {page} van {pages}" in text


def test_sourced_rule_set_has_no_indicative_marking(utrecht_snapshot: dict[str, Any]) -> None:
    text = pdf_text(render_plan_pdf(utrecht_snapshot))
    assert "INDICATIEF" not in text
    assert "indicatief" not in text
    assert "Schoonmaak stadskantoor" in text
    assert "KvK nummer 87654321" in text
    for value in ("EUR 50.000,00", "EUR 2.956,99", "EUR 4.000,00", "EUR 56.956,99"):
        assert value in text, value
    assert "Resterende verplichting EUR 0,00" in text
    assert "Invulling 113,9%" in text
    assert "Geen PSO-certificaat" in text


def test_text_typed_by_the_contractor_is_printed_not_interpreted(
    nhn_snapshot: dict[str, Any],
) -> None:
    nhn_snapshot["plan"]["additional_info"] = (
        '<b>vet</b> & <img src="http://127.0.0.1:9/x.png"> <style>*{display:none}</style>'
    )
    text = pdf_text(render_plan_pdf(nhn_snapshot))
    assert '<b>vet</b> & <img src="http://127.0.0.1:9/x.png">' in text
    assert "Contractnaam Onderhoud wegen" in text


def test_snapshot_without_valuation_still_prints(nhn_snapshot: dict[str, Any]) -> None:
    nhn_snapshot["valuation"] = None
    text = pdf_text(render_plan_pdf(nhn_snapshot))
    assert "Contractnaam Onderhoud wegen" in text
    assert "Er is voor dit plan geen waardering gemaakt." in text
    assert "INDICATIEF" in text  # the rule set is still the indicative one


def test_pdf_in_english(nhn_snapshot: dict[str, Any]) -> None:
    text = pdf_text(render_plan_pdf(nhn_snapshot, language="en"))
    assert "Social Return plan of approach" in text
    assert "INDICATIVE" in text
    assert "Contract name Onderhoud wegen" in text
    assert "Page 1 of" in text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Onderhoud wegen", "plan-van-aanpak-onderhoud-wegen-2026-11-27.pdf"),
        (
            "Groenonderhoud Café 't Hoekje / fase 2",
            "plan-van-aanpak-groenonderhoud-cafe-t-hoekje-fase-2-2026-11-27.pdf",
        ),
        ("", "plan-van-aanpak-2026-11-27.pdf"),
        ("../../etc/passwd", "plan-van-aanpak-etcpasswd-2026-11-27.pdf"),
    ],
)
def test_file_name_is_the_slugified_contract_name_and_iso_date(name: str, expected: str) -> None:
    assert plan_pdf_filename(name, date(2026, 11, 27)) == expected
