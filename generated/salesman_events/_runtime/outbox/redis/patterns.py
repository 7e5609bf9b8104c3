# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Event patterns (`deal.*`, as `interface.matches` reads them) as the Lua patterns a Redis script matches names
with, so that a search filters by name inside Redis rather than sending every row back to be filtered.

Lua patterns work on bytes, names are UTF-8: ``?`` becomes one UTF-8 character, every other byte is escaped, and a
``[...]`` set becomes the ASCII characters `fnmatch` finds in it (a set naming a non-ASCII character is refused).
"""

from __future__ import annotations

import fnmatch
from typing import Final

__all__ = ["event_filter", "lua_pattern"]

ONE_CHARACTER: Final = b"[^\x80-\xbf][\x80-\xbf]*"  # a lead byte and its continuation bytes
ASCII: Final = [chr(c) for c in range(1, 128)]


def event_filter(event: str | None) -> tuple[str, bytes]:
    """(the exact name, the Lua pattern) a search's `event` asks for, each empty when it asks for none."""
    if not event:
        return "", b""
    if "*" not in event and "?" not in event:
        return event, b""  # as `matches`: a pattern only when it has a wildcard
    return "", lua_pattern(event)


def lua_pattern(glob: str) -> bytes:
    """The anchored Lua pattern matching what `fnmatch.fnmatchcase` matches with `glob`; ValueError for a set
    naming a non-ASCII character."""
    out, i = [b"^"], 0
    while i < len(glob):
        c, i = glob[i], i + 1
        if c == "*":
            out.append(b".*")
        elif c == "?":
            out.append(ONE_CHARACTER)
        elif c == "[" and (end := _set_end(glob, i)) is not None:
            out.append(_lua_set(glob[i - 1 : end + 1]))
            i = end + 1
        else:
            out.append(_escaped(c))
    return b"".join(out) + b"$"


def _set_end(glob: str, start: int) -> int | None:
    """Where the set opened just before `start` ends (its `]`), as `fnmatch` finds it; None when it is not a set."""
    j = start + (start < len(glob) and glob[start] == "!")
    j += j < len(glob) and glob[j] == "]"
    end = glob.find("]", j)
    return None if end < 0 else end


def _lua_set(bracketed: str) -> bytes:
    if not bracketed.isascii():
        raise ValueError(f"a set of non-ASCII characters in an event pattern is not supported: {bracketed!r}")
    members = b"".join(_escaped(c) for c in ASCII if fnmatch.fnmatchcase(c, bracketed))
    if not bracketed.startswith("[!"):
        return b"[" + members + b"]" if members else b"[^%s%S]"  # the latter: nothing
    left = b"".join(_escaped(c) for c in ASCII if not fnmatch.fnmatchcase(c, bracketed))
    return b"[^" + left + b"\x80-\xbf][\x80-\xbf]*"  # any character but those: a non-ASCII one too


def _escaped(c: str) -> bytes:
    return b"".join(bytes([b]) if chr(b).isascii() and chr(b).isalnum() else b"%" + bytes([b]) for b in c.encode())
