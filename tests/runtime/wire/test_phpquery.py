"""The PHP form codec against real PHP output (tests/fixtures/php), its round trip, its limits and its errors."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import qs_codec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.runtime.wire import phpquery
from generator.runtime.wire.phpquery import FormDecodeError
from tests.helpers import FIXTURES, unavailable

PHP_DIR = FIXTURES / "php"
FIXTURES = json.loads((PHP_DIR / "fixtures.json").read_text(encoding="utf-8"))
CASES: list[dict[str, str]] = FIXTURES["cases"]
QUERIES: list[dict[str, str]] = FIXTURES["queries"]
ALL_QUERIES = [(c["name"], c["query"], c["parsed"]) for c in CASES + QUERIES]


def top_level(value: Any) -> dict[str, Any]:
    """PHP's top-level array as our decoder returns it: always a dict (json_encode gives [] or a list for 0..n-1)."""
    return {str(i): v for i, v in enumerate(value)} if isinstance(value, list) else value


def php_shape(parsed_json: str) -> dict[str, Any]:
    return top_level(json.loads(parsed_json))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_encode_matches_http_build_query(case: dict[str, str]) -> None:
    assert phpquery.encode(top_level(json.loads(case["input"]))) == case["query"]


@pytest.mark.parametrize(("name", "query", "parsed"), ALL_QUERIES, ids=[q[0] for q in ALL_QUERIES])
def test_decode_matches_parse_str(name: str, query: str, parsed: str) -> None:
    expected = php_shape(parsed)
    assert phpquery.decode(query) == expected
    assert phpquery.decode(query.encode()) == expected


def test_decode_keeps_php_order() -> None:
    """Dict equality ignores order; PHP's arrays (and JSON objects) have one."""
    for _, query, parsed in ALL_QUERIES:
        assert json.dumps(phpquery.decode(query)) == json.dumps(php_shape(parsed))


def test_decode_gives_what_php_json_gives() -> None:
    """Form and JSON delivery of one event meet in one shape, once scalars are strings as PHP's parse_str has them."""
    for case in CASES:
        if case["name"] != "top-level numeric keys":
            assert phpquery.decode(case["query"]) == php_shape(case["parsed"])
    edit = next(c for c in CASES if c["name"] == "client.edit newparam map")
    assert phpquery.decode(edit["query"]) == json.loads(edit["json"])


def test_fixture_coverage() -> None:
    assert len(CASES) >= 30 and len(QUERIES) >= 15
    assert len({c["name"] for c in CASES + QUERIES}) == len(CASES) + len(QUERIES)


# -- round trip ---------------------------------------------------------------------------------------------------

# Keys PHP reads back unchanged: no brackets, dots, NUL or whitespace (spaces and dots are mangled at the top level,
# a lone whitespace index means "append"), no cookie prefix (PHP drops "a[__Host-x]"); values: any text.
KEYS = st.text(st.characters(exclude_characters="[]. \0", exclude_categories=["Cs", "Zs", "Cc"]), min_size=1).filter(
    lambda key: not key.startswith(("__Host-", "__Secure-"))
)
LEAVES = st.text(st.characters(exclude_categories=["Cs"]))


def not_a_php_list(value: dict[str, Any]) -> bool:
    return list(value) != [str(i) for i in range(len(value))]


def decoded_domain(depth: int) -> st.SearchStrategy[Any]:
    """What decode can return below the top level: str, non-empty lists, non-empty dicts that are not PHP lists."""
    inner = LEAVES if depth == 1 else decoded_domain(depth - 1)
    lists = st.lists(inner, min_size=1, max_size=3)
    return LEAVES | lists | st.dictionaries(KEYS, inner, min_size=1, max_size=3).filter(not_a_php_list)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEYS, decoded_domain(3), max_size=5))
def test_round_trip(value: dict[str, Any]) -> None:
    assert phpquery.decode(phpquery.encode(value)) == value


def test_scalars_come_back_as_php_strings() -> None:
    assert phpquery.decode(phpquery.encode({"a": 15, "b": True, "c": 10340.0, "d": None, "e": []})) == {
        "a": "15",
        "b": "1",
        "c": "10340",
    }


