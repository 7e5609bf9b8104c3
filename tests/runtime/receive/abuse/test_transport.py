"""Receiver abuse, sizes and transport: oversize bodies (and ones exactly at the limit); a varied sample of every
category's requests over uvicorn (ASGI) and wsgiref (WSGI) on 127.0.0.1; bad Content-Length headers; and the totals:
over 100,000 requests in-process (PER_CATEGORY per category), never a 5xx.

The contract they are held to, and how failures are reported: abuse_checks. Run with -s to see the count per status.
"""

from __future__ import annotations

import asyncio
import io
import json
import random
import socket
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

import httpx
import pytest

from salesman_events._runtime.wire import phpquery

from .cases import (
    FORM_CT,
    JSON_ACCEPTED,
    JSON_CT,
    KINDS,
    LIMIT,
    PER_CATEGORY,
    SMALL,
    Case,
    all_categories,
    categories_in,
    gen,
    post,
    replace,
)
from .checks import RAN, STATS, Servers, check_core, make_receiver, sample, send_all
from .payloads import dumps, valid_payload

HTTP_PER_CATEGORY = 165  # x 13 = 2,145 over uvicorn
WSGI_PER_CATEGORY = 24  # x 13 = 312 over wsgiref


@cache
def filler(size: int, byte: bytes = b" ") -> bytes:
    return byte * size


@cache
def padded_valid(name: str, size: int) -> bytes:
    """A valid payload padded with whitespace to exactly `size` bytes."""
    body = dumps(valid_payload(random.Random(name), name))
    return body[:-1] + b" " * (size - len(body)) + b"}"


# ---- oversize bodies


@gen("oversize", 4)
def over_limit(rng: random.Random) -> Case:
    size = rng.choice((LIMIT + 1, LIMIT + 1000, 2 * LIMIT))
    byte = rng.choice((b" ", b"{", b"a"))
    ctype = rng.choice((JSON_CT, FORM_CT, "text/plain", None))
    return replace(
        post(f"{size}", filler(size, byte), ctype, expect=413), kind=rng.choice(("plain", "signed", "token"))
    )


@gen("oversize", 4)
def over_small_limit(rng: random.Random) -> Case:
    size = rng.choice((SMALL + 1, SMALL + 2, 2000, 5000, 65_536, 100_000))
    return replace(post(f"{size}", filler(size, b"["), rng.choice((JSON_CT, FORM_CT)), expect=413), kind="small")


@gen("oversize", 1)
def at_limit(rng: random.Random) -> Case:
    name = rng.choice(("deal.close", "client.add", "task.add"))
    size = rng.choice((LIMIT, LIMIT - 1, SMALL, SMALL - 1, SMALL + 1))
    return post(f"{name}-{size}", padded_valid(name, size), expect=200)  # finish: 413 if over its receiver's limit


@gen("oversize", 1)
def over_limit_get(rng: random.Random) -> Case:
    query = phpquery.encode(valid_payload(rng)).encode()
    case = Case("get-body", "GET", query=query, body=filler(LIMIT + 1, b"x"), expect=413)
    return replace(case, kind="plain")


@gen("oversize", 1)
def over_limit_bad_method(rng: random.Random) -> Case:
    case = post("put", filler(LIMIT + 1), expect=405)
    return replace(case, method=rng.choice(("PUT", "PATCH", "DELETE")), kind=rng.choice(KINDS))


@pytest.mark.parametrize("category", categories_in(__name__))
def test_core(category: str) -> None:
    check_core(category)


# --------------------------------------------------------------------------------------------------------------------
# Over HTTP: uvicorn (ASGI) and wsgiref (WSGI) on 127.0.0.1, a sample of every category

CATEGORIES = all_categories()  # each test_* module of the abuse suite imported: the sample takes from all of them


def test_plan_is_large_enough() -> None:
    assert len(CATEGORIES) * PER_CATEGORY >= 100_000
    assert len(CATEGORIES) * HTTP_PER_CATEGORY >= 2_000


@pytest.fixture(scope="module")
def asgi_urls() -> Iterator[dict[str, str]]:
    servers = Servers()
    for kind in KINDS:
        servers.uvicorn(kind, make_receiver(kind))
    yield servers.urls
    servers.stop()


@pytest.fixture(scope="module")
def wsgi_urls() -> Iterator[dict[str, str]]:
    servers = Servers()
    for kind in KINDS:
        servers.wsgiref(kind, make_receiver(kind).wsgi)
    yield servers.urls
    servers.stop()


