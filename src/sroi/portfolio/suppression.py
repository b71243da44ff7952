"""The one rule that hides small counts of people in public figures: the open figures
(``open_figures``) and the council reports (``council_figures``) both use ``suppress``.

1. **Primary.** Every count from 1 to ``SUPPRESS_BELOW`` - 1 (1 to 4) is hidden (``small``).
   0 is shown: no person is behind it, and hiding it would hide most other counts through
   rule 2 (one year without placements would hide every count of the other years).
2. **Secondary.** A hidden count must not be recoverable by subtraction. The caller gives the
   lines that add up to a total (a total and its parts: the years against the total, the target
   groups of one year against that year's people, ...). In a line where exactly one count (part
   or total) is hidden, the smallest shown part above 0 is hidden too (``withheld``); when no
   such part is left, the line's total. This repeats until no line holds exactly one hidden
   count; each step hides one more count, so it ends. A 0 is never the second suppression: a
   reader knows a year or group without realised money has nobody placed, so a hidden 0 hides
   nothing.

People are distinct candidates, so parts may add up to more than their total (a candidate in
two target groups counts in both); subtraction then gives bounds, and the rule errs on the safe
side. docs/open-figures.md ("The suppression rule") and docs/council-reports.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sroi.portfolio.constants import SUPPRESS_BELOW


@dataclass(eq=False)  # compared by identity: one count sits in several lines
class Count:
    """A real count of people while the rule runs; the caller keeps only what is shown."""

    number: int
    small: bool = False
    withheld: bool = False

    @property
    def hidden(self) -> bool:
        return self.small or self.withheld

    @property
    def shown(self) -> int | None:
        """The number a public document may show: None when hidden."""
        return None if self.hidden else self.number


Line = tuple[Count, Sequence[Count]]


def is_small(number: int) -> bool:
    """1 to ``SUPPRESS_BELOW`` - 1: never shown. 0 and from ``SUPPRESS_BELOW`` up: shown."""
    return 0 < number < SUPPRESS_BELOW


def suppress(lines: Iterable[Line]) -> None:
    """Apply the rule (module docstring) to the counts of ``lines``, in place."""
    lines = list(lines)
    for whole, parts in lines:
        for count in [whole, *parts]:
            if is_small(count.number):
                count.small = True
    changed = True
    while changed:
        changed = False
        for whole, parts in lines:
            # One object may sit in a line twice (never in practice); count it once.
            hidden = {id(cell) for cell in [whole, *parts] if cell.hidden}
            if len(hidden) != 1:
                continue
            candidates = [part for part in parts if not part.hidden and part.number > 0]
            victim = min(candidates, key=lambda part: part.number) if candidates else whole
            if victim.hidden:  # the only shown cell is the total, already hidden: done
                continue
            victim.withheld = True
            changed = True
