"""Choices and limits of the portfolio app (issue 9: portfolio, exports, council reports, open
figures and the read-only API)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The years a filter, a council report or the open figures accept.
YEAR_MIN = 2000
YEAR_MAX = 2100
# Counts of people under this number are suppressed on the public page and in its files, so no
# person can be recognised.
SUPPRESS_BELOW = 5


class CouncilReportStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("being generated")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


class PortfolioSort(models.TextChoices):
    """The portfolio's sort keys (``?sorteer=`` with an optional leading "-")."""

    NAME = "name", _("Contract")
    BUYER = "buyer", _("Buyer")
    CONTRACTOR = "contractor", _("Contractor")
    LIGHT = "light", _("Traffic light")
    START = "start", _("Start date")
    END = "end", _("End date")
    OBLIGATION = "obligation", _("Obligation")
    AGREED = "agreed", _("Agreed")
    REALISED = "realised", _("Realised")
    FORECAST = "forecast", _("Forecast")


# The open figures (``sroi.portfolio.open_figures``): the address of a publication
# (``/open/<slug>/``), the buyer's introduction, and how long the computed figures of a buyer
# are kept in the cache (an anonymous crowd costs one computation per buyer per period).
PUBLICATION_SLUG_MIN_LENGTH = 3
PUBLICATION_SLUG_MAX_LENGTH = 60
PUBLICATION_INTRODUCTION_MAX_LENGTH = 2000
OPEN_FIGURES_CACHE_SECONDS = 300
# Addresses a buyer cannot take: words of the site's own paths and words that would mislead.
PUBLICATION_RESERVED_SLUGS = frozenset(
    {
        "admin",
        "api",
        "beheer",
        "cijfers",
        "coordinator",
        "contracten",
        "csv",
        "json",
        "login",
        "nieuw",
        "new",
        "open",
        "open-cijfers",
        "organisatie",
        "plannen",
        "static",
        "media",
        "rekenhulp",
        "voorbeeld",
        "werksaam",
    }
)