@pytest.mark.parametrize("category", CATEGORIES)
def test_uvicorn(category: str, asgi_urls: dict[str, str]) -> None:
    chosen = sample(category, HTTP_PER_CATEGORY, offset=1, max_body=3 * LIMIT)
    tally = send_all("uvicorn", category, asgi_urls, chosen)
    text = tally.report()
    assert len(chosen) == HTTP_PER_CATEGORY, text
    assert not tally.failed, text
    assert len(tally.refused) * 100 < len(chosen), text  # < 1% refused before the app, and none of them a 5xx


@pytest.mark.parametrize("category", CATEGORIES)
def test_wsgiref(category: str, wsgi_urls: dict[str, str]) -> None:
    chosen = sample(category, WSGI_PER_CATEGORY, offset=2, max_body=64 * 1024)
    tally = send_all("wsgi", category, wsgi_urls, chosen)
    text = tally.report()
    assert len(chosen) == WSGI_PER_CATEGORY, text
    assert not tally.failed, text
    assert len(tally.refused) * 100 < len(chosen), text


# --------------------------------------------------------------------------------------------------------------------
# Bugs this suite found, fixed; kept as regression tests

# adapters._declared_length accepts a Content-Length by str.isdigit(), true for non-ASCII digits ("\u00b2" is latin-1
# byte 0xB2) and for any length; int() then raises ValueError ("invalid literal", or "Exceeds the limit (4300 digits)")
# outside any handler. uvicorn's h11 refuses such heads itself (see the test below); wsgiref passes them on.
BAD_LENGTHS = [pytest.param("\u00b2", id="superscript-two"), pytest.param("9" * 5000, id="5000-digits")]


@pytest.mark.parametrize("length", BAD_LENGTHS)
def test_wsgi_bad_content_length_is_a_400(length: str) -> None:
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/", "QUERY_STRING": "", "CONTENT_TYPE": JSON_CT,
               "CONTENT_LENGTH": length, "wsgi.input": io.BytesIO(JSON_ACCEPTED)}  # fmt: skip
    started: list[str] = []
    try:
        body = b"".join(make_receiver("plain").wsgi(environ, lambda status, headers, *_: started.append(status)))
    except Exception as exc:
        pytest.fail(f"the WSGI app raised {type(exc).__name__}: {exc}")
    assert started and int(started[0].split()[0]) < 500
    assert json.loads(body)["error"] == "bad_content_length"


@pytest.mark.parametrize("length", BAD_LENGTHS)
def test_asgi_bad_content_length_is_a_400(length: str) -> None:
    scope = {"type": "http", "method": "POST", "path": "/", "query_string": b"",
             "headers": [(b"content-type", JSON_CT.encode()),
                         (b"content-length", length.encode("latin-1"))]}  # fmt: skip
    sent: list[Mapping[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": JSON_ACCEPTED, "more_body": False}

    async def send(message: Any) -> None:
        sent.append(message)

    try:
        asyncio.run(make_receiver("plain")(scope, receive, send))
    except Exception as exc:
        pytest.fail(f"the ASGI app raised {type(exc).__name__}: {exc}")
    assert sent and sent[0]["status"] == 400


def test_wsgiref_bad_content_length_over_http_is_not_a_5xx(wsgi_urls: dict[str, str]) -> None:
    port = httpx.URL(wsgi_urls["plain"]).port
    assert port is not None
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \xb2\r\n\r\n{}")
        head = b"".join(iter(lambda: sock.recv(4096), b""))  # to the end: wsgiref closes after answering
    status = int(head.split(b" ", 2)[1])
    assert status < 500, head[:200]


def test_uvicorn_refuses_bad_content_length_before_the_app(asgi_urls: dict[str, str]) -> None:
    """Under uvicorn (h11) the same header never reaches the app: refused with a 400, not a 5xx."""
    port = httpx.URL(asgi_urls["plain"]).port
    assert port is not None
    for length in (b"\xb2", b"9" * 5000, b"-1", b"1 1"):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + length)
            sock.sendall(b"\r\n\r\n{}")
            head = sock.recv(4096)
        assert 400 <= int(head.split(b" ", 2)[1]) < 500, head[:200]


# --------------------------------------------------------------------------------------------------------------------
# Totals


def test_summary() -> None:
    """Per-status counts of everything the abuse modules sent in this run (-s to see them); once every category ran
    in-process (all the test_* module of the abuse suites, this one last), at least 100,000 requests."""
    lines = [
        f"{where}: {sum(counts.values())} requests: {dict(sorted(counts.items()))}" for where, counts in STATS.items()
    ]
    print("\n".join(["", "abuse suite totals:", *lines]))
    if set(CATEGORIES) <= RAN:
        assert sum(STATS["core"].values()) >= 100_000, lines
