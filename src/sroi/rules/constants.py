"""Choices of the rules app, and the target groups of the plan form that rule sets map.

Which block a target group maps to differs per rule set, so it is rule-set data (the key
``target_groups`` of a rule-set document, edited on the rule-set pages); the list of target
groups itself is the official form's (WerkSaam Westfriesland), in the form's order.
"""

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


class TargetGroupFamily(models.TextChoices):
    """The two headings of the form that nest target groups under them."""

    PARTICIPATIEWET = "participatiewet", _("Participation Act")
    WW = "ww", _("Unemployment benefit (WW)")


class TargetGroup(models.TextChoices):
    """Keuze doelgroep: the form's target groups, in the form's order."""

    PW_LT2 = "pw_lt2", _("without work limitation < 2 years on benefit")
    PW_GT2 = "pw_gt2", _("without work limitation > 2 years on benefit")
    PW_BEPERKING = "pw_beperking", _("with a work limitation established by UWV")
    WW_LT1 = "ww_lt1", _("< 1 year on WW (at least 3 months)")
    WW_GT1 = "ww_gt1", _("> 1 year on WW")
    WIA_WAO = "wia_wao", _("WIA / WAO")
    WAJONG_OUD = "wajong_oud", _("Wajong (old scheme)")
    BBL = "bbl", _("BBL apprentice (learn-work job)")
    BOL = "bol", _("BOL student (internship)")
    VSV_27 = "vsv_27", _("Early school leavers up to 27 years")
    VSO_PRO_STAGE = "vso_pro_stage", _("Internship for a VSO / practical education pupil")
    NUG = "nug", _("NUG (job seekers without benefit)")


# The form's nesting: a target group under a heading; groups not listed stand on their own.
TARGET_GROUP_FAMILY: dict[str, str] = {
    TargetGroup.PW_LT2: TargetGroupFamily.PARTICIPATIEWET,
    TargetGroup.PW_GT2: TargetGroupFamily.PARTICIPATIEWET,
    TargetGroup.PW_BEPERKING: TargetGroupFamily.PARTICIPATIEWET,
    TargetGroup.WW_LT1: TargetGroupFamily.WW,
    TargetGroup.WW_GT1: TargetGroupFamily.WW,
}


def target_group_label(code: str) -> str:
    """The full label of a target group, with its heading: "Participatiewet: zonder ... ".

    Unknown codes come back unchanged (an old snapshot may hold a code no longer offered).
    """
    if code not in TargetGroup.values:
        return code
    label = str(TargetGroup(code).label)
    family = TARGET_GROUP_FAMILY.get(code)
    if family is None:
        return label
    return f"{TargetGroupFamily(family).label}: {label}"
