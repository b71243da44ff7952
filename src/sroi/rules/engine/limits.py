"""The bounds of every number, date and text the service accepts: defined here, once.

The engine checks a request against them, the calc-io reader refuses a number that is too
long while the JSON is parsed (before any arithmetic), the forms use them as min/max
validators, and the model columns take their ``max_digits``, ``decimal_places`` and
``max_length`` from them. So what a form or a document accepts, the database can store and
read back, and what the database holds, the form accepts again.

Standard library only, like the rest of the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class DecimalLimit:
    """A decimal between ``minimum`` and ``maximum`` with at most ``decimal_places`` decimals.

    ``max_digits`` is the precision of the database column that stores it: the maximum with
    its decimals always fits (checked when the limit is made).
    """

    minimum: Decimal
    maximum: Decimal
    decimal_places: int
    max_digits: int

    def __post_init__(self) -> None:
        integer_digits = len(str(int(self.maximum)))
        if integer_digits + self.decimal_places > self.max_digits:
            raise ValueError(f"{self.maximum} does not fit {self.max_digits} digits")

    def has_too_many_decimals(self, value: Decimal) -> bool:
        exponent = value.as_tuple().exponent
        return isinstance(exponent, int) and -exponent > self.decimal_places

    def admits(self, value: Decimal) -> bool:
        """Finite and within the bounds (any number of decimals)."""
        return value.is_finite() and self.minimum <= value <= self.maximum


@dataclass(frozen=True)
class IntegerLimit:
    """A whole number between ``minimum`` and ``maximum`` (inclusive)."""

    minimum: int
    maximum: int

    def admits(self, value: int) -> bool:
        return self.minimum <= value <= self.maximum


# --- numbers ---------------------------------------------------------------------------------

# Euros (contract value, amounts, agreed values): up to EUR 100 billion, in cents.
AMOUNT_EUR = DecimalLimit(Decimal("0"), Decimal("100000000000"), 2, 14)
# The Social Return percentage of a contract.
PERCENTAGE = DecimalLimit(Decimal("0"), Decimal("100"), 2, 5)
# Hours per week of a placement: a week has 168 hours.
HOURS_PER_WEEK = DecimalLimit(Decimal("0"), Decimal("168"), 2, 5)
# Hours of a line valued per hour (knowledge and effort): up to a million hours.
HOURS = DecimalLimit(Decimal("0"), Decimal("1000000"), 2, 10)
# Candidates (or items) on one line.
COUNT = IntegerLimit(0, 10_000)
# Duration of a placement in months, as typed in the plan form (20 years).
DURATION_MONTHS = IntegerLimit(1, 240)
# A contract's extensions: how many, and the months of each.
EXTENSION_COUNT = IntegerLimit(0, 20)
EXTENSION_MONTHS = IntegerLimit(1, 120)

# --- dates -----------------------------------------------------------------------------------

# Every date typed or sent lies in this range: far enough from the ends of the calendar that
# adding a duration (at most 240 months) or a rule set's cap never leaves it.
DATE_MIN = date(1990, 1, 1)
DATE_MAX = date(2199, 12, 31)

# --- text ------------------------------------------------------------------------------------

# A block or bonus code of a rule set (a plan line stores its block code).
CODE_MAX_LENGTH = 50
# A line's candidate reference (a pseudonym) in a calc-io document and in the calculator.
REF_MAX_LENGTH = 200
# A plan line's description (where a calculation's ``ref`` ends up).
LINE_DESCRIPTION_MAX_LENGTH = 500
# Names (contract, buyer, organisation).
NAME_MAX_LENGTH = 200
# Free text of the plan form (work description, explanation, additional information).
TEXT_MAX_LENGTH = 10_000

# --- plans -----------------------------------------------------------------------------------

# Lines of one plan: what the plan form shows and a calculation turned into a plan may hold.
PLAN_LINES_MAX = 100

# --- documents (calc-io JSON) ----------------------------------------------------------------

# A number as written in a document: at most this many characters (sign, digits, point,
# exponent). 1e999999999 is valid JSON; reading it is cheap, computing with it is not.
NUMBER_MAX_CHARS = 30
# At most this exponent (either sign) in a number written with ``e``.
NUMBER_MAX_EXPONENT = 20
# At most this many nested objects and lists.
NESTING_MAX_DEPTH = 32


def number_text_is_oversized(text: str) -> bool:
    """Whether a number as written (``"12.50"``, ``"1e999999999"``) exceeds the limits above.

    ``text`` is a JSON number (as ``json.loads`` hands it to ``parse_float``); only its
    characters are looked at, so call this before turning the text into a number.
    """
    if len(text) > NUMBER_MAX_CHARS:
        return True
    _, e, exponent = text.lower().partition("e")
    return bool(e) and abs(int(exponent)) > NUMBER_MAX_EXPONENT
