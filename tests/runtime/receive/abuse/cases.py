"""The hostile requests of the receiver abuse suite (test_*.py beside this file): `Case`, the ways to build one,
and the registry of generators by category, from which `generated` draws PER_CATEGORY requests per category.

Each test_* module of the abuse suite registers the generators of its own categories (`gen`) and runs them in-process;
test_transport loads every module (`all_categories`) to send a sample of each category over HTTP.
"""

from __future__ import annotations

import importlib
import random
import zlib
from collections import defaultdict
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from salesman_events import EVENTS
from salesman_events._runtime.wire import signing
from salesman_events._runtime.wire.messages import Request

SECRET = signing.new_secret()
OTHER_SECRET = signing.new_secret()
TOKEN = "t0k3n"
LIMIT = 1024 * 1024  # the default max_body
SMALL = 1024
KINDS = ("plain", "signed", "token", "small")
MAX_BODY = {"plain": LIMIT, "signed": LIMIT, "token": LIMIT, "small": SMALL}
PER_CATEGORY = 8_000  # x 13 categories = 104,000 in-process requests
JSON_CT = "application/json"
FORM_CT = "application/x-www-form-urlencoded"
EVENT_NAMES = tuple(str(name) for name in EVENTS)  # plain str, not the StrEnum
KNOWN_HEADERS = ("content-type", "webhook-id", "webhook-timestamp", "webhook-signature", "x-salesman-event")
JSON_ACCEPTED = b'{"event":"deal.close","did":1}'  # any receiver takes it


# --------------------------------------------------------------------------------------------------------------------
# Cases


class Case(NamedTuple):  # a NamedTuple: 100,000 of them are built and _replace'd, dataclasses are slower
    """One request. `kind` picks the receiver; `expect` is a status the contract pins down, when there is one."""

    label: str
    method: str = "POST"
    path: str = "/"
    query: bytes = b""
    headers: Mapping[str, str] = MappingProxyType({})
    body: bytes = b""
    kind: str | None = None  # None: `finish` picks one and authenticates for it (or deliberately does not)
    expect: int | None = None

    def request(self) -> Request:
        return Request(self.method, self.path, self.query, dict(self.headers), self.body)

    def shown(self) -> str:
        parts = [f"{self.kind}", repr(self.method)[:40], repr(self.path)[:80], repr(self.query)[:160]]
        parts += [repr(dict(self.headers))[:300], f"body[{len(self.body)}]={self.body[:240]!r}"]
        return " ".join(parts)


def replace(case: Case, **changes: Any) -> Case:
    return case._replace(**changes)


def post(label: str, body: bytes, ctype: str | None = JSON_CT, **kw: Any) -> Case:
    headers = {} if ctype is None else {"content-type": ctype}
    headers.update(kw.pop("headers", {}))
    return Case(label, "POST", headers=headers, body=body, **kw)


def get(label: str, query: bytes, **kw: Any) -> Case:
    return Case(label, "GET", query=query, **kw)


def signed(case: Case, msg_id: str, *, secret: str = SECRET, timestamp: int | None = None) -> dict[str, str]:
    content = case.body if case.method == "POST" else case.query
    return signing.signed_headers([secret], msg_id, content, timestamp=timestamp)


def finish(rng: random.Random, case: Case) -> Case:
    """Give a case without a receiver one, and authenticate it for it 80% of the time (else it must be a 401)."""
    if case.kind is not None:
        return case
    kind = rng.choices(KINDS, weights=(4, 3, 2, 2))[0]
    authorised = True
    if kind == "token":
        if rng.random() < 0.8:
            case = replace(case, query=case.query + (b"&" if case.query else b"") + f"token={TOKEN}".encode())
        else:
            authorised = False
    elif kind == "signed":
        if rng.random() < 0.8:
            case = replace(case, headers={**case.headers, **signed(case, f"msg_{rng.getrandbits(64):016x}")})
        else:
            authorised = False
    expect = case.expect
    if expect is not None and case.method in ("GET", "POST"):
        if len(case.body) > MAX_BODY[kind]:
            expect = 413
        elif not authorised:
            expect = 401
    return replace(case, kind=kind, expect=expect)


# --------------------------------------------------------------------------------------------------------------------
# Generators, by category: each returns one Case; `generated` draws them by weight

Gen = Callable[[random.Random], Case]
GENERATORS: dict[str, dict[str, tuple[int, Gen]]] = defaultdict(dict)  # category -> name -> (weight, generator)


def gen(category: str, weight: int = 2) -> Callable[[Gen], Gen]:
    def register(function: Gen) -> Gen:
        GENERATORS[category][function.__name__] = (weight, function)  # by name: a module imported twice adds none
        return function

    return register


def categories_in(module: str) -> tuple[str, ...]:
    """The categories whose generators `module` defines."""
    return tuple(
        category
        for category, entries in GENERATORS.items()
        if any(function.__module__ == module for _, function in entries.values())
    )


def all_categories() -> tuple[str, ...]:
    """Every category: each test_* module of the abuse suite is imported, which registers its generators (pytest imports
    test modules under the same names, so none is imported twice)."""
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        importlib.import_module(f"{__package__}.{path.stem}")
    return tuple(GENERATORS)


@cache
def generated(category: str) -> tuple[Case, ...]:
    rng = random.Random(zlib.crc32(category.encode()))
    entries = [(name, weight, function) for name, (weight, function) in GENERATORS[category].items()]
    weights = [weight for _, weight, _ in entries]
    cases: list[Case] = []
    for _ in range(PER_CATEGORY):
        if cases and rng.random() < 0.02:  # an exact replay: dedupe must answer it, never fail on it
            original = rng.choice(cases)
            cases.append(replace(original, label="replay:" + original.label))
            continue
        name, _, function = rng.choices(entries, weights)[0]
        case = function(rng)
        cases.append(finish(rng, replace(case, label=f"{name}:{case.label}" if case.label else name)))
    return tuple(cases)
