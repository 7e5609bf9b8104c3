# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Credentials out of what the SDK keeps: SalesMan's `ses` (the CRM user's session id) and our own URL token.

`ses` arrives in SalesMan's hop 1 and in its legacy hop 2 form; whoever holds it can act as that user in the CRM,
so it is never stored, printed, logged or handed to a handler. Decoded payloads lose it in `payload_of`; raw
requests kept for later (the quarantine) lose it, and the token, in `redacted_form` and `redacted_body`, which work
on bytes that may not decode at all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from typing import Final
from urllib.parse import unquote_to_bytes

from .decoding import FORM_TYPES, SESSION_KEY, media_type

__all__ = ["redacted_body", "redacted_form", "without_token"]

# A "ses" member of a JSON object with a string, number or literal value: for JSON that can't be parsed.
_JSON_SESSION: Final = re.compile(rb'"ses"\s*:\s*(?:"(?:[^"\\]|\\.)*"?|[-\w.+]+)\s*,?')


def redacted_form(raw: bytes, keys: Collection[str] = (SESSION_KEY,)) -> bytes:
    """A query string or form body without the pairs whose key (before any `[`) is one of `keys`; the other pairs
    are kept byte for byte, malformed ones too."""
    if not raw:
        return raw
    kept = [pair for pair in raw.split(b"&") if _base_key(pair) not in keys]
    return b"&".join(kept)


def redacted_body(body: bytes, content_type: str) -> bytes:
    """A request body without `ses`: as a form, or as JSON (parsed if it parses, else by pattern)."""
    if media_type(content_type) in FORM_TYPES:
        return redacted_form(body)
    if b'"ses"' not in body:
        return body
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return _JSON_SESSION.sub(b"", body)
    if isinstance(data, dict) and SESSION_KEY in data:
        del data[SESSION_KEY]
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return body


def _base_key(pair: bytes) -> str:
    name = pair.split(b"=", 1)[0].replace(b"+", b" ")
    decoded = unquote_to_bytes(name).split(b"[", 1)[0]
    return decoded.decode("utf-8", "replace").strip()


_TOKEN_VALUE: Final = re.compile(r"([?&]token=)[^&#\s]*")


def without_token(text: str) -> str:
    """`text` (a URL, or an error naming one) with the value of every `token=` query parameter hidden: the receiver's
    token is a credential, shown in no log line or listing."""
    return _TOKEN_VALUE.sub(r"\1…", text)
