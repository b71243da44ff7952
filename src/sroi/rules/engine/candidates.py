"""One person counts once (``rekenregels.md`` section 9, "Kandidaat").

Lines with the same ``Line.candidate`` are one person; ``CalculationRequest.elsewhere`` adds
that person's placements on other contracts. ``Candidates`` answers two questions for a line:

- ``first_start``: the person's earliest start under a block, from which the block's
  duration cap runs (for every line of that person with that block);
- ``parts``: the line's counted period cut where the person's hours change, each part with
  the person's total hours that day, when that total exceeds one full-time job.

It is built before the lines are checked: a line or period with unusable dates or hours is
left out (the checks refuse it, so nothing is valued).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import NamedTuple

from sroi.rules.engine.limits import HOURS_PER_WEEK
from sroi.rules.engine.periods import ONE_DAY, cap_end
from sroi.rules.engine.types import Basis, Block, CandidatePeriod, Line


class Part(NamedTuple):
    """Days of constant hours within a line's counted period."""

    start: date
    end: date
    total: Decimal  # the person's hours per week on these days, over all its placements


class _Hours(NamedTuple):
    owner: int | None  # the line's index here; None for a period elsewhere
    start: date
    last: date  # the end, or the cap's end when that comes first
    hours: Decimal


class Candidates:
    """The placements of the candidates of one calculation, here and elsewhere."""

    def __init__(
        self,
        lines: Iterable[tuple[int, Line]],
        elsewhere: Iterable[CandidatePeriod],
        blocks: Mapping[str, Block],
        basis_hours: Decimal,
    ) -> None:
        self.basis_hours = basis_hours
        self._first: dict[tuple[str, str], date] = {}
        placements: list[tuple[str, int | None, str, date, date, Decimal | None]] = []
        for index, line in lines:
            if line.candidate is None or line.start is None or line.end is None:
                continue
            block = blocks.get(line.block)
            hours = (
                line.hours_per_week
                if block is not None and block.basis is Basis.PER_FTE_YEAR
                else None
            )
            placements.append((line.candidate, index, line.block, line.start, line.end, hours))
        for period in elsewhere:
            placements.append(
                (period.candidate, None, period.block, period.start, period.end,
                 period.hours_per_week)
            )  # fmt: skip
        for candidate, _, code, start, _, _ in placements:
            known = self._first.get((candidate, code))
            if known is None or start < known:
                self._first[candidate, code] = start
        self._hours: dict[str, list[_Hours]] = {}
        for candidate, owner, code, start, end, hours in placements:
            if hours is None or not HOURS_PER_WEEK.admits(hours):
                continue
            block = blocks.get(code)
            months = block.max_duration_months if block is not None else None
            cap = cap_end(self._first[candidate, code], months)
            last = end if cap is None or end < cap else cap
            if last >= start:
                self._hours.setdefault(candidate, []).append(_Hours(owner, start, last, hours))

    def first_start(self, candidate: str, block: str) -> date:
        """The candidate's earliest start under ``block`` (its lines and periods elsewhere)."""
        return self._first[candidate, block]

    def parts(self, candidate: str, index: int, start: date, end: date) -> tuple[Part, ...]:
        """Line ``index``'s days ``start..end`` cut where the candidate's hours change.

        Empty when the candidate never works more than one full-time job on these days (the
        line's own hours factor applies unchanged).
        """
        own: Decimal | None = None
        others: list[_Hours] = []
        for placement in self._hours.get(candidate, ()):
            if placement.owner == index:
                own = placement.hours
            elif placement.start <= end and placement.last >= start:
                others.append(placement)
        if own is None or not others:
            return ()
        cuts = {start, end + ONE_DAY}
        for other in others:
            cuts.update(day for day in (other.start, other.last + ONE_DAY) if start < day <= end)
        bounds = sorted(cuts)
        parts: list[Part] = []
        for first, following in pairwise(bounds):
            total = own + sum(
                (other.hours for other in others if other.start <= first <= other.last),
                Decimal(0),
            )
            last = following - ONE_DAY
            if parts and parts[-1].total == total:
                parts[-1] = parts[-1]._replace(end=last)
            else:
                parts.append(Part(first, last, total))
        if all(part.total <= self.basis_hours for part in parts):
            return ()
        return tuple(parts)
