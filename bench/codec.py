"""Benchmark: our PHP form codec (generator.runtime.wire.phpquery) against qs-codec, on real PHP output.

Inputs are the committed PHP fixtures (tests/fixtures/php/fixtures.json): every query string (http_build_query
output and hand-written corner cases) is decoded, every PHP value is encoded. Both libraries run in this one process,
interleaved round by round so machine noise hits both alike; qs-codec gets the options closest to PHP's semantics:

- decode: ``DecodeOptions(duplicates=LAST, parse_lists=True, list_limit=1000, depth=64, parameter_limit=1000)``
  (PHP: the later duplicate wins; max_input_nesting_level=64, max_input_vars=1000; no list limit);
- encode: ``EncodeOptions(list_format=INDICES, format=RFC1738, skip_nulls=True)`` (PHP: ``a[0]=``, ``+`` for space,
  null omitted).

Correctness counts how many fixtures each decodes to PHP's shape (``json_encode(parse_str(...))``) and encodes to
PHP's exact bytes. Prints the median µs per call (min in brackets), the ratio, and which codec the project keeps.
Run from the repo root: ``.venv/bin/python bench/codec.py [--rounds N] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import qs_codec
from bench_args import positive
from qs_codec import DecodeOptions, Duplicates, EncodeOptions, Format, ListFormat

from generator.runtime.wire import phpquery

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "php" / "fixtures.json"
TARGET_SECONDS = 2.0
QS_DECODE = DecodeOptions(
    duplicates=Duplicates.LAST, parse_lists=True, list_limit=1000, depth=64, parameter_limit=1000
)  # fmt: skip
QS_ENCODE = EncodeOptions(list_format=ListFormat.INDICES, format=Format.RFC1738, skip_nulls=True)

Codec = Callable[[Any], Any]
CODECS: dict[str, dict[str, Codec]] = {
    "decode": {"ours": phpquery.decode, "qs_codec": lambda query: qs_codec.decode(query, QS_DECODE)},
    "encode": {"ours": phpquery.encode, "qs_codec": lambda value: qs_codec.encode(value, QS_ENCODE)},
}


def top_level(value: Any) -> Any:
    """A PHP top-level array as a dict: both codecs take and give dicts there (json_encode may give a list)."""
    return {str(i): v for i, v in enumerate(value)} if isinstance(value, list) else value


def load() -> dict[str, list[tuple[Any, Any]]]:
    """(input, what PHP made of it) for each operation."""
    fixtures = json.loads(FIXTURES.read_text(encoding="utf-8"))
    queries = fixtures["cases"] + fixtures["queries"]
    return {
        "decode": [(case["query"], top_level(json.loads(case["parsed"]))) for case in queries],
        "encode": [(top_level(json.loads(case["input"])), case["query"]) for case in fixtures["cases"]],
    }


def agrees(codec: Codec, given: Any, php: Any) -> bool:
    try:
        return bool(codec(given) == php)
    except Exception:  # a codec that raises on PHP's own output simply disagrees with it
        return False


def safe(codec: Codec) -> Codec:
    def call(given: Any) -> Any:
        try:
            return codec(given)
        except Exception:
            return None

    return call


def one_round(codec: Codec, inputs: list[Any]) -> float:
    """Seconds per call, over one pass through the inputs."""
    start = time.perf_counter()
    for given in inputs:
        codec(given)
    return (time.perf_counter() - start) / len(inputs)


def measure(rounds: int | None) -> dict[str, Any]:
    data = load()
    timed = {op: {who: safe(codec) for who, codec in codecs.items()} for op, codecs in CODECS.items()}
    inputs = {op: [given for given, _ in pairs] for op, pairs in data.items()}
    for _ in range(2):  # the second warm-up round, past first-call costs, sizes the run
        warm_up = sum(one_round(codec, inputs[op]) * len(inputs[op]) for op in timed for codec in timed[op].values())
    rounds = rounds or max(5, int(TARGET_SECONDS / warm_up))
    samples: dict[str, dict[str, list[float]]] = {op: {who: [] for who in timed[op]} for op in timed}
    for _ in range(rounds):
        for op, codecs in timed.items():
            for who, codec in codecs.items():
                samples[op][who].append(one_round(codec, inputs[op]) * 1e6)
    result: dict[str, Any] = {"rounds": rounds}
    for op, pairs in data.items():
        entry: dict[str, Any] = {"fixtures": len(pairs)}
        for who, codec in CODECS[op].items():
            times = samples[op][who]
            entry[who] = {
                "us": statistics.median(times),
                "min_us": min(times),
                "php_match": sum(agrees(codec, given, php) for given, php in pairs),
            }
        entry["ratio"] = entry["qs_codec"]["us"] / entry["ours"]["us"]
        result[op] = entry
    result["verdict"] = verdict(result)
    return result


def verdict(result: dict[str, Any]) -> str:
    """Correctness first (fixtures matching PHP), then speed."""
    ours = sum(result[op]["ours"]["php_match"] for op in CODECS)
    theirs = sum(result[op]["qs_codec"]["php_match"] for op in CODECS)
    total = sum(result[op]["fixtures"] for op in CODECS)
    speed = ", ".join(f"{result[op]['ratio']:.1f}x faster at {op}" for op in CODECS)
    if ours > theirs:
        return f"keep phpquery: it matches PHP on {ours}/{total} fixtures, qs-codec on {theirs}/{total}; and {speed}"
    if ours < theirs:
        return f"switch to qs-codec: it matches PHP on {theirs}/{total} fixtures, phpquery only on {ours}/{total}"
    faster = all(result[op]["ratio"] >= 1 for op in CODECS)
    return f"{'keep phpquery' if faster else 'either'}: both match PHP on {ours}/{total} fixtures; phpquery is {speed}"


def table(result: dict[str, Any]) -> str:
    lines = [f"PHP form codec benchmark: {result['rounds']} rounds over the PHP fixtures, median µs per call (min)"]
    lines.append(f"  {'op':<7} {'codec':<9} {'µs/call':>18}   {'matches PHP':>11}")
    for op in CODECS:
        entry = result[op]
        for who in ("ours", "qs_codec"):
            row = entry[who]
            timing = f"{row['us']:8.2f} ({row['min_us']:.2f})"
            lines.append(f"  {op:<7} {who:<9} {timing:>18}   {row['php_match']:>5}/{entry['fixtures']:<5}")
        lines.append(f"  {op:<7} ratio     qs-codec / ours = {entry['ratio']:.2f}x")
    lines.append(f"verdict: {result['verdict']}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=positive, help=f"rounds (default: enough for about {TARGET_SECONDS:.0f} s)")
    parser.add_argument("--json", action="store_true", help="print the numbers as one JSON object")
    args = parser.parse_args()
    result = measure(args.rounds)
    print(json.dumps(result, indent=2, ensure_ascii=False) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
