"""The contract's rule-set version: the one valid on the start date, fixed once known.

The shipped NHN version is valid from 2020-01-01 (no end): a start in 2019 has none.
"""

from __future__ import annotations

from datetime import date

from sroi.accounts.models import User
from sroi.plans import services
from sroi.plans.valuation import valuation_for
from sroi.rules.models import RuleSetVersion


def test_rule_set_is_fixed_on_the_first_known_start_date_and_kept_after_a_change(
    contractor_a: User,
) -> None:
    contract = services.contract_create(
        acting_user=contractor_a,
        organisation=contractor_a.organisation,
        data={"start_date": date(2019, 6, 1)},
    )
    assert contract.ruleset_version is None  # no version valid on 2019-06-01

    services.contract_update(
        acting_user=contractor_a, contract=contract, data={"start_date": date(2026, 1, 1)}
    )
    nhn = RuleSetVersion.objects.get(code="nhn-werksaam", state="published")
    contract.refresh_from_db()
    assert contract.ruleset_version == nhn

    # Moving the start back to 2019 does not drop or change the fixed version ...
    services.contract_update(
        acting_user=contractor_a,
        contract=contract,
        data={"start_date": date(2019, 6, 1), "end_date": date(2020, 5, 31), "value_eur": "100000"},
    )
    contract.refresh_from_db()
    assert contract.ruleset_version == nhn
    # ... and the plan is still valued with it: 5 % (NHN default) of EUR 100,000 = EUR 5,000.00
    result = valuation_for(contract=contract, lines=[])
    assert result.valuation is not None
    assert result.valuation.ruleset.id == "nhn-werksaam"
    assert result.valuation.obligation_eur == 5000
