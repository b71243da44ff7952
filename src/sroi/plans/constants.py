"""Choices and the one status-transition mapping of the plans app.

Labels are English msgids; the Dutch msgstr is the official form's exact wording
(``plan-van-aanpak-social-return.txt``, WerkSaam Westfriesland).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sroi.rules.engine import PsoLevel as EnginePsoLevel


class EffortKind(models.TextChoices):
    """Soort invulling (one or more per plan)."""

    JOBS = "jobs", _("Vacancies/jobs")
    LEARN_WORK = "learn_work", _("Learn-work places (BOL/BBL)")
    TRAINING_INTERNSHIP = "training_internship", _("Training, coaching, internship")
    SOCIAL_PROCUREMENT = "social_procurement", _("Social procurement")
    SOCIAL_VALUE = "social_value", _("Social added value")


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


def target_group_tree() -> list[tuple[str | None, str, list[tuple[str, str]]]]:
    """The form's nesting for a template: ``[(family_code|None, family_label, [(code, label)])]``.

    Stand-alone groups come as a family of ``None`` with one member, in the form's order.
    """
    tree: list[tuple[str | None, str, list[tuple[str, str]]]] = []
    for code, label in TargetGroup.choices:
        family = TARGET_GROUP_FAMILY.get(code)
        if family is None:
            tree.append((None, str(label), [(code, str(label))]))
        elif tree and tree[-1][0] == family:
            tree[-1][2].append((code, str(label)))
        else:
            tree.append((family, str(TargetGroupFamily(family).label), [(code, str(label))]))
    return tree


class PsoLevel(models.TextChoices):
    """Prestatieladder Socialer Ondernemen; values equal the engine's ``PsoLevel``.

    "No PSO" is the empty value (``blank=True`` on the field).
    """

    ASPIRANT = EnginePsoLevel.ASPIRANT.value, _("Aspirant")
    TREDE_1 = EnginePsoLevel.TREDE_1.value, _("Step 1")
    TREDE_2 = EnginePsoLevel.TREDE_2.value, _("Step 2")
    TREDE_3 = EnginePsoLevel.TREDE_3.value, _("Step 3")
    PSO_30PLUS = EnginePsoLevel.PSO_30PLUS.value, _("PSO 30+")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")
    APPROVED = "approved", _("approved")
    WITHDRAWN = "withdrawn", _("withdrawn")


class PlanAction(models.TextChoices):
    """What can happen to a plan; also the kinds of ``PlanEvent``."""

    SUBMIT = "submit", _("submitted")
    WITHDRAW = "withdraw", _("withdrawn")
    REQUEST_CHANGES = "request_changes", _("changes requested")
    APPROVE = "approve", _("approved")


# THE workflow of a plan: action -> (statuses it may start from, status it leads to).
# Checked in ``sroi.plans.services`` and nowhere else.
#
# - A plan is submitted from draft, from changes requested (version n+1) or after the
#   contractor withdrew it (version n+1 as well: a withdrawn plan is not dead, it is back
#   with the contractor, and the withdrawn version stays visible).
# - Only a submitted plan can be withdrawn, sent back or approved. An approved plan is final
#   for this issue; monitoring (a later issue) starts from it.
PLAN_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    PlanAction.SUBMIT: (
        frozenset({PlanStatus.DRAFT, PlanStatus.CHANGES_REQUESTED, PlanStatus.WITHDRAWN}),
        PlanStatus.SUBMITTED,
    ),
    PlanAction.WITHDRAW: (frozenset({PlanStatus.SUBMITTED}), PlanStatus.WITHDRAWN),
    PlanAction.REQUEST_CHANGES: (frozenset({PlanStatus.SUBMITTED}), PlanStatus.CHANGES_REQUESTED),
    PlanAction.APPROVE: (frozenset({PlanStatus.SUBMITTED}), PlanStatus.APPROVED),
}

# The statuses in which the contractor may change the plan (and its contract data).
PLAN_EDITABLE_STATUSES: frozenset[str] = PLAN_TRANSITIONS[PlanAction.SUBMIT][0]

# The statuses of a contract's one active plan (a database constraint allows one plan in
# these statuses per contract). Every status today; a later "ended" or "replaced" status
# stays out of this set.
PLAN_ACTIVE_STATUSES: frozenset[str] = frozenset(PlanStatus.values)


def plan_action_allowed(action: str, status: str) -> bool:
    return status in PLAN_TRANSITIONS[action][0]


# Effort kinds that place candidates, so the plan must name at least one target group.
EFFORT_KINDS_NEEDING_TARGET_GROUP: frozenset[str] = frozenset(
    {EffortKind.JOBS, EffortKind.LEARN_WORK}
)

# The rule set a new contract uses (the region of this installation).
DEFAULT_RULESET_CODE = "nhn-werksaam"

# Target group -> block code per shipped rule set. ``None``: that region has no block for the
# group; the plan line must then name a block explicitly. Best effort for other regions,
# from their published tables (src/sroi/rules/data/*.json).
TARGET_GROUP_BLOCKS: dict[str, dict[str, str | None]] = {
    "nhn-werksaam": {
        TargetGroup.PW_LT2: "PW_LT2",
        TargetGroup.PW_GT2: "PW_GT2",
        TargetGroup.PW_BEPERKING: "PW_BEPERKING",
        TargetGroup.WW_LT1: "WW_LT1",
        TargetGroup.WW_GT1: "WW_GT1",
        TargetGroup.WIA_WAO: "WIA_WAO",
        TargetGroup.WAJONG_OUD: "WAJONG_OUD",
        TargetGroup.BBL: "BBL",
        TargetGroup.BOL: "BOL",
        TargetGroup.VSV_27: "VSV_27",
        TargetGroup.VSO_PRO_STAGE: "VSO_PRO_STAGE",
        TargetGroup.NUG: "NUG",
    },
    "utrecht": {  # valid for the 2024-1 table; 2015-1 differs, see the note below
        TargetGroup.PW_LT2: "PW",
        TargetGroup.PW_GT2: "PW",
        TargetGroup.PW_BEPERKING: "DOELGROEPREGISTER",
        TargetGroup.WW_LT1: "WW",
        TargetGroup.WW_GT1: "WW",
        TargetGroup.WIA_WAO: "WIA_WAO",
        TargetGroup.WAJONG_OUD: "DOELGROEPREGISTER",
        TargetGroup.BBL: "BBL_2_4",
        TargetGroup.BOL: "BOL_2_4",
        TargetGroup.VSV_27: None,
        TargetGroup.VSO_PRO_STAGE: "PRO_VSO_MBO1",
        TargetGroup.NUG: "NUG",
    },
    "haaglanden-zhc": {
        TargetGroup.PW_LT2: "PW",
        TargetGroup.PW_GT2: "PW",
        TargetGroup.PW_BEPERKING: "BANENAFSPRAAK",
        TargetGroup.WW_LT1: "WW",
        TargetGroup.WW_GT1: "WW",
        TargetGroup.WIA_WAO: "WIA",
        TargetGroup.WAJONG_OUD: "BANENAFSPRAAK",
        TargetGroup.BBL: None,  # two levels (BBL_LE2, BBL_GE3): the line picks one
        TargetGroup.BOL: "STAGE_MBO_HBO",
        TargetGroup.VSV_27: "JONGEREN_ZONDER_SK",
        TargetGroup.VSO_PRO_STAGE: "STAGE_VSO_PRO",
        TargetGroup.NUG: "NUG",
    },
    "harlingen": {
        TargetGroup.PW_LT2: "PW_LT2",
        TargetGroup.PW_GT2: "PW_GT2",
        TargetGroup.PW_BEPERKING: "WAJONG_BANENAFSPRAAK",
        TargetGroup.WW_LT1: "WW_3M_1J",
        TargetGroup.WW_GT1: "WW_GT1",
        TargetGroup.WIA_WAO: "WIA_WAO",
        TargetGroup.WAJONG_OUD: "WAJONG_BANENAFSPRAAK",
        TargetGroup.BBL: "BBL_NIEUW",
        TargetGroup.BOL: None,  # internships by MBO level (STAGE_MBO12, STAGE_MBO34_HBO)
        TargetGroup.VSV_27: None,
        TargetGroup.VSO_PRO_STAGE: None,
        TargetGroup.NUG: None,
    },
    "holland-rijnland-dzb": {
        TargetGroup.PW_LT2: "PW_ZONDER_BEP",
        TargetGroup.PW_GT2: "PW_ZONDER_BEP",
        TargetGroup.PW_BEPERKING: "PW_MET_BEP_UWV",
        TargetGroup.WW_LT1: "WW",
        TargetGroup.WW_GT1: "WW",
        TargetGroup.WIA_WAO: "WIA",
        TargetGroup.WAJONG_OUD: "WAJONG",
        TargetGroup.BBL: "BBL",
        TargetGroup.BOL: "BOL",
        TargetGroup.VSV_27: None,
        TargetGroup.VSO_PRO_STAGE: None,  # only "in dienst na uitstroom" (PRO_VSO_DIENST)
        TargetGroup.NUG: "NUG_ZONDER_BEP",
    },
    "rijnvicus": {
        TargetGroup.PW_LT2: "PW_ZONDER_BEP_LT2",
        TargetGroup.PW_GT2: "PW_ZONDER_BEP_GT2",
        TargetGroup.PW_BEPERKING: "PW_MET_BEP_UWV",
        TargetGroup.WW_LT1: "WW",
        TargetGroup.WW_GT1: "WW",
        TargetGroup.WIA_WAO: "WIA",
        TargetGroup.WAJONG_OUD: "WAJONG",
        TargetGroup.BBL: "BBL",
        TargetGroup.BOL: "BOL",
        TargetGroup.VSV_27: None,
        TargetGroup.VSO_PRO_STAGE: None,
        TargetGroup.NUG: "NUG_ZONDER_BEP",
    },
    "oost-nederland": {
        TargetGroup.PW_LT2: "PW_LT2",
        TargetGroup.PW_GT2: "PW_GT2",
        TargetGroup.PW_BEPERKING: "DOELGROEPREGISTER",
        TargetGroup.WW_LT1: "WW_LT1",
        TargetGroup.WW_GT1: "WW_GT1",
        TargetGroup.WIA_WAO: "DOELGROEPREGISTER",
        TargetGroup.WAJONG_OUD: "DOELGROEPREGISTER",
        TargetGroup.BBL: "BBL_1_2",
        TargetGroup.BOL: None,
        TargetGroup.VSV_27: None,
        TargetGroup.VSO_PRO_STAGE: None,
        TargetGroup.NUG: "NUG",
    },
}
# Note: utrecht 2015-1 names PW_LT2/PW_GT2/WW_LT1/WW_GT1/BANENAFSPRAAK/BBL/BOL; a mapped code
# the contract's version does not know is treated as "no block" by ``target_group_block``.


def target_group_block(
    *, ruleset_code: str, target_group: str, known_blocks: set[str]
) -> str | None:
    """The block a target group maps to in a rule set, or None (the line must pick one).

    ``known_blocks`` are the block codes of the contract's rule-set version, so a mapping to a
    block this version does not have is never guessed.
    """
    block = TARGET_GROUP_BLOCKS.get(ruleset_code, {}).get(target_group)
    if block is None or block not in known_blocks:
        return None
    return block


# Block codes of the NHN rule set for the non-candidate efforts of the form.
SOCIAL_PROCUREMENT_BLOCK = "SOCIAAL_INKOPEN"
SOCIAL_VALUE_BLOCK = "MAATSCHAPPELIJK"
TRAINING_BLOCK = "OPLEIDING"
