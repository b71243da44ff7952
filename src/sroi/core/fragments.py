"""Parts of a page rendered once per process and kept under everything they are made of.

A view that knows every input of a part of its template passes a ``FragmentKey``; the template
wraps the part in ``{% kept_fragment "name" key %}...{% endkept_fragment %}`` (``{% load
sroi %}``). The first request renders the part and keeps its HTML under the name, the active
language and ``key.value``; later requests with an equal key get the kept HTML. ``key.guard``
is an object the part was made from whose identity matters (a parsed rule set, a kept
valuation): the kept HTML is used only while it is the very same object, so an ``id()`` in the
value cannot be mistaken for that of a later object. No key (``None``): the part is rendered.

Keep out of a kept part whatever differs per request or per person (the CSRF token, messages,
the user's name) and anything its key does not hold.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import get_language


@dataclass(frozen=True)
class FragmentKey:
    """Every input of a kept part (``value``, hashable) and the object it must still be."""

    value: Hashable
    guard: Any = None


_KEPT: dict[tuple[str, str, Hashable], tuple[Any, SafeString]] = {}
_KEPT_MAX = 128  # a plan form's sections are some 60 kB: a few MB per process at most


def kept_fragment(name: str, key: FragmentKey | None, render: Callable[[], str]) -> SafeString:
    """The HTML ``render()`` makes, kept per process under ``name``, the language and ``key``."""
    if key is None:
        return SafeString(render())
    full = (name, get_language() or "", key.value)
    kept = _KEPT.get(full)
    if kept is not None and kept[0] is key.guard:
        return kept[1]
    html = SafeString(render())
    if len(_KEPT) >= _KEPT_MAX:
        _KEPT.clear()
    _KEPT[full] = (key.guard, html)
    return html


def kept_fragments_clear() -> None:
    """Forget every kept part (tests)."""
    _KEPT.clear()