# -- errors and limits ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["a=%FF", b"a=\xff", "a%C3=1", "a=%C3%28", b"a[\xed\xa0\x80]=1", "a=\udcff"])
def test_not_utf8(query: str | bytes) -> None:
    with pytest.raises(FormDecodeError) as caught:
        phpquery.decode(query)
    assert caught.value.reason == "not_utf8"


def test_huge_integer_keys_are_strings() -> None:
    assert phpquery.decode("a[" + "9" * 5000 + "]=1&a[]=2") == {"a": {"9" * 5000: "1", "0": "2"}}


def test_raw_bytes_completed_by_escapes_are_utf8() -> None:
    assert phpquery.decode(b"a=\xc3%A9") == {"a": "é"}


def test_too_deep() -> None:
    assert phpquery.decode("a" + "[x]" * 16 + "=1")
    with pytest.raises(FormDecodeError) as caught:
        phpquery.decode("a" + "[x]" * 17 + "=1")
    assert caught.value.reason == "too_deep"
    with pytest.raises(FormDecodeError):
        phpquery.decode("a[x][y]=1", max_depth=1)
    with pytest.raises(ValueError, match="max_depth"):
        phpquery.decode("a=1", max_depth=10_000)


def test_too_many_params() -> None:
    assert len(phpquery.decode("&".join(f"k{i}=v" for i in range(100)), max_params=100)) == 100
    assert phpquery.decode("&" * 1000 + "a=1", max_params=1) == {"a": "1"}
    with pytest.raises(FormDecodeError) as caught:
        phpquery.decode("&".join(f"k{i}=v" for i in range(101)), max_params=100)
    assert caught.value.reason == "too_many_params"
    assert str(caught.value)


def test_encode_rejects_what_php_cannot_say() -> None:
    with pytest.raises(TypeError):
        phpquery.encode({"a": object()})
    with pytest.raises(TypeError):
        phpquery.encode({"a": {1.5: "x"}})


QUERYISH = st.lists(
    st.sampled_from(["a", "b", "0", "1", "-1", "[", "]", "[]", "=", "&", "%", "%5B", "%5D", "%FF", "%C3", "%00", "+"])
    | st.sampled_from([" ", ".", "\t", "9223372036854775807", "_.Host-", "%zz", "é", "\xff", "\udcff", "\ud800"]),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=200) | QUERYISH.map(lambda s: s.encode("utf-8", "surrogatepass")) | QUERYISH)
def test_any_input_gives_a_dict_or_form_decode_error(query: bytes | str) -> None:
    try:
        result = phpquery.decode(query, max_depth=4, max_params=20)
    except FormDecodeError as error:
        assert error.reason in {"not_utf8", "too_deep", "too_many_params"}
    else:
        assert isinstance(result, dict)


# -- qs-codec: a record of facts, not of preference ------------------------------------------------------------------

QS_OPTIONS = qs_codec.DecodeOptions(
    depth=64, parameter_limit=1000, list_limit=1000, duplicates=qs_codec.Duplicates.LAST, parse_lists=True
)


def qs_codec_matches(query: str, parsed: str) -> bool:
    try:
        return bool(qs_codec.decode(query, QS_OPTIONS) == php_shape(parsed))
    except Exception:
        return False


def test_ours_matches_php_where_qs_codec_may_not() -> None:
    ours = {name: phpquery.decode(query) == php_shape(parsed) for name, query, parsed in ALL_QUERIES}
    theirs = {name: qs_codec_matches(query, parsed) for name, query, parsed in ALL_QUERIES}
    print(f"PHP shape matched: ours {sum(ours.values())}/{len(ours)}, qs-codec {sum(theirs.values())}/{len(theirs)}")
    print("qs-codec differs on:", sorted(name for name, ok in theirs.items() if not ok))
    assert all(ours.values())


# -- the committed fixtures are what PHP says -----------------------------------------------------------------------


def test_fixtures_are_current(tmp_path: Path) -> None:
    php = shutil.which("php")
    if php is None:
        unavailable("php is not installed (make test installs Debian's php-cli)")
    out = tmp_path / "fixtures.json"
    subprocess.run([php, str(PHP_DIR / "make_fixtures.php"), str(out)], check=True, capture_output=True)
    fresh = json.loads(out.read_text(encoding="utf-8"))
    assert (fresh["cases"], fresh["queries"]) == (CASES, QUERIES)
