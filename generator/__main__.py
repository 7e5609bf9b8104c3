"""Command line: `python -m generator generate|check|validate|diff`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_SPEC = Path("spec/salesman-events.asyncapi.yaml")
DEFAULT_OUT = Path("generated")
EXIT_STALE = 1
EXIT_INVALID = 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description="AsyncAPI 3.x -> typed Python SDK + docs")
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="write the SDK package and docs")
    chk = commands.add_parser("check", help="exit 1 when the output directory is not what the spec gives")
    for sub in (gen, chk):
        sub.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help=f"spec file (default {DEFAULT_SPEC})")
        sub.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output directory (default {DEFAULT_OUT})")
    val = commands.add_parser("validate", help="check a spec; print one line per problem")
    val.add_argument("spec", type=Path, nargs="?", default=DEFAULT_SPEC)
    dif = commands.add_parser("diff", help="classify the changes between two specs; exit 1 when any is breaking")
    dif.add_argument("old", type=Path, help="the spec as it was")
    dif.add_argument("new", type=Path, help="the spec as it is now")
    dif.add_argument("--json", action="store_true", help='print {"breaking": [...], "compatible": [...]}')
    args = parser.parse_args(argv)

    from .errors import SpecInvalid

    try:
        if args.command == "generate":
            return _generate(args.spec, args.out)
        if args.command == "check":
            return _check(args.spec, args.out)
        if args.command == "diff":
            from .diff import run

            return run(args.old, args.new, as_json=args.json)
        return _validate(args.spec)
    except SpecInvalid as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        return EXIT_INVALID


def _generate(spec: Path, out: Path) -> int:
    from .stamp import up_to_date

    if up_to_date(out, spec):  # checked before the heavy imports: an unchanged spec costs almost nothing
        print(f"{out}: up to date", file=sys.stderr)
        return 0
    from .pipeline import generate, report_warnings

    result = generate(spec, out)
    report_warnings(result.warnings)
    changes = result.changes
    print(
        f"{out}: {len(changes.written)} written, {len(changes.removed)} removed, "
        f"{changes.unchanged} unchanged ({len(result.loaded.api.events)} events)",
        file=sys.stderr,
    )
    return 0


def _check(spec: Path, out: Path) -> int:
    from .pipeline import check, report_warnings

    result = check(spec, out)
    report_warnings(result.warnings)
    changes = result.changes
    for rel in changes.written:
        print(f"{out / rel}: stale or missing", file=sys.stderr)
    for rel in changes.removed:
        print(f"{out / rel}: not produced by the spec", file=sys.stderr)
    if changes:
        print(f"{out} is not what {spec} gives: run `make generate`", file=sys.stderr)
        return EXIT_STALE
    print(f"{out}: matches {spec}", file=sys.stderr)
    return 0


def _validate(spec: Path) -> int:
    from .build import load
    from .pipeline import report_warnings

    loaded = load(spec)
    report_warnings(loaded.warnings)
    print(f"{spec}: valid ({len(loaded.api.events)} events)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
