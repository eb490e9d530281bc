"""The ``grader`` command. ``main(argv)`` returns an exit code; only ``run`` exits.

Exit codes: 0 success; 1 ``check`` found failing checks (or ``compare`` found the
expressions different); 2 usage or spec error.
"""

from __future__ import annotations

import argparse
import enum
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from grader.errors import GraderError, SpecError, UsageError


class ExitCode(enum.IntEnum):
    OK = 0
    FAILURES = 1
    USAGE = 2
    REVIEW = 3  # compare only: the engine could not decide


EPILOG = """\
examples:
  grader grade submissions/ --out reports      grade every submission in a folder
  grader grade alice/ bob.md --out reports     grade two submissions
  grader check my_submission/                  self-check: public checks only
  grader validate                              the references must earn 72/72
  grader compare 'X^T X b - X^T y' '-X^T(y - X b)' --symbols 'X:5x3 y:5x1 b:3x1'
  grader doctor                                which sandbox layers this machine has
  grader schema > problem.schema.json          JSON Schema for problem files

exit codes: 0 success; 1 check found failures (compare: not equivalent); 2 usage or spec
error (compare: unreadable expression); 3 compare could not decide (needs review)
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="grader",
        description="Grade ML exams: code, derivations and short written answers.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    grade = sub.add_parser(
        "grade",
        help="grade submissions (instructors)",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    grade.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="a submission (folder or file), or a folder of submission folders",
    )
    grade.add_argument(
        "--out", type=Path, default=Path("reports"), help="output folder (default: reports)"
    )
    grade.add_argument(
        "--problems", type=Path, default=None, help="problem specs (default: bundled)"
    )
    check = sub.add_parser("check", help="self-check a submission (students; public checks only)")
    check.add_argument("path", type=Path)
    check.add_argument("--problems", type=Path, default=None)
    validate = sub.add_parser(
        "validate", help="load every spec; the references must earn full marks"
    )
    validate.add_argument("--problems", type=Path, default=None)
    compare = sub.add_parser(
        "compare", help="compare two expressions with the grader's math engine"
    )
    compare.add_argument("a")
    compare.add_argument("b")
    compare.add_argument("--symbols", default="", help="e.g. 'X:5x3 y:5x1 beta:3x1 z1'")
    compare.add_argument(
        "--definitions", type=Path, default=None, help="YAML file: name → expression"
    )
    compare.add_argument("--json", action="store_true", help="machine-readable output")
    sub.add_parser("doctor", help="which isolation layers are active on this machine")
    sub.add_parser("schema", help="print the JSON Schema of problem files")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(_dispatch(args))
    except (SpecError, UsageError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    except GraderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return ExitCode.USAGE


def _dispatch(args: argparse.Namespace) -> ExitCode:
    from grader import commands  # imported late: `grader --help` stays fast

    if args.command == "grade":
        return ExitCode(commands.grade(args.paths, args.out, args.problems))
    if args.command == "check":
        return ExitCode(commands.check(args.path, args.problems))
    if args.command == "validate":
        return ExitCode(commands.validate(args.problems))
    if args.command == "compare":
        code, text = commands.compare(
            args.a, args.b, args.symbols, args.definitions, as_json=args.json
        )
        print(text)
        return ExitCode(code)
    if args.command == "doctor":
        print(commands.doctor())
        return ExitCode.OK
    if args.command == "schema":
        from grader.spec import json_schema

        print(json_schema())
        return ExitCode.OK
    raise UsageError(f"unknown command {args.command}")  # pragma: no cover (argparse refuses it)


def run() -> None:
    sys.exit(main())


__all__ = ["ExitCode", "build_parser", "json", "main", "run"]
