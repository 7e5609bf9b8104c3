"""Receiver abuse, the request's envelope: odd methods, and signatures on a receiver with a secret (missing,
garbage, wrong version, one valid among many, bad timestamps, replayed, mixed up, non-Latin-1 headers).

The contract they are held to, and how failures are reported: abuse_checks. Run with -s to see the count per status.
"""

from __future__ import annotations

import base64
import random
import time
from collections.abc import Mapping

import pytest

from salesman_events._runtime.wire import signing
from salesman_events._runtime.wire.messages import Request

from .cases import JSON_ACCEPTED, JSON_CT, OTHER_SECRET, Case, categories_in, gen, get, post, replace, signed
from .checks import check_core, make_receiver, run_core
from .payloads import deliver, form_garbage, mutate, soup_text, valid_payload

# ---- methods

ODD_METHODS = ("PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "PROPFIND", "CONNECT", "post", "get", "Post",
               "GET ", " POST", "POST\x00", "", "FOO", "M" * 10_000, "ПОСТ", "🚀", "P\u200bOST", "GET\r\n", "G3T",
               "POST/1.1", "*", "-", "PoSt", "OPTIONS *")  # fmt: skip


@gen("methods", 6)
def odd_method(rng: random.Random) -> Case:
    method = rng.choice(ODD_METHODS) if rng.random() < 0.8 else soup_text(rng, rng.randint(1, 12), surrogates=False)
    if method in ("GET", "POST"):
        method = "MERGE"
    case = deliver(rng, valid_payload(rng))
    return replace(case, label=repr(method)[:16], method=method, expect=405)


@gen("methods", 1)
def allowed_method(rng: random.Random) -> Case:
    return deliver(rng, valid_payload(rng), "control", expect=200)


# ---- signatures (receiver with a secret)


def signed_base(rng: random.Random) -> Case:
    return replace(deliver(rng, valid_payload(rng)), kind="signed")


def msg_id(rng: random.Random) -> str:
    return f"msg_{rng.getrandbits(64):016x}"


def with_headers(case: Case, label: str, headers: Mapping[str, str], expect: int | None) -> Case:
    return replace(case, label=label, headers={**case.headers, **headers}, expect=expect)


@gen("signatures", 2)
def missing_signature_headers(rng: random.Random) -> Case:
    case = signed_base(rng)
    headers = signed(case, msg_id(rng))
    for name in rng.sample(sorted(headers), k=rng.randint(1, 3)):
        if rng.random() < 0.5:
            del headers[name]
        else:
            headers[name] = ""
    return with_headers(case, "missing", headers, 401)


@gen("signatures", 3)
def garbage_signature(rng: random.Random) -> Case:
    case = signed_base(rng)
    headers = signed(case, msg_id(rng))
    junk = rng.choice(("v1,!!!!", "v1,", "v1", ",", "v1,AAAA", "v1,====", "v1," + "A" * 10_000, "v1,@@@", "v1,YWJj\x00",
                       "v1, ", " ", "v1,ж", "v1,🚀", "v1,YW=Jj", "v1,=", "v1,A",
                       "v1," + base64.b64encode(rng.randbytes(32)).decode(), "v1," + base64.b64encode(b"").decode(),
                       "v1," + base64.urlsafe_b64encode(rng.randbytes(32)).decode()))  # fmt: skip
    headers[signing.SIGNATURE_HEADER] = junk
    return with_headers(case, repr(junk)[:16], headers, 401)


@gen("signatures", 2)
def wrong_version(rng: random.Random) -> Case:
    case = signed_base(rng)
    headers = signed(case, msg_id(rng))
    digest = headers[signing.SIGNATURE_HEADER].partition(",")[2]
    prefix = rng.choice(("v2,", "V1,", "v1a,", "v0,", ",", "v1 ,", "v1,,", "v1;", "v1:", "", "v1,v1,", "whsec_"))
    headers[signing.SIGNATURE_HEADER] = prefix + digest
    return with_headers(case, repr(prefix), headers, 401)


@gen("signatures", 2)
def one_valid_among_many(rng: random.Random) -> Case:
    case = signed_base(rng)
    headers = signed(case, msg_id(rng))
    good = headers[signing.SIGNATURE_HEADER]
    others = rng.sample(["v2,xxx", "v1,garbage", "v1,AAAA", "v1,!!", "junk", "v1a,abc"], k=rng.randint(1, 4))
    separator = rng.choice((" ", "  ", "\t", " \t "))
    headers[signing.SIGNATURE_HEADER] = separator.join(rng.sample([good, *others], k=len(others) + 1))
    return with_headers(case, "one-valid", headers, 200)


@gen("signatures", 4)
def bad_timestamps(rng: random.Random) -> Case:
    case = signed_base(rng)
    now = int(time.time())
    choice = rng.randrange(3)
    if choice == 0:  # not an integer: signed with now, header replaced
        headers = signed(case, msg_id(rng))
        stamp = rng.choice(("abc", "", "1e9", "1.5", f"{now}.5", "-5", f"+{now}", f" {now}", f"{now} ", "9" * 100,
                            "١٧٠٠٠٠٠٠٠٠", "１７００００００００", f"{now}\x00", f"{now}\n", "0x10", "-0", "\u00b2",
                            str(now) * 2, "NaN", "inf"))  # fmt: skip
        headers[signing.TIMESTAMP_HEADER] = stamp
        return with_headers(case, repr(stamp)[:16], headers, 401)
    if choice == 1:  # a real integer, out of tolerance
        stamp_value = rng.choice((0, 1, now - 301, now + 3600, now - 10**6, 99_999_999_999, now - 3600))
        return with_headers(case, str(stamp_value), signed(case, msg_id(rng), timestamp=stamp_value), 401)
    stamp_value = rng.choice((now - 120, now + 120, now))  # within tolerance (even a minute later): accepted
    return with_headers(case, "fresh", signed(case, msg_id(rng), timestamp=stamp_value), 200)


