"""The ``sroi`` console script: the calculator without a web server.

``sroi calc FILE`` (``-`` reads standard input) values a calc-io JSON document and prints the
result as JSON; invalid input exits with status 2, prints nothing on standard output and one
line per problem on standard error. ``sroi rulesets`` lists the shipped rule sets.

This module never imports Django: the commands only need the pure engine and the JSON
readers, imported when a command runs so that ``sroi --help`` stays instant.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_INVALID = 2


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sroi",
        description="Social Return (SROI): value a calculation with a bouwblokken rule set.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    calc = sub.add_parser(
        "calc",
        help="value a calculation document (JSON) and print the result as JSON",
        description=(
            "Read one calculation document (see docs/calc-io.md) and print the valuation as "
            "JSON. Invalid input: exit status 2, one line per problem on standard error."
        ),
    )
    calc.add_argument("file", metavar="FILE", help="the JSON document, or - for standard input")
    calc.add_argument(
        "--lang",
        choices=("nl", "en"),
        default="nl",
        help="language of the explanation and the error messages (default: nl)",
    )

    sub.add_parser(
        "rulesets",
        help="list the shipped rule sets",
        description="List the shipped rule sets: id, version, validity and status.",
    )
    return parser


def _read_input(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    with open(path, "rb") as handle:
        return handle.read()


def _fail(lines: Sequence[str], stderr: TextIO) -> int:
    for line in lines:
        print(line, file=stderr)
    return EXIT_INVALID


def _command_calc(path: str, lang: str, stdout: TextIO, stderr: TextIO) -> int:
    import json

    from sroi.rules.calcio import load_document, parse_request, valuation_to_dict
    from sroi.rules.engine import CalculationError, Language, calculate
    from sroi.rules.files import RuleSetFileError, load_shipped_rulesets

    dutch = lang == "nl"
    source = "stdin" if path == "-" else path
    try:
        text = _read_input(path)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return _fail(
            [
                f"{source}: bestand kan niet worden gelezen: {reason}"
                if dutch
                else f"{source}: cannot read the file: {reason}"
            ],
            stderr,
        )

    try:
        doc = load_document(text)
    except CalculationError as exc:  # not JSON, or beyond the limits: one line, the source
        return _fail(
            [
                f"{source}: "
                + (f"{problem.field}: " if problem.field != "input" else "")
                + (problem.message_nl if dutch else problem.message)
                for problem in exc.problems
            ],
            stderr,
        )

    language = Language(lang)
    try:
        rulesets = load_shipped_rulesets()
        request, ruleset = parse_request(doc, rulesets=rulesets)
        valuation = calculate(request, ruleset, language=language)
    except CalculationError as exc:
        return _fail(
            [
                f"{problem.location()}: "
                f"{problem.message_nl if language is Language.NL else problem.message}"
                for problem in exc.problems
            ],
            stderr,
        )
    except RuleSetFileError as exc:  # a broken shipped file: not the user's input
        for problem in exc.problems:
            print(f"shipped rule sets: {problem}", file=stderr)
        return EXIT_INTERNAL

    output = json.dumps(valuation_to_dict(valuation), indent=2, ensure_ascii=False)
    stdout.write(output + "\n")
    return EXIT_OK


def _command_rulesets(stdout: TextIO) -> int:
    from sroi.rules.files import load_shipped_rulesets

    header = ("ID", "VERSION", "VALID FROM", "VALID TO", "STATUS", "NAME")
    rows = [
        (
            ruleset.id,
            ruleset.version,
            ruleset.valid_from.isoformat(),
            ruleset.valid_to.isoformat() if ruleset.valid_to else "-",
            ruleset.status.value,
            ruleset.name,
        )
        for ruleset in load_shipped_rulesets()
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        stdout.write("  ".join([*cells, row[-1]]) + "\n")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    stdout, stderr = sys.stdout, sys.stderr
    try:
        if args.command == "calc":
            return _command_calc(args.file, args.lang, stdout, stderr)
        return _command_rulesets(stdout)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`sroi calc x | head`): nothing to report
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_INTERNAL
    except Exception as exc:  # never a traceback: one line, and a distinct exit status
        print(f"sroi: internal error: {type(exc).__name__}: {exc}", file=stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
