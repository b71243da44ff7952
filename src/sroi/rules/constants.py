"""Choices of the rules app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleSetStatus(models.TextChoices):
    """Where the values come from (mirrors ``engine.RuleSetStatus``)."""

    SOURCED = "sourced", _("Sourced")
    INDICATIVE = "indicative", _("Indicative")
    PARTIAL = "partial", _("Partial")


class RuleSetState(models.TextChoices):
    """A concept can still change; a published version never changes."""

    CONCEPT = "concept", _("Concept")
    PUBLISHED = "published", _("Published")
