"""Template filters of the review: the comments of one section."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from sroi.plans.constants import CommentSection

register = template.Library()


@register.filter
def comments_for(section_comments: Mapping[str, Any] | None, code: str) -> Any:
    """``section_comments|comments_for:"contract"``: that section's comments (or [])."""
    if not section_comments:
        return []
    return section_comments.get(code, [])


@register.filter
def section_label(code: str) -> str:
    """The label of a ``CommentSection`` value (the code itself when unknown)."""
    if code in CommentSection.values:
        return str(CommentSection(code).label)
    return code