@gen("signatures", 3)
def replayed_signature(rng: random.Random) -> Case:
    case = signed_base(rng)
    headers = signed(case, msg_id(rng))
    other = deliver(rng, valid_payload(rng))
    if case.method == "POST":
        body = rng.choice((mutate(rng, case.body), other.body, case.body + b" ", case.body[:-1]))
        if body == case.body:
            body += b"\n"
        return with_headers(replace(case, body=body), "other-body", headers, 401)
    query = case.query + b"&x=1" if rng.random() < 0.5 else other.query + b"&y=2"
    return with_headers(replace(case, query=query), "other-query", headers, 401)


@gen("signatures", 2)
def signature_mixups(rng: random.Random) -> Case:
    case = signed_base(rng)
    msg = msg_id(rng)
    headers = signed(case, msg)
    choice = rng.randrange(5)
    if choice == 0:
        headers[signing.ID_HEADER] = msg + "x"
        return with_headers(case, "other-id", headers, 401)
    if choice == 1:
        return with_headers(case, "other-secret", signed(case, msg, secret=OTHER_SECRET), 401)
    if choice == 2:  # GET signed over a body instead of the query, or POST over the query
        fake = replace(case, body=case.body + b" ", query=case.query + b"&x")  # signed over other content
        return with_headers(case, "wrong-content", signed(fake, msg), 401)
    if choice == 3:
        upper = {name.title(): value for name, value in headers.items()}  # core expects lower-case names
        return with_headers(case, "title-case-names", upper, 401)
    return with_headers(case, "valid", headers, 200)


@gen("signatures", 2)
def non_latin1_headers(rng: random.Random) -> Case:
    case = signed_base(rng)
    unusual = rng.choice(("привет-🚀", "ид", "é", "a" * 5000, "\u2028", "x\ty", "日本"))
    if rng.random() < 0.5:
        return with_headers(case, "unicode-id", signed(case, unusual), 200)  # any text id is fine when signed
    headers = signed(case, msg_id(rng))
    name = rng.choice((signing.TIMESTAMP_HEADER, signing.SIGNATURE_HEADER))
    headers[name] = unusual if name == signing.TIMESTAMP_HEADER else headers[name] + unusual
    return with_headers(case, f"unicode-{name}", headers, None if name == signing.SIGNATURE_HEADER else 401)


@gen("signatures", 1)
def unsigned_garbage(rng: random.Random) -> Case:
    label, query = form_garbage(rng)
    if rng.random() < 0.5:
        return replace(post(label, rng.randbytes(50)), kind="signed", expect=401)
    return replace(get(label, query), kind="signed")  # a malformed query is refused (400) before the signature


CATEGORIES = categories_in(__name__)


@pytest.mark.parametrize("category", CATEGORIES)
def test_core(category: str) -> None:
    check_core(category)


# --------------------------------------------------------------------------------------------------------------------
# Bugs this suite found, fixed; kept as regression tests

# Any str is a valid method or header value for handle() (aiohttp, for one, decodes headers with surrogateescape).
# A method or content-type with a lone surrogate is echoed in the 405/415 detail; json_response's .encode() then
# raised UnicodeEncodeError inside _prepare's `except RequestError` handler, so handle() itself raises (a 500 under any
# server). A webhook-id with one raises in _claim's duplicate response (plain receiver: the redelivery gets 400
# "unreadable") and in signing._digest's .encode() (signed receiver: 400 "unreadable").


def _fresh_signature(msg: str) -> dict[str, str]:
    return {"webhook-id": msg, "webhook-timestamp": str(int(time.time())), "webhook-signature": "v1,AAAA"}


_REDELIVERED = Request("POST", "/", b"", {"content-type": JSON_CT, "webhook-id": "\udcff"}, JSON_ACCEPTED)


@pytest.mark.parametrize(
    ("kind", "requests"),
    [
        pytest.param("plain", [Request("\ud800", "/", b"", {}, b"")], id="method"),
        pytest.param("plain", [Request("POST", "/", b"", {"content-type": "\udcff"}, b"{}")], id="content-type"),
        pytest.param("plain", [_REDELIVERED, _REDELIVERED], id="webhook-id-plain-redelivered"),
        pytest.param(
            "signed",
            [Request("POST", "/", b"", {"content-type": JSON_CT, **_fresh_signature("\udcff")}, JSON_ACCEPTED)],
            id="webhook-id-signed",
        ),
    ],
)
def test_lone_surrogates_in_echoed_text_get_json_errors(kind: str, requests: list[Request]) -> None:
    receiver = make_receiver(kind)
    problems = []
    for request in requests:
        case = Case("regression", request.method, request.path, request.query, dict(request.headers), request.body)
        problems += run_core(case, receiver)[1]
    assert not problems, problems
