# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""PHP form/query codec: ``parse_str`` read into ``json_encode``'s shape, and ``http_build_query`` byte for byte.

A SalesMan server (PHP) sends events as JSON, as a form body or as a GET query; ``decode`` turns the latter two into
what ``json.loads`` gives for the JSON of the same PHP array, so one model layer serves all three. Checked against
real PHP 8.2 output in ``tests/fixtures/php/fixtures.json``.

Decoding follows PHP 8's ``parse_str`` (``main/php_variables.c``):

- pairs split on ``&``, empty ones ignored; ``+`` is a space; ``%XX`` is decoded, invalid escapes (``%zz``) stay;
  a pair without ``=`` has the value ``""``; a later duplicate overwrites in place, whether scalar or array;
- ``a[b][c]=x`` nests; text after a ``]`` not followed by ``[`` is ignored (``a[b]c`` is ``a[b]``); ``a[]=x``, and
  ``a[ ]`` (one whitespace character), append at one past the largest integer key so far, negative ones included;
- the top-level name loses leading spaces, and its spaces and dots become ``_`` (``a.b`` is ``a_b``); a first ``[``
  never closed becomes ``_``, as do spaces, dots and ``[`` after it (``a[b.c`` is ``a_b_c``); an unclosed ``[``
  deeper is ignored; an empty name is dropped. Payload keys never contain these characters: only hostile input
  meets the mangling;
- a variable with a key, at any level, starting ``__Host-`` or ``__Secure-`` is dropped unless its raw name starts
  so too (PHP's cookie-prefix guard, as in 8.2.36); arrays it made on the way stay, even empty (then ``[]``);
- a NUL ends the input (raw) or the key (``%00``), as PHP's C strings do; values may hold it.

Then every array whose keys are exactly ``"0"`` … ``"n-1"`` in insertion order becomes a list, as ``json_encode``
does; other arrays stay dicts (integer keys as strings). Leaves are ``str``.

``encode`` is ``http_build_query`` under PHP's default ini: floats print with ``precision`` 14 (``%.14G``, so
``0.1 + 0.2`` is ``0.3`` and ``1e20`` is ``1.0E+20``), lists and tuples count from 0, keys are ``str`` or ``int``,
ints print in full even past 64 bits (where PHP would have floats), other types raise ``TypeError``.

Deviations from PHP, on purpose:

- the top level is always a dict (``json_encode`` makes ``0=a&1=b`` a JSON list, and an empty query ``[]``);
- bytes that are not UTF-8 once percent-decoded raise ``FormDecodeError("not_utf8")``, even in a part PHP would
  drop (PHP keeps them as they are);
- more than ``max_params`` pairs or ``max_depth`` bracket levels raise ``too_many_params``/``too_deep``, where PHP
  keeps the first ``max_input_vars`` (1000) pairs and drops variables nested over ``max_input_nesting_level`` (64);
- ``str`` input is the query's text, sent as UTF-8; lone surrogates U+DC80-U+DCFF stand for raw bytes
  (``surrogateescape``), in ``decode`` and ``encode`` alike.
"""

from __future__ import annotations

import binascii
import math
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

__all__ = ["FormDecodeError", "decode", "encode"]

_LONG_MIN, _LONG_MAX = -(2**63), 2**63 - 1
_C_SPACE = frozenset(" \t\n\v\f\r")  # C isspace(), which PHP skips once after a '['
_INDEX_KEYS = tuple(str(i) for i in range(256))
_SAFE = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."  # php_url_encode leaves these
_QUOTED = tuple(chr(b) if b in _SAFE else "+" if b == 0x20 else f"%{b:02X}" for b in range(256))
_ESCAPES = re.compile(rb"(?:%[0-9A-Fa-f]{2})+")
_COOKIE_PREFIXES = ("__Host-", "__Secure-")
_PRECISION = 14  # PHP's `precision` ini default; http_build_query prints floats with "%.14G"

_Array = dict[str, Any]
_Appends = dict[int, tuple[_Array, int]]  # id(array) -> (array, next free integer key), once it was appended to


class FormDecodeError(ValueError):
    """Input that is not a PHP-style query string we accept; .reason is a short machine code, str() a human sentence."""

    reason: str

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def decode(query: str | bytes, *, max_depth: int = 16, max_params: int = 10_000) -> dict[str, Any]:
    """PHP parse_str semantics, then PHP json_encode shape: nested dicts; a level whose keys are exactly "0".."n-1"
    (in that order) becomes a list; values are str."""
    if not 0 <= max_depth <= 256:
        raise ValueError("max_depth must be between 0 and 256")
    text = query if isinstance(query, str) else query.decode("utf-8", "surrogateescape")
    if "\0" in text:
        text = text[: text.index("\0")]
    clean = text.isascii()  # else every part is checked for UTF-8
    if "%5" in text:  # brackets are most of the escapes; no escape can overlap "%5B", so replacing them first is safe
        text = text.replace("%5B", "[").replace("%5D", "]").replace("%5b", "[").replace("%5d", "]")
    pairs = text.split("&")
    if len(pairs) > max_params and len(pairs) - pairs.count("") > max_params:
        raise FormDecodeError("too_many_params", f"the query has more than {max_params} parameters")
    root: _Array = {}
    appends: _Appends = {}
    for pair in pairs:
        if not pair:
            continue
        key, _, value = pair.partition("=")
        key = _unescape(key) if "%" in key or not clean else key.replace("+", " ")
        value = _unescape(value) if "%" in value or not clean else value.replace("+", " ")
        if "\0" in key:
            key = key[: key.index("\0")]
        key = key.lstrip(" ")
        if "[" in key:
            _assign(root, key, value, max_depth, appends)
        elif (name := _mangle(key)) and not (name.startswith("__") and _forbidden(name, key)):
            root[name] = value
    for key, value in root.items():
        if type(value) is dict:
            root[key] = _shaped(value)
    return root


def encode(data: Mapping[str, Any]) -> str:
    """PHP http_build_query(data) (PHP_QUERY_RFC1738) byte for byte: None and empty lists/dicts omitted,
    True/False -> 1/0, ints as decimal, floats as PHP prints them, Decimal as str, nested keys with %5B %5D,
    space as +."""
    parts: list[str] = []
    for key, value in data.items():
        _emit(parts, _quote_key(key), value)
    return "&".join(parts)


def _unescape(part: str) -> str:
    """A key or value with ``+`` and ``%XX`` decoded, as PHP's urldecode, then read as UTF-8."""
    try:
        return _ESCAPES.sub(_unhex, part.replace("+", " ").encode("utf-8", "surrogateescape")).decode()
    except UnicodeError:
        raise FormDecodeError("not_utf8", "the query is not UTF-8 once percent-decoded") from None


def _unhex(run: re.Match[bytes]) -> bytes:
    return binascii.unhexlify(run[0].replace(b"%", b""))


def _mangle(name: str) -> str:
    """A top-level name as PHP stores it: spaces and dots become ``_``."""
    return name.replace(" ", "_").replace(".", "_") if "." in name or " " in name else name


def _forbidden(slot: str, name: str) -> bool:
    """Whether PHP drops the variable ``name`` for having ``slot`` as a key: cookie prefixes must be the name's own."""
    return any(slot.startswith(p) and not name.startswith(p) for p in _COOKIE_PREFIXES)


def _assign(root: _Array, key: str, value: str, max_depth: int, appends: _Appends) -> None:
    """Store ``value`` under a key with brackets, creating or replacing the arrays on its path."""
    bracket = key.index("[")
    name = _mangle(key[:bracket])
    indexes = _indexes(key, bracket, max_depth) if name else []
    if indexes is None:
        name += "_" + key[bracket + 1 :].replace(" ", "_").replace(".", "_").replace("[", "_")
    if not name or (name.startswith("__") and _forbidden(name, key)):
        return
    guarded = "__" in key  # only then can an index trip PHP's cookie-prefix guard
    node: _Array = root
    slot: str | None = name
    for index in indexes or ():
        child = node.get(slot) if slot is not None else None
        if type(child) is not dict:
            child = {}
            if not _insert(node, slot, child, appends):
                return
        node, slot = child, index
        if guarded and slot is not None and _forbidden(slot, key):
            return  # the arrays made so far stay, empty or not
    _insert(node, slot, value, appends)


def _indexes(key: str, bracket: int, max_depth: int) -> list[str | None] | None:
    """The bracketed indexes from ``key[bracket]`` on (None for an append); None if the first ``[`` never closes."""
    indexes: list[str | None] = []
    end = len(key)
    while True:
        if len(indexes) >= max_depth:
            raise FormDecodeError("too_deep", f"a key is nested more than {max_depth} levels deep")
        start = bracket + 1
        probe = start + 1 if start < end and key[start] in _C_SPACE else start
        if probe < end and key[probe] == "]":
            indexes.append(None)
            bracket = probe + 1
        else:
            close = key.find("]", probe)
            if close < 0:
                return indexes or None
            indexes.append(key[start:close])
            bracket = close + 1
        if bracket >= end or key[bracket] != "[":
            return indexes


def _insert(node: _Array, slot: str | None, value: Any, appends: _Appends) -> bool:
    """``node[slot] = value``, or append when ``slot`` is None; False if PHP would drop it (no free key left)."""
    if slot is None:
        seen = appends.get(id(node))
        index = seen[1] if seen else max((n for n in map(_integer, node) if n is not None), default=-1) + 1
        if index > _LONG_MAX:
            return False
        node[str(index)] = value
        appends[id(node)] = (node, index + 1)  # holding node keeps its id from being reused
        return True
    node[slot] = value
    seen = appends.get(id(node)) if appends else None
    if seen:
        number = _integer(slot)
        if number is not None and number >= seen[1]:
            appends[id(node)] = (node, number + 1)
    return True


def _integer(key: str) -> int | None:
    """The integer PHP reads ``key`` as when it is an array key ("5", "-5"; not "05", "-0", "+5" or out of range)."""
    digits = key[1:] if key[:1] == "-" else key
    if not (digits.isascii() and digits.isdigit()) or (digits[0] == "0" and len(key) > 1) or len(digits) > 19:
        return None
    number = int(key)
    return number if _LONG_MIN <= number <= _LONG_MAX else None


def _shaped(node: _Array) -> _Array | list[Any]:
    """``node`` and its nested arrays as ``json_encode`` shapes them: lists where keys are 0..n-1 in order."""
    for key, value in node.items():
        if type(value) is dict:
            node[key] = _shaped(value)
    count = len(node)
    if count and next(iter(node)) != "0":
        return node
    keys = _INDEX_KEYS[:count] if count <= len(_INDEX_KEYS) else tuple(map(str, range(count)))
    return list(node.values()) if tuple(node) == keys else node


def _emit(parts: list[str], prefix: str, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            _emit(parts, f"{prefix}%5B{_quote_key(key)}%5D", item)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _emit(parts, f"{prefix}%5B{index}%5D", item)
    else:
        parts.append(f"{prefix}={_scalar(value)}")


def _scalar(value: object) -> str:
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return _php_float(value).replace("+", "%2B")
    if isinstance(value, Decimal):
        return _quote(str(value))
    raise TypeError(f"cannot encode a {type(value).__name__} as a PHP query value")


def _quote_key(key: object) -> str:
    if isinstance(key, str | int):
        return _scalar(key)  # a bool key is 1 or 0, as in PHP
    raise TypeError(f"cannot encode a {type(key).__name__} as a PHP array key")


def _quote(text: str) -> str:
    """PHP's urlencode(): all but ASCII letters, digits and ``-_.`` as ``%XX``, space as ``+``."""
    raw = text.encode("utf-8", "surrogateescape")
    if not raw.rstrip(_SAFE):
        return text
    return "".join(map(_QUOTED.__getitem__, raw))


def _php_float(x: float) -> str:
    """``x`` as PHP prints it with precision 14: 10340.0 -> 10340, 0.1 + 0.2 -> 0.3, 1e20 -> 1.0E+20, 1e-5 -> 1.0E-5."""
    if not math.isfinite(x):
        return "NAN" if math.isnan(x) else "INF" if x > 0 else "-INF"
    if x == 0:
        return "-0" if math.copysign(1.0, x) < 0 else "0"
    mantissa, exponent = f"{x:.{_PRECISION - 1}e}".split("e")
    sign = "-" if x < 0 else ""
    digits = mantissa.lstrip("-").replace(".", "").rstrip("0")
    point = int(exponent) + 1  # x == 0.<digits> * 10**point
    if point < -3 or point > _PRECISION:
        return f"{sign}{digits[0]}.{digits[1:] or '0'}E{point - 1:+d}"
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    whole, fraction = digits[:point].ljust(point, "0"), digits[point:]
    return f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}"
