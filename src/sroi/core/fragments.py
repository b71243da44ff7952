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
# Bounded per process: everything is forgotten when either limit is passed (a plan form's
# sections are some 60 kB, a row of the plan list some 1.5 kB).
_KEPT_MAX_PARTS = 4096
_KEPT_MAX_CHARS = 16_000_000
_kept_chars = 0


def kept_fragment(name: str, key: FragmentKey | None, render: Callable[[], str]) -> SafeString:
    """The HTML ``render()`` makes, kept per process under ``name``, the language and ``key``."""
    if key is None:
        return SafeString(render())
    full = (name, get_language() or "", key.value)
    try:
        kept = _KEPT.get(full)
    except TypeError:  # a value that cannot be a key (a list): not kept
        return SafeString(render())
    if kept is not None and kept[0] is key.guard:
        return kept[1]
    html = SafeString(render())
    global _kept_chars
    if len(_KEPT) >= _KEPT_MAX_PARTS or _kept_chars + len(html) > _KEPT_MAX_CHARS:
        kept_fragments_clear()
    _KEPT[full] = (key.guard, html)
    _kept_chars += len(html)
    return html


def kept_fragments_clear() -> None:
    """Forget every kept part (and when a limit is passed)."""
    global _kept_chars
    _KEPT.clear()
    _kept_chars = 0
