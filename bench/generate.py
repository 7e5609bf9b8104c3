"""Benchmark: our generator against datamodel-code-generator's own CLI on the same spec.

Each round times three subprocesses (wall time, interpreter start-up and imports included), interleaved so machine
noise hits all alike:

- ours, full: ``python -m generator generate`` into a fresh empty directory (models + SDK + docs);
- ours, unchanged: the same command again on that directory, which the stamp file makes a no-op;
- baseline: ``datamodel-codegen`` generating only the models from the spec, with its default formatting.

One warm-up round is not counted. Prints medians and minima, and the two ratios against the baseline with their goals.
Run from the repo root: ``.venv/bin/python bench/generate.py [--spec PATH] [--rounds N] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from bench_args import positive

ROOT = Path(__file__).resolve().parent.parent
CODEGEN = Path(sys.executable).with_name("datamodel-codegen")
DEFAULT_SPEC = "spec/salesman-events.asyncapi.yaml"
GOAL_FULL = 1.0
GOAL_UNCHANGED = 0.3
BASELINE_ASYNCAPI = "datamodel-codegen CLI, models only"
BASELINE_JSONSCHEMA = "datamodel-codegen CLI, models only (bundled JSON Schema input)"


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def ours(spec: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "generate", "--spec", str(spec), "--out", str(out)]


def codegen(source: Path, file_type: str, out: Path) -> list[str]:
    return [str(CODEGEN), "--input", str(source), "--input-file-type", file_type, "--output", str(out),
            "--output-model-type", "pydantic_v2.BaseModel"]  # fmt: skip


def baseline_input(spec: Path, scratch: Path) -> tuple[Path, str, str]:
    """The AsyncAPI spec itself if the CLI takes it, else the bundled JSON Schema our generator feeds the library."""
    try:
        timed(codegen(spec, "asyncapi", scratch / "probe.py"))
        return spec, "asyncapi", BASELINE_ASYNCAPI
    except subprocess.CalledProcessError:
        bundled = scratch / "bundle.json"
        script = "import json, sys; from pathlib import Path; from generator.build import load; "
        script += "print(json.dumps(load(Path(sys.argv[1])).bundle.document()))"
        done = subprocess.run([sys.executable, "-c", script, str(spec)], cwd=ROOT, check=True, capture_output=True)
        bundled.write_bytes(done.stdout)
        return bundled, "jsonschema", BASELINE_JSONSCHEMA


def one_round(spec: Path, scratch: Path, baseline: tuple[Path, str]) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory(dir=scratch) as work:
        out = Path(work) / "out"
        out.mkdir()
        full = timed(ours(spec, out))
        unchanged = timed(ours(spec, out))
        base = timed(codegen(*baseline, Path(work) / "models.py"))
    return full, unchanged, base


def summary(times: list[float]) -> dict[str, float]:
    return {"median": statistics.median(times), "min": min(times)}


def measure(spec: Path, rounds: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="bench-generate-") as tmp:
        scratch = Path(tmp)
        source, file_type, label = baseline_input(spec, scratch)
        one_round(spec, scratch, (source, file_type))
        samples = [one_round(spec, scratch, (source, file_type)) for _ in range(rounds)]
    full, unchanged, base = (summary(list(column)) for column in zip(*samples, strict=True))
    return {
        "baseline": {**base, "input": file_type, "label": label},
        "ours_full": full,
        "ours_unchanged": unchanged,
        "ratio_full": full["median"] / base["median"],
        "ratio_unchanged": unchanged["median"] / base["median"],
        "goal_full": GOAL_FULL,
        "goal_unchanged": GOAL_UNCHANGED,
    }


def count_events(spec: Path) -> int:
    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    return len(document.get("channels") or {})


def table(result: dict[str, object]) -> str:
    def cell(key: str) -> str:
        value = result[key]
        assert isinstance(value, dict)
        return f"{value['median']:.3f} s ({value['min']:.3f} s)"

    base = result["baseline"]
    assert isinstance(base, dict)
    rows = [
        ("baseline", str(base["label"]), cell("baseline"), ""),
        ("ours", "full: models + SDK + docs", cell("ours_full"),
         f"{result['ratio_full']:.2f}x baseline  (goal <= {GOAL_FULL}x)"),
        ("ours", "unchanged spec (stamp)", cell("ours_unchanged"),
         f"{result['ratio_unchanged']:.2f}x baseline  (goal <= {GOAL_UNCHANGED}x)"),
    ]  # fmt: skip
    width = max(len(label) for _, label, _, _ in rows) + 3
    head = f"generate benchmark: {result['spec']} ({result['events']} events), {result['rounds']} rounds, medians (min)"
    return "\n".join(
        [head, *(f"  {who:<8}  {label:<{width}}{cell_}   {ratio}".rstrip() for who, label, cell_, ratio in rows)]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--spec", default=DEFAULT_SPEC, help=f"AsyncAPI spec (default {DEFAULT_SPEC})")
    parser.add_argument("--rounds", type=positive, default=7, help="counted rounds (default 7)")
    parser.add_argument("--json", action="store_true", help="print the numbers as one JSON object")
    args = parser.parse_args()
    spec = Path(args.spec).resolve()
    result: dict[str, object] = {"spec": args.spec, "events": count_events(spec), "rounds": args.rounds}
    try:
        result |= measure(spec, args.rounds)
    except subprocess.CalledProcessError as error:
        print(f"benchmark aborted, command failed: {' '.join(error.cmd)}", file=sys.stderr)
        print(error.stderr.decode(errors="replace"), file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
