"""The portfolio page (``/coordinator/portefeuille/``): every contract a coordinator or a buyer
user may see, with its traffic light and figures, filtered and sorted through the URL, paginated,
with the totals, the breakdowns per buyer, year, target group and kind of effort and their
charts (docs/portfolio.md).

Access: coordinators, administrators and buyer users (``selectors.can_use_portfolio``; a buyer
user sees its buyer's contracts only, through ``selectors.portfolio_contracts``); contractors
403; anonymous users go to the login. A bad filter value gets its Dutch message at its field;
the valid ones still apply. Every figure comes from ``figures`` (a constant number of queries,
whatever the number of contracts).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sroi.core.templatetags.sroi import euro
from sroi.plans.constants import ContractLight, EffortKind, TargetGroup
from sroi.portfolio import figures, selectors
from sroi.portfolio.constants import PortfolioSort
from sroi.portfolio.forms import PortfolioFilterForm
from sroi.portfolio.svg_charts import BarChart, Series, bar_chart

CONTRACTS_PER_PAGE = 50
SORT_PARAM = "sorteer"
NUMERIC_COLUMNS = frozenset(
    {PortfolioSort.OBLIGATION, PortfolioSort.AGREED, PortfolioSort.REALISED, PortfolioSort.FORECAST}
)
# The chart colours (tokens.css): grey for the obligation (an outline), green for realised.
OBLIGATION_COLOUR = "#4a4f57"
REALISED_COLOUR = "#1e6b34"
CONTRACTS_COLOUR = "#1a4f8b"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool
    url: str
    aria_sort: str  # "ascending", "descending" or "" (not sorted by this column)


@dataclass(frozen=True)
class BreakdownRow:
    """A row of a breakdown table with the portfolio filtered on it ("" if no filter exists)."""

    group: Any  # figures.GroupTotals or figures.EffortTotals
    url: str


def _kept(form: PortfolioFilterForm) -> QueryDict:
    """The valid filter values as they stand in the URL (a value with an error is dropped, so
    the links on the page do not repeat it; the page number never)."""
    query = QueryDict(mutable=True)
    if form.is_bound:
        for name in form.fields:
            value = form.data.get(name, "")
            if value and name not in form.errors:
                query[name] = value
    return query


def _url(kept: QueryDict, **changes: object) -> str:
    query = kept.copy()
    for name, value in changes.items():
        query[name] = str(value)
    return "?" + query.urlencode()


def _columns(kept: QueryDict, sort: str) -> list[Column]:
    columns = []
    descending = sort.startswith("-")
    for key, label in PortfolioSort.choices:
        current = sort.removeprefix("-") == key
        next_sort = f"-{key}" if current and not descending else key
        aria = ("descending" if descending else "ascending") if current else ""
        columns.append(
            Column(
                key, str(label), key in NUMERIC_COLUMNS, _url(kept, **{SORT_PARAM: next_sort}), aria
            )
        )
    return columns


def _breakdown(
    groups: list[Any], kept: QueryDict, parameter: str = "", allowed: set[str] | None = None
) -> list[BreakdownRow]:
    """Each group with the portfolio filtered on its key (not for "unknown", a key the
    filter does not offer, or without ``parameter``)."""
    rows = []
    for group in groups:
        key = group.key
        linkable = (
            bool(parameter) and key not in (None, "") and (allowed is None or str(key) in allowed)
        )
        url = _url(kept, **{parameter: key}) if linkable else ""
        rows.append(BreakdownRow(group=group, url=url))
    return rows


def _figure_chart(groups: list[figures.GroupTotals]) -> BarChart | None:
    """Obligation against realised per group (buyer or year)."""
    series = (
        Series("obligation", _("Obligation"), OBLIGATION_COLOUR, outlined=True),
        Series("realised", _("Realised"), REALISED_COLOUR),
    )
    return bar_chart(
        [
            (
                group.label or _("Unknown"),
                [
                    (group.obligation_eur, euro(group.obligation_eur)),
                    (group.realised_eur, euro(group.realised_eur)),
                ],
            )
            for group in groups
        ],
        series,
    )


def _light_chart(totals: figures.Totals) -> BarChart | None:
    if not totals.count:
        return None
    series = (Series("contracts", _("Contracts"), CONTRACTS_COLOUR),)
    return bar_chart(
        [
            (str(light.label).capitalize(), [(Decimal(count), str(count))])
            for light in ContractLight
            for count in [totals.lights.get(light.value, 0)]
        ],
        series,
    )


@login_required
@require_GET
def portfolio(request: HttpRequest) -> HttpResponse:
    if not selectors.can_use_portfolio(request.user):
        raise PermissionDenied
    form = PortfolioFilterForm(request.GET or None, buyers=selectors.portfolio_buyers(request.user))
    if form.is_bound:
        form.is_valid()
        if "zoek" in form.errors:
            # Never echo a refused search (it may hold a BSN, or be 10,000 characters long).
            data = request.GET.copy()
            data["zoek"] = ""
            form.data = data
    portfolio_filter = form.portfolio_filter()
    contracts = selectors.portfolio_contracts(request.user, portfolio_filter)
    summary = figures.portfolio_summary(contracts)
    totals = summary.totals
    paginator = Paginator(contracts, CONTRACTS_PER_PAGE)
    paginator.count = totals.count  # counted with the totals: no second COUNT query
    page = paginator.get_page(request.GET.get("page"))
    kept = _kept(form)
    by_buyer = summary.by_buyer
    by_year = summary.by_year
    return render(
        request,
        "portfolio/portfolio.html",
        {
            "form": form,
            "page": page,
            "contracts": page.object_list,
            "totals": totals,
            "lights": [
                BreakdownRow(
                    group=(light, totals.lights.get(light.value, 0)),
                    url=_url(kept, stoplicht=light.value),
                )
                for light in ContractLight
            ],
            "columns": _columns(kept, portfolio_filter.sort),
            "query": kept.urlencode(),
            "filtered": bool(set(kept) - {SORT_PARAM}),
            "by_buyer": _breakdown(by_buyer, kept, "koper"),
            # No link: a year's row holds the contracts that START in it, the filter ``jaar``
            # those that RUN in it (docs/portfolio.md).
            "by_year": _breakdown(by_year, kept),
            "by_target_group": _breakdown(
                figures.totals_by_target_group_kept(contracts),
                kept,
                "doelgroep",
                set(TargetGroup.values),
            ),
            "by_effort_kind": _breakdown(
                figures.totals_by_effort_kind_kept(contracts), kept, "soort", set(EffortKind.values)
            ),
            "light_chart": _light_chart(totals),
            "buyer_chart": _figure_chart(by_buyer),
            "year_chart": _figure_chart(by_year),
        },
    )
