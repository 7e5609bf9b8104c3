"""Receiver abuse, everything random: byte soup (random methods, paths, queries, headers and bodies, or one part of a
valid request swapped for soup) and a hypothesis sweep over the in-process core.

The contract they are held to, and how failures are reported: abuse_checks. Run with -s to see the count per status.
"""

from __future__ import annotations

import itertools
import json
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesman_events._runtime.wire import phpquery

from .cases import (
    EVENT_NAMES,
    FORM_CT,
    JSON_CT,
    KINDS,
    KNOWN_HEADERS,
    TOKEN,
    Case,
    categories_in,
    gen,
    replace,
    signed,
)
from .checks import STATS, check_core, run_core
from .payloads import ALL_FIELD_NAMES, deliver, dumps, form_garbage, mutate, soup_text, valid_payload, word

# ---- byte soup: everything random


def soup_headers(rng: random.Random) -> dict[str, str]:
    headers: dict[str, str] = {}
    for _ in range(rng.randint(0, 8)):
        name = soup_text(rng, rng.randint(0, 20)) if rng.random() < 0.5 else word(rng)
        headers[name.lower() if rng.random() < 0.8 else name] = soup_text(rng, rng.randint(0, 60))
    for name in rng.sample(KNOWN_HEADERS, k=rng.randint(0, len(KNOWN_HEADERS))):
        if name == "content-type" and rng.random() < 0.6:
            headers[name] = rng.choice((JSON_CT, FORM_CT))
        else:
            headers[name] = soup_text(rng, rng.randint(0, 40)) if rng.random() < 0.7 else rng.choice(EVENT_NAMES)
    return headers


def soup_body(rng: random.Random) -> bytes:
    choice = rng.randrange(4)
    if choice == 0:
        return rng.randbytes(rng.choice((0, 1, 10, 200, 3000)))
    if choice == 1:
        return mutate(rng, dumps(valid_payload(rng)))
    if choice == 2:
        return soup_text(rng, rng.randint(0, 200)).encode("utf-8", "surrogatepass")
    return form_garbage(rng)[1]


@gen("byte_soup", 4)
def soup(rng: random.Random) -> Case:
    method = rng.choice(("POST", "GET", "POST", "GET", word(rng).upper(), soup_text(rng, rng.randint(0, 10))))
    path = rng.choice(("/", "/" + rng.choice(EVENT_NAMES), soup_text(rng, rng.randint(0, 40))))
    query = rng.randbytes(rng.randint(0, 60)) if rng.random() < 0.5 else form_garbage(rng)[1]
    return Case("soup", method, path, query if rng.random() < 0.7 else b"", soup_headers(rng), soup_body(rng))


@gen("byte_soup", 2)
def soup_valid_envelope(rng: random.Random) -> Case:
    """A valid request with one part swapped for soup, so the soup reaches deeper."""
    case = deliver(rng, valid_payload(rng))
    part = rng.choice(("method", "path", "query", "headers", "body", "header-value"))
    if part == "method":
        return replace(case, label=part, method=soup_text(rng, rng.randint(1, 8)))
    if part == "path":
        return replace(case, label=part, path=soup_text(rng, rng.randint(0, 40)))
    if part == "query":
        return replace(case, label=part, query=rng.randbytes(rng.randint(1, 40)))
    if part == "headers":
        return replace(case, label=part, headers={**case.headers, **soup_headers(rng)})
    if part == "body":
        return replace(case, label=part, body=soup_body(rng))
    name = rng.choice(KNOWN_HEADERS)
    return replace(case, label=f"{part}:{name}", headers={**case.headers, name: soup_text(rng, rng.randint(0, 30))})


CATEGORIES = categories_in(__name__)


@pytest.mark.parametrize("category", CATEGORIES)
def test_core(category: str) -> None:
    check_core(category)


# --------------------------------------------------------------------------------------------------------------------
# Hypothesis over the in-process core

METHODS = ("POST", "GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "post", "", "FOO")
CONTENT_TYPES = (JSON_CT, FORM_CT, "text/plain", "APPLICATION/JSON", "application/json; charset=latin-1",
                 "multipart/form-data; boundary=x", "application/vnd.x+json", "")  # fmt: skip
# Flat strategies: recursive ones cost hypothesis more time than the receiver takes to answer.
_leaves = st.one_of(st.integers(), st.text(max_size=8), st.none(), st.floats(), st.booleans())
_values = st.one_of(
    _leaves,
    st.lists(_leaves, max_size=3),
    st.dictionaries(st.sampled_from(("1", "2", "01", "a", "clid", "did")), _leaves, max_size=3),
)
_keys = st.one_of(st.sampled_from(sorted(ALL_FIELD_NAMES)), st.text(max_size=6))
payloads = st.builds(
    lambda name, fields: {"event": name, **fields},
    st.one_of(st.sampled_from(EVENT_NAMES), st.text(max_size=12)),
    st.dictionaries(_keys, _values, max_size=4),
)
forms = st.dictionaries(
    _keys, st.one_of(st.text(max_size=8), st.integers(), st.lists(st.text(max_size=4), max_size=3)), max_size=4
)


def _form(data: dict[str, Any]) -> bytes:
    return phpquery.encode(data).encode()


def _valid_body(seed: int) -> tuple[bytes, str]:
    payload = valid_payload(random.Random(seed))
    return (dumps(payload), JSON_CT) if seed % 2 else (_form(payload), FORM_CT)


NATURAL = "<the body's own content type>"
bodies = st.one_of(  # (body, its own content type)
    st.binary(max_size=2_000).map(lambda body: (body, JSON_CT)),
    payloads.map(lambda p: (json.dumps(p).encode(), JSON_CT)),
    forms.map(lambda data: (_form(data), FORM_CT)),
    st.integers(0, 2**32).map(_valid_body),  # so that acceptance is reached too
)
queries = st.one_of(st.binary(max_size=300), st.integers(0, 2**32).map(lambda seed: _valid_body(seed * 2)[0]))
_HYPOTHESIS_IDS = itertools.count()


@settings(max_examples=2_000, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(
    kind=st.sampled_from(KINDS),
    method=st.one_of(st.sampled_from(("POST", "GET")), st.sampled_from(METHODS)),
    path=st.one_of(st.sampled_from(("/", "/deal.close", "/hooks/client.add/")), st.text(max_size=30)),
    query=queries,
    body=bodies,
    content_type=st.one_of(st.just(NATURAL), st.none(), st.sampled_from(CONTENT_TYPES), st.text(max_size=30)),
    headers=st.dictionaries(
        st.one_of(st.sampled_from(KNOWN_HEADERS), st.text(max_size=12)), st.text(max_size=40), max_size=4
    ),
    authenticate=st.booleans(),
)
def test_hypothesis_core(
    kind: str,
    method: str,
    path: str,
    query: bytes,
    body: tuple[bytes, str],
    content_type: str | None,
    headers: dict[str, str],
    authenticate: bool,
) -> None:
    all_headers = {name.lower(): value for name, value in headers.items()}
    if content_type is not None:
        all_headers["content-type"] = body[1] if content_type == NATURAL else content_type
    case = Case("hypothesis", method, path, query, all_headers, body[0], kind)
    if authenticate and kind == "token":
        case = replace(case, query=query + b"&token=" + TOKEN.encode())
    elif authenticate and kind == "signed":
        case = replace(case, headers={**all_headers, **signed(case, f"hyp_{next(_HYPOTHESIS_IDS)}")})
    status, problems = run_core(case)
    STATS["hypothesis"][str(status)] += 1
    assert not problems, f"{problems}\n  input: {case.shown()}"
