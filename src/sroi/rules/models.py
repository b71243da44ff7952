from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sroi.core.validators import no_bsn, no_bsn_in_json
from sroi.rules.constants import RuleSetState, RuleSetStatus

if TYPE_CHECKING:
    from sroi.rules.engine import RuleSet


class RuleSetVersion(models.Model):
    """One version of a region's bouwblokkenmodel.

    ``document`` holds the whole rule-set document in the form of the shipped data files
    (``rules/data/*.json``); the other fields repeat what lists and lookups need. Changes go
    through ``rules.services``: a published version never changes, and the validity periods of
    the published versions of one code never overlap.
    """

    code = models.SlugField(_("rule set"), max_length=64, validators=[no_bsn])
    version = models.CharField(_("version"), max_length=64, validators=[no_bsn])
    name = models.CharField(_("name"), max_length=300, validators=[no_bsn])
    region = models.CharField(_("region"), max_length=300, blank=True, validators=[no_bsn])
    status = models.CharField(_("source status"), max_length=20, choices=RuleSetStatus.choices)
    state = models.CharField(
        _("state"), max_length=20, choices=RuleSetState.choices, default=RuleSetState.CONCEPT
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    document = models.JSONField(_("rule set document"), validators=[no_bsn_in_json])
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Every save sets it; with the pk it keys the parsed rule set of a process
    # (``rules.loaders``), so a saved change is never served from an old parse.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("rule set version")
        verbose_name_plural = _("rule set versions")
        ordering = ("code", "valid_from", "version")
        constraints = [
            models.UniqueConstraint(fields=("code", "version"), name="rules_ruleset_code_version"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="rules_ruleset_valid_to_after_from",
            ),
            models.CheckConstraint(
                condition=Q(state=RuleSetState.CONCEPT) | Q(published_at__isnull=False),
                name="rules_ruleset_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.version}"

    @property
    def is_published(self) -> bool:
        return self.state == RuleSetState.PUBLISHED

    def to_engine(self) -> RuleSet:
        """The engine's ``RuleSet`` of this version (see ``rules.loaders``)."""
        from sroi.rules.loaders import ruleset_version_to_engine

        return ruleset_version_to_engine(self)
