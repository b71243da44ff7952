"""Which target group maps to which block is rule-set data (``target_groups``), no longer code.

Until now ``sroi.plans.constants.TARGET_GROUP_BLOCKS`` held the mapping per rule-set code. A
stored version without the key gets exactly that mapping (limited to the blocks it has, as the
code did), so every plan keeps the values it had and a stored shipped version stays equal to
its shipped file. Versions that have the key are left alone.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

# The mapping as it was in sroi.plans.constants (frozen here: a migration never changes).
LEGACY_TARGET_GROUP_BLOCKS: dict[str, dict[str, str | None]] = {
    "nhn-werksaam": {
        "pw_lt2": "PW_LT2",
        "pw_gt2": "PW_GT2",
        "pw_beperking": "PW_BEPERKING",
        "ww_lt1": "WW_LT1",
        "ww_gt1": "WW_GT1",
        "wia_wao": "WIA_WAO",
        "wajong_oud": "WAJONG_OUD",
        "bbl": "BBL",
        "bol": "BOL",
        "vsv_27": "VSV_27",
        "vso_pro_stage": "VSO_PRO_STAGE",
        "nug": "NUG"
    },
    "utrecht": {
        "pw_lt2": "PW",
        "pw_gt2": "PW",
        "pw_beperking": "DOELGROEPREGISTER",
        "ww_lt1": "WW",
        "ww_gt1": "WW",
        "wia_wao": "WIA_WAO",
        "wajong_oud": "DOELGROEPREGISTER",
        "bbl": "BBL_2_4",
        "bol": "BOL_2_4",
        "vsv_27": None,
        "vso_pro_stage": "PRO_VSO_MBO1",
        "nug": "NUG"
    },
    "haaglanden-zhc": {
        "pw_lt2": "PW",
        "pw_gt2": "PW",
        "pw_beperking": "BANENAFSPRAAK",
        "ww_lt1": "WW",
        "ww_gt1": "WW",
        "wia_wao": "WIA",
        "wajong_oud": "BANENAFSPRAAK",
        "bbl": None,
        "bol": "STAGE_MBO_HBO",
        "vsv_27": "JONGEREN_ZONDER_SK",
        "vso_pro_stage": "STAGE_VSO_PRO",
        "nug": "NUG"
    },
    "harlingen": {
        "pw_lt2": "PW_LT2",
        "pw_gt2": "PW_GT2",
        "pw_beperking": "WAJONG_BANENAFSPRAAK",
        "ww_lt1": "WW_3M_1J",
        "ww_gt1": "WW_GT1",
        "wia_wao": "WIA_WAO",
        "wajong_oud": "WAJONG_BANENAFSPRAAK",
        "bbl": "BBL_NIEUW",
        "bol": None,
        "vsv_27": None,
        "vso_pro_stage": None,
        "nug": None
    },
    "holland-rijnland-dzb": {
        "pw_lt2": "PW_ZONDER_BEP",
        "pw_gt2": "PW_ZONDER_BEP",
        "pw_beperking": "PW_MET_BEP_UWV",
        "ww_lt1": "WW",
        "ww_gt1": "WW",
        "wia_wao": "WIA",
        "wajong_oud": "WAJONG",
        "bbl": "BBL",
        "bol": "BOL",
        "vsv_27": None,
        "vso_pro_stage": None,
        "nug": "NUG_ZONDER_BEP"
    },
    "rijnvicus": {
        "pw_lt2": "PW_ZONDER_BEP_LT2",
        "pw_gt2": "PW_ZONDER_BEP_GT2",
        "pw_beperking": "PW_MET_BEP_UWV",
        "ww_lt1": "WW",
        "ww_gt1": "WW",
        "wia_wao": "WIA",
        "wajong_oud": "WAJONG",
        "bbl": "BBL",
        "bol": "BOL",
        "vsv_27": None,
        "vso_pro_stage": None,
        "nug": "NUG_ZONDER_BEP"
    },
    "oost-nederland": {
        "pw_lt2": "PW_LT2",
        "pw_gt2": "PW_GT2",
        "pw_beperking": "DOELGROEPREGISTER",
        "ww_lt1": "WW_LT1",
        "ww_gt1": "WW_GT1",
        "wia_wao": "DOELGROEPREGISTER",
        "wajong_oud": "DOELGROEPREGISTER",
        "bbl": "BBL_1_2",
        "bol": None,
        "vsv_27": None,
        "vso_pro_stage": None,
        "nug": "NUG"
    }
}


def add_target_groups(apps: Any, schema_editor: Any) -> None:
    version_model = apps.get_model("rules", "RuleSetVersion")
    for version in version_model.objects.all():
        document = dict(version.document or {})
        if "target_groups" in document:
            continue
        codes = {block.get("code") for block in document.get("blocks") or []}
        legacy = LEGACY_TARGET_GROUP_BLOCKS.get(version.code, {})
        document["target_groups"] = {
            group: (block if block in codes else None) for group, block in legacy.items()
        }
        version.document = document
        version.save(update_fields=["document"])


class Migration(migrations.Migration):
    dependencies = [("rules", "0002_privacy_bsn_guard")]

    operations = [migrations.RunPython(add_target_groups, migrations.RunPython.noop)]
