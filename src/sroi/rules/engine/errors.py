"""Errors of the engine. Never a silent default: every problem names the line and the field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input.

    ``line`` is the 0-based index of the line, or ``None`` for the contract or rule set.
    ``field`` names the input field (``"hours_per_week"``, ``"contract.end"``, ``"ruleset"``).
    ``code`` is a stable machine code (``"end_before_start"``); ``message`` is English prose;
    ``message_nl`` is the Dutch text shown to users.
    """

    line: int | None
    field: str
    code: str
    message: str
    message_nl: str

    def location(self) -> str:
        where = f"lines[{self.line}].{self.field}" if self.line is not None else self.field
        return where


class CalculationError(Exception):
    """Raised with every problem found, not just the first."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("; ".join(f"{p.location()}: {p.message}" for p in self.problems))
