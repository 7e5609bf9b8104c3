"""Receiver abuse, PHP forms and queries: hostile form bodies and query strings, valid ones with garbage around
them, odd bytes in queries, GET with a body; and the token query parameter (variants, elsewhere, huge or odd).

The contract they are held to, and how failures are reported: abuse_checks. Run with -s to see the count per status.
"""

from __future__ import annotations

import random

import pytest

from salesman_events._runtime.wire import phpquery

from .cases import FORM_CT, JSON_CT, TOKEN, Case, categories_in, gen, get, post, replace
from .checks import check_core
from .payloads import dumps, form_garbage, valid_payload

# ---- bad forms and queries (the same PHP codec)


@gen("bad_form", 10)
def form_body(rng: random.Random) -> Case:
    label, body = form_garbage(rng)
    return post(label, body, rng.choice((FORM_CT, FORM_CT, "application/x-www-form-urlencoded; charset=utf-8")))


@gen("bad_form", 2)
def valid_form_with_garbage(rng: random.Random) -> Case:
    label, junk = form_garbage(rng)
    body = phpquery.encode(valid_payload(rng)).encode()
    return post(label, body + b"&" + junk if rng.random() < 0.5 else junk + b"&" + body, FORM_CT)


@gen("bad_query", 10)
def query_garbage(rng: random.Random) -> Case:
    label, query = form_garbage(rng)
    return get(label, query, path=rng.choice(("/", "/deal.close", "/hooks/")))


@gen("bad_query", 2)
def valid_query_with_garbage(rng: random.Random) -> Case:
    label, junk = form_garbage(rng)
    query = phpquery.encode(valid_payload(rng)).encode()
    return get(label, query + b"&" + junk if rng.random() < 0.5 else junk + b"&" + query)


@gen("bad_query", 2)
def query_odd_bytes(rng: random.Random) -> Case:
    query = phpquery.encode(valid_payload(rng)).encode()
    at = rng.randrange(len(query) + 1)
    odd = rng.choice((b"?", b"#", b" ", b"?&?", b"\xc3\xa9", b"\xff", b"\r\n", b"\t", b"%", b";", b"\\", b"'\"<>"))
    return get(repr(odd), query[:at] + odd + query[at:])


@gen("bad_query", 1)
def get_with_body(rng: random.Random) -> Case:
    query = phpquery.encode(valid_payload(rng)).encode() if rng.random() < 0.5 else b""
    body = rng.choice((dumps(valid_payload(rng)), b"", rng.randbytes(30), b"event=deal.close&did=1"))
    return Case(
        "get-with-body", "GET", query=query, headers={"content-type": rng.choice((JSON_CT, FORM_CT))}, body=body
    )


# ---- token


TOKEN_QUERIES: tuple[tuple[bytes, int], ...] = (
    (b"", 401), (b"token=", 401), (b"token=wrong", 401), (b"token=t0k3n+", 401), (b"token=t0k3n ", 401),
    (b"token=T0K3N", 401), (b"token=t0k3n%00", 401), (b"token=t0k3n\x00", 200), (b"token[]=t0k3n", 401),
    (b"token[a]=t0k3n", 401), (b"tok%65n=t0k3n", 200), (b"token=x&token=t0k3n", 200), (b"token=t0k3n&token=x", 401),
    (b"token=%74%30k3n", 200), (b"token=%FF", 400), (b"TOKEN=t0k3n", 401), (b"+token=t0k3n", 200),
    (b"token.=t0k3n", 401),
    (b"token=t0k3n&token[]=x", 401), (b"token", 401), (b"token=%C3%A9", 401), (b"token=\xd1\x82", 401),
    (b"token=t0k3n&%zz", 200), (b"&&token=t0k3n&&", 200), (b"token=t0k3n;", 401), (b"token=t0k3\n", 401),
    (b"token=t%30k3n", 200), (b"token%5B%5D=t0k3n", 401), (b"token%00=t0k3n", 200), (b"%00token=t0k3n", 401),
)  # fmt: skip


@gen("token", 6)
def token_variants(rng: random.Random) -> Case:
    token, expect = rng.choice(TOKEN_QUERIES)
    payload = valid_payload(rng)
    if rng.random() < 0.5:
        case = post(repr(token)[:20], dumps(payload, rng), query=token)
    else:  # GET: payload and token share the query (token last: a NUL in it must not hide the payload)
        encoded = phpquery.encode(payload).encode()
        case = get(repr(token)[:20], encoded + b"&" + token if token else encoded)
    return replace(case, kind="token", expect=expect)


@gen("token", 2)
def token_elsewhere(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    where = rng.choice(("form-body", "json-body", "header", "path"))
    if where == "form-body":
        case = post(where, phpquery.encode({**payload, "token": TOKEN}).encode(), FORM_CT)
    elif where == "json-body":
        case = post(where, dumps({**payload, "token": TOKEN}))
    elif where == "header":
        case = post(where, dumps(payload), headers={"token": TOKEN, "authorization": f"Bearer {TOKEN}"})
    else:
        case = post(where, dumps(payload), path=f"/token={TOKEN}")
    return replace(case, kind="token", expect=401)


@gen("token", 2)
def token_huge_or_odd(rng: random.Random) -> Case:
    value = rng.choice((b"t" * 100_000, "токен".encode(), b"%ED%A0%80", b"t0k3n" * 1000, rng.randbytes(16), b"%"))
    case = post("odd", dumps(valid_payload(rng)), query=b"token=" + value)
    return replace(case, kind="token")


CATEGORIES = categories_in(__name__)


@pytest.mark.parametrize("category", CATEGORIES)
def test_core(category: str) -> None:
    check_core(category)
