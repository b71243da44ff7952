"""The form of a buyer's publication of open figures (its address, introduction and whether
it is published). The service checks the address again under its lock."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sroi.core.validators import no_bsn
from sroi.plans.models import Buyer
from sroi.portfolio.constants import (
    PUBLICATION_INTRODUCTION_MAX_LENGTH,
    PUBLICATION_SLUG_MAX_LENGTH,
)
from sroi.portfolio.publication_services import SLUG_TAKEN_MESSAGE, publication_slug_taken
from sroi.portfolio.validators import validate_publication_slug


class PublicationForm(forms.Form):
    published = forms.BooleanField(
        label=_("Publish the open figures"),
        required=False,
        help_text=_("Anyone can then read the page and download the figures, without signing in."),
    )
    slug = forms.CharField(
        label=_("Address of the page"),
        # A little more than the limit, so a long address gets our message, not a cut-off.
        max_length=PUBLICATION_SLUG_MAX_LENGTH * 4,
        help_text=_(
            "Lower-case letters, digits and hyphens, for example gemeente-hoorn. "
            "The page is then at /open/gemeente-hoorn/."
        ),
        error_messages={"required": _("Enter an address.")},
        validators=[no_bsn],
    )
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=PUBLICATION_INTRODUCTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[no_bsn],
        help_text=_("Plain text shown above the figures. No names or personal data."),
    )
    revision = forms.CharField(
        required=False, widget=forms.HiddenInput, max_length=64, validators=[no_bsn]
    )

    def __init__(self, *args: Any, buyer: Buyer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.buyer = buyer

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"].strip()
        validate_publication_slug(slug)
        if publication_slug_taken(slug, buyer=self.buyer):
            raise forms.ValidationError(SLUG_TAKEN_MESSAGE, code="taken")
        return slug

    def clean_introduction(self) -> str:
        text: str = self.cleaned_data["introduction"]
        return text.strip()
