"""Receiver abuse, what the payload says: event names (not strings, unknown, odd Unicode, missing, in the path or a
header), field types (wrong, raw numbers, bad ids, PHP-keyed lists, money and dates), extra keys (accepted), and
valid deliveries as controls: the fuzzing must also reach acceptance.

The contract they are held to, and how failures are reported: abuse_checks. Run with -s to see the count per status.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from typing import Any

import pytest

from salesman_events import EVENTS
from salesman_events._runtime.wire import phpquery

from .cases import EVENT_NAMES, FORM_CT, KINDS, Case, categories_in, gen, generated, get, post
from .checks import check_core
from .payloads import (
    ALL_FIELD_NAMES,
    FIELDS,
    deep_json,
    deliver,
    dumps,
    dumps_raw,
    rand_id,
    soup_text,
    valid_payload,
    word,
)

# ---- event names

LONG_NAMES = ("x" * 10_000, "deal.close" * 30_000, "д" * 200_000)
ODD_NAMES = ("сделка.закрыта", "🚀", "deal.close🚀", "\u202edeal.close", "deal.clos\u0065\u0301", "deal\u200b.close",
             "ｄｅａｌ.ｃｌｏｓｅ", "deal.close ", " deal.close", "Deal.Close", "DEAL.CLOSE", "deal_close", "deal.clos",
             "deal..close", "deal.close\x00", "deal.close\n", "\x00", "__proto__", "constructor", "../../etc/passwd",
             "deal.close/", "/deal.close", "%64eal.close", "deal%2Eclose", "null", "undefined", "0",
             "deal.close,deal.add")  # fmt: skip


@gen("event_name", 3)
def non_string_event(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    payload["event"] = rng.choice((1, 0, -1, 1.5, 10**40, True, False, [], ["deal.close"], {}, {"name": "deal.close"},
                                   "", [[[]]]))  # fmt: skip
    return post(repr(payload["event"])[:20], dumps(payload, rng), expect=400)


@gen("event_name", 3)
def unknown_event(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    payload["event"] = rng.choice(ODD_NAMES + LONG_NAMES if rng.random() < 0.1 else ODD_NAMES)
    return post(repr(payload["event"])[:24], dumps(payload, rng), expect=404)


@gen("event_name", 2)
def unicode_event(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    payload["event"] = soup_text(rng, rng.randint(1, 30), surrogates=False)
    return deliver(rng, payload, "soup")


@gen("event_name", 2)
def missing_event(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    del payload["event"]
    if rng.random() < 0.3:
        payload["event"] = None
    return post("missing", dumps(payload, rng), path=rng.choice(("/", "/hooks", "/hooks/", "")), expect=400)


@gen("event_name", 3)
def event_in_path(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    name = payload.pop("event")
    path = rng.choice((f"/{name}", f"/{name}/", f"/x/{name}//", f"/{name}/extra", name, f"//{name}", f"/{name}?x",
                       f"/%64{name[1:]}", f"/{name.upper()}", "/" + soup_text(rng, 20), "/" + "a/" * 5000 + name,
                       f"/{name}\x00", "", "/", "//", f"/{name}/.."))  # fmt: skip
    return deliver(rng, payload, "path") if rng.random() < 0.2 else post(repr(path)[:24], dumps(payload), path=path)


@gen("event_name", 3)
def event_in_header(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    name = payload.pop("event")
    header = rng.choice((name, "", " ", name.upper(), f"{name}, deal.add", f" {name}", "x" * 1000,
                         soup_text(rng, 20, surrogates=False), "\r\n", name + "\x00",
                         "deal.close\r\nx: y"))  # fmt: skip
    if rng.random() < 0.01:
        header = "x" * 100_000  # slow: difflib looks for a suggestion in it
    if rng.random() < 0.3:
        payload["event"] = rng.choice(EVENT_NAMES)  # the body wins
    method = rng.choice(("POST", "GET"))
    if method == "GET":
        return get("header", phpquery.encode(payload).encode(), headers={"x-salesman-event": header})
    return post("header", dumps(payload), headers={"x-salesman-event": header})


@gen("event_name", 2)
def form_event_abuse(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    del payload["event"]
    rest = phpquery.encode(payload).encode()
    event = rng.choice((b"event[]=deal.close", b"event[a]=x", b"event=", b"event=%FF", b"event[=x", b"event",
                        b"event=deal.close&event[]=x", b"event[0][1]=2", b"ev%65nt=deal.close",
                        b"event=%00"))  # fmt: skip
    query = event + b"&" + rest
    return get("get", query) if rng.random() < 0.5 else post("form", query, FORM_CT)


# ---- field types

BAD_VALUES: tuple[Any, ...] = (
    "abc", "", " ", "1.5", " 1", "1 ", "0x10", "1_000", "１２", "٣", "+1", "-1", "0", "-0", "00", "1e3", "1e309",
    "NaN", "nan", "Infinity", "-Infinity", "--1", "1,5", "1.2.3", "∞", "9" * 30, "9" * 5000, 0, -1, -(2**63), 2**63,
    2**64, 10**30, 1.5, 0.0, -0.0, 1e308, float("nan"), float("inf"), float("-inf"), True, False, None, [], [1], {},
    {"a": 1}, {"1": "x"}, {"1": "a", "2": "b"}, {"0": 1, "1": 2}, {"1": 1, "x": 2}, {"01": 1}, {"²": 1}, {"٣": 3},
    {"-1": 1}, {"": 1}, {"9" * 5000: 1}, {"1": {"1": "x"}}, [[1]], [None], ["x"], [{"clid": "x"}], [{"did": -1}], [{}],
    "0000-00-00", "2024-02-30", "2024-13-01", "9999-99-99", "2024-1-1", "20240101", 20240101, "2024-01-01T00:00:00Z",
    "0001-01-01", "10000-01-01", "-2024-01-01", "--1", "1e999999999", "0.1e-999999999", "-", ".", "Сделка",
    "x" * 100_000,
)  # fmt: skip
RAW_VALUES = ("1e309", "-1e309", "1e-400", "1" * 4300, "1" * 4301, "NaN", "-Infinity", "1.0", "1E2", "-0", "1e-7")
SURELY_BAD_IDS: tuple[Any, ...] = (0, -1, "0", "-5", "abc", "", [], {"a": 1}, None, 1.5, "1.5", "1e3")


@gen("field_types", 6)
def wrong_types(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    fields = FIELDS[payload["event"]]
    for key in rng.sample(sorted(fields), k=min(len(fields), rng.randint(1, 3))):
        payload[key] = rng.choice(BAD_VALUES)
    if rng.random() < 0.7:
        return post("json", dumps(payload, rng))
    try:
        return deliver(rng, payload, "php")
    except TypeError:  # phpquery.encode takes no floats as keys etc.; JSON it is
        return post("json", dumps(payload, rng))


@gen("field_types", 2)
def raw_number_values(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    key = rng.choice(sorted(FIELDS[payload["event"]]))
    token = rng.choice(RAW_VALUES)
    payload[key] = "@@raw@@"
    return post(f"{key}={token[:10]}", dumps_raw(payload, {"@@raw@@": token}))


@gen("field_types", 3)
def bad_required_id(rng: random.Random) -> Case:
    name = rng.choice([n for n in EVENT_NAMES if any(req for _, req in FIELDS[n].values())])
    payload = valid_payload(rng, name)
    key = rng.choice([k for k, (_, req) in FIELDS[name].items() if req])
    payload[key] = rng.choice(SURELY_BAD_IDS)
    if payload[key] is None and rng.random() < 0.5:
        del payload[key]
    return post(f"{key}={payload.get(key)!r}", dumps(payload, rng), expect=422)


@gen("field_types", 2)
def php_keyed_lists(rng: random.Random) -> Case:
    name = rng.choice(("client.import", "client.change.user", "deal.change.user"))
    payload = valid_payload(rng, name)
    key = "clids" if name == "client.import" else "info"
    item: Any = rand_id(rng) if key == "clids" else {"clid" if name == "client.change.user" else "did": rand_id(rng)}
    keyed = rng.choice(({"1": item, "2": item}, {"1": item, "a": item}, {"3": item, "1": "x"}, {"01": item},
                        {"1": item, "": item}, {"²": item}, {"1": None}, {"1": [item]}, {"٣": item, "1": item},
                        {"9" * 5000: item}, {"-1": item}, {str(2**64): item, "0": item}))  # fmt: skip
    payload[key] = keyed
    if rng.random() < 0.6:
        return post(key, dumps(payload, rng))
    return deliver(rng, payload, key)


@gen("field_types", 2)
def money_and_dates(rng: random.Random) -> Case:
    name = rng.choice(("deal.close", "invoice.add", "invoice.doit", "contract.add", "akt.edit"))
    payload = valid_payload(rng, name)
    if "summa" in FIELDS[name]:
        payload["summa"] = rng.choice(("1e309", "NaN", "--1", "1,5", "1 000", "Infinity", "-0", "0x1p3", "1e-999999",
                                       "1" * 5000, 1e308, float("inf"), "10340.00₽", "", " 5 ", "+5",
                                       "5."))  # fmt: skip
    else:
        payload["datum"] = rng.choice(("0000-00-00", "2024-02-30", "2024-13-01", "9999-12-31", "0001-01-01",
                                       "2024-01-01T25:00", "1700000000", 1700000000, "31.01.2024", "2024/01/31",
                                       "2024-W01-1", "2024-001", "+2024-01-01", "2024-01-01\x00"))  # fmt: skip
    return deliver(rng, payload, "money-date")


# ---- extra keys (accepted: 200)

EXTRA_NAMES = ("__proto__", "constructor", "model_dump", "__class__", "__dict__", "__pydantic_extra__", "_private",
               "model_config", "model_fields", "copy", "json", "dict", "schema", "_wire_shapes", "DID", "Event",
               "évent", "ключ", "键", "🚀", "0", "1", "x" * 10_000)  # fmt: skip
EXTRA_JSON_ONLY = ("", " ", "a.b", "a b", "a[b]", "a=b", "a&b", "\x00", "\u0000x", "%", "+", "token ")


def extra_value(rng: random.Random, depth: int = 0) -> Any:
    choice = rng.randrange(12 if depth < 4 else 5)
    if choice == 0:
        return rng.randint(-(2**70), 2**70)
    if choice == 1:
        return rng.choice(("", "x", "Сделка", "🚀" * 10, "a&b=c", soup_text(rng, 10, surrogates=False)))
    if choice == 2:
        return rng.choice((1.5, -0.0, 1e300))
    if choice == 3:
        return rng.choice((True, False, None))
    if choice == 4:
        return rng.choice(("v", "v" * 1000, "v" * 50_000))
    if choice in (5, 6, 7, 8, 9):
        return rng.choice(("", "x", "Сделка", 7, None))
    if choice == 10:
        return [extra_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {word(rng): extra_value(rng, depth + 1) for _ in range(rng.randint(0, 3))}


def extra_name(rng: random.Random, json_only: bool) -> str:
    pool = EXTRA_NAMES + EXTRA_JSON_ONLY if json_only else EXTRA_NAMES
    name = rng.choice(pool) if rng.random() < 0.4 else word(rng) + rng.choice(("", "_x", "-y", "2", "Ж"))
    return name if name not in ALL_FIELD_NAMES else name + "_extra"


@gen("extra_keys", 3)
def extra_keys_json(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    for _ in range(rng.randint(1, 12)):
        payload[extra_name(rng, json_only=True)] = extra_value(rng)
    if rng.random() < 0.1:
        payload["deep"] = json.loads(deep_json("list", rng.choice((50, 200, 400))))
    return post("json", dumps(payload, rng), expect=200)


@gen("extra_keys", 2)
def extra_keys_php(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    for _ in range(rng.randint(1, 12)):
        payload[extra_name(rng, json_only=False)] = extra_value(rng)
    return deliver(rng, payload, "php", expect=200)


@gen("extra_keys", 1)
def extra_keys_nested(rng: random.Random) -> Case:
    name = rng.choice(("client.edit", "deal.change.user", "client.change.user", "contract.edit"))
    payload = valid_payload(rng, name)
    if "newparam" in FIELDS[name]:
        payload["newparam"] = {extra_name(rng, json_only=True): extra_value(rng) for _ in range(rng.randint(1, 8))}
    else:
        key = "did" if name == "deal.change.user" else "clid"
        payload["info"] = [{key: rand_id(rng), extra_name(rng, json_only=True): extra_value(rng)}]
    return post(name, dumps(payload, rng), expect=200)


# ---- valid deliveries (controls: the fuzzing must also reach acceptance)


@gen("valid", 1)
def valid(rng: random.Random) -> Case:
    return deliver(rng, valid_payload(rng), expect=200)


CATEGORIES = categories_in(__name__)


@pytest.mark.parametrize("category", CATEGORIES)
def test_core(category: str) -> None:
    check_core(category)


def test_generators_reach_acceptance() -> None:
    """The valid controls are accepted in every wire form, and by every receiver kind."""
    kinds = Counter(case.kind for case in generated("valid") if case.expect == 200)
    assert set(kinds) == set(KINDS), kinds
    for name in EVENT_NAMES:
        payload = valid_payload(random.Random(name), name)
        EVENTS[name].parse(payload)
