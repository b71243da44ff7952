"""``load_demo`` ends with every contract's traffic light stored as of today, so the demo
portfolio shows varied lights (``sroi.monitoring.demo.store_demo_lights``)."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from sroi.monitoring.lights import contracts_light_refresh
from sroi.plans.models import Contract
from sroi.rules.services import ruleset_import_shipped


def _lights() -> dict[int, tuple[str, object]]:
    return {
        pk: (light, outlook)
        for pk, light, outlook in Contract.objects.values_list("pk", "light", "outlook_eur")
    }


def test_demo_stores_current_and_varied_lights(db: None) -> None:
    ruleset_import_shipped()
    call_command("load_demo", stdout=StringIO())
    stored = _lights()

    contracts_light_refresh()  # what the night would store: nothing changes

    assert _lights() == stored
    assert len({light for light, _outlook in stored.values()}) >= 2
    assert all(outlook is not None for _light, outlook in stored.values())
