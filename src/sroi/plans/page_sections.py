"""Sections that apps above ``sroi.plans`` add to the contract page and the plan page.

The plans app may not import the apps above it (import-linter: ``agreements -> plans ->
rules -> core``), yet the contract page shows the prestatieafspraken and the assessment
moments, and the plan page leads from an approval to drawing up the agreements. So the
plans app keeps a small registry here: an app registers a *provider* in its
``AppConfig.ready()``; the contract and plan views ask every provider of their page for a
section and include the sections' templates in order (docs/contracts.md).

A provider is ``provider(user, contract) -> PageSection | None``: it decides itself what the
user may see (the caller has already checked that the user may see the contract) and returns
None to show nothing. Registering the same provider twice keeps one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sroi.plans.models import Contract

CONTRACT_PAGE = "contract"
PLAN_PAGE = "plan"
PAGES = (CONTRACT_PAGE, PLAN_PAGE)


@dataclass(frozen=True)
class PageSection:
    """A template to include, with its own context (the template reads it as ``section``)."""

    template_name: str
    context: Mapping[str, Any] = field(default_factory=dict)


Provider = Callable[[Any, Contract], PageSection | None]

_providers: dict[str, list[Provider]] = {page: [] for page in PAGES}


def register(page: str, provider: Provider) -> None:
    if page not in _providers:
        raise ValueError(f"unknown page {page!r}; one of {PAGES}")
    if provider not in _providers[page]:
        _providers[page].append(provider)


def sections_for(page: str, user: Any, contract: Contract) -> list[PageSection]:
    """The sections of ``page`` for ``user``, in the order the providers were registered."""
    sections = (provider(user, contract) for provider in _providers[page])
    return [section for section in sections if section is not None]
