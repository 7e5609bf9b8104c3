# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Standard Webhooks signatures: sign outgoing deliveries and verify incoming ones.

A delivery carries three headers: `webhook-id`, `webhook-timestamp` (integer unix seconds) and
`webhook-signature`, a space-separated list of `v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}." + content)>`.
`content` is the raw body, or for GET the raw query string as sent. Several secrets may be active at once
(key rotation): signing emits one signature per secret, and verification accepts a match with any of them.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets as _random
import time
from collections.abc import Mapping, Sequence
from typing import Final

__all__ = [
    "DEFAULT_TOLERANCE_SECONDS",
    "ID_HEADER",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "SignatureError",
    "Verifier",
    "checked_secrets",
    "fingerprint",
    "new_secret",
    "parse_secret",
    "sign",
    "signed_headers",
]

DEFAULT_TOLERANCE_SECONDS: Final = 300
ID_HEADER: Final = "webhook-id"
TIMESTAMP_HEADER: Final = "webhook-timestamp"
SIGNATURE_HEADER: Final = "webhook-signature"

SECRET_PREFIX: Final = "whsec_"
SIGNATURE_VERSION: Final = "v1"
SECRET_BYTES: Final = 32
# Ample for any real clock (year 5138 at 11 digits) and keeps int() away from huge inputs.
_TIMESTAMP_RE: Final = re.compile(r"[0-9]{1,11}")


class SignatureError(Exception):
    """A delivery failed verification; `reason` is a machine-readable code."""

    MISSING_HEADERS: Final = "missing_headers"
    BAD_TIMESTAMP: Final = "bad_timestamp"
    EXPIRED: Final = "expired"
    FUTURE: Final = "future"
    NO_MATCH: Final = "no_match"

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def _b64decode(text: str) -> bytes:
    """Strict base64 decoding that tolerates missing padding; raises binascii.Error."""
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def parse_secret(secret: str) -> bytes:
    """The raw key of a `whsec_<base64>` secret (the prefix is optional)."""
    encoded = secret.removeprefix(SECRET_PREFIX)
    try:
        key = _b64decode(encoded)
    except (binascii.Error, ValueError):
        raise ValueError(f"webhook secret is not valid base64 (expected {SECRET_PREFIX}<base64>)") from None
    if not key:
        raise ValueError("webhook secret is empty")
    return key


def checked_secrets(secrets: Sequence[str]) -> tuple[str, ...]:
    """The secrets as a tuple, once each is a valid `whsec_<base64>` secret; else a ValueError naming which one (by
    position, never by value) and why."""
    if isinstance(secrets, str):
        raise TypeError("secrets must be a sequence of secrets, not a single string")
    for position, secret in enumerate(secrets, 1):
        try:
            parse_secret(secret)
        except ValueError as error:
            which = f"webhook secret {position} of {len(secrets)}" if len(secrets) > 1 else "the webhook secret"
            raise ValueError(f"{which} {str(error).removeprefix('webhook secret ')}") from None
    return tuple(secrets)


def fingerprint(secret: str) -> str:
    """A short name of a secret that doesn't reveal it (the first 8 hex digits of its key's SHA-256), to tell
    secrets apart in listings; "invalid" for one that isn't a secret (stored before secrets were checked)."""
    try:
        return hashlib.sha256(parse_secret(secret)).hexdigest()[:8]
    except ValueError:
        return "invalid"


def new_secret() -> str:
    """A fresh random secret in `whsec_<base64>` form."""
    return SECRET_PREFIX + base64.b64encode(_random.token_bytes(SECRET_BYTES)).decode("ascii")


def _digest(key: bytes, msg_id: str, timestamp: int, content: bytes) -> bytes:
    signed = f"{msg_id}.{timestamp}.".encode("utf-8", "surrogatepass") + content  # any id a caller passes signs
    return hmac.new(key, signed, hashlib.sha256).digest()


def _parse_secrets(secrets: Sequence[str]) -> list[bytes]:
    if isinstance(secrets, str):
        raise TypeError("secrets must be a sequence of secrets, not a single string")
    if not secrets:
        raise ValueError("at least one webhook secret is required")
    return [parse_secret(secret) for secret in secrets]


def sign(secrets: Sequence[str], msg_id: str, timestamp: int, content: bytes) -> str:
    """The `webhook-signature` header value: one `v1,` signature per secret."""
    return " ".join(
        f"{SIGNATURE_VERSION},{base64.b64encode(_digest(key, msg_id, timestamp, content)).decode('ascii')}"
        for key in _parse_secrets(secrets)
    )


def signed_headers(
    secrets: Sequence[str], msg_id: str, content: bytes, *, timestamp: int | None = None
) -> dict[str, str]:
    """All three Standard Webhooks headers for one delivery (timestamp defaults to now)."""
    stamp = int(time.time()) if timestamp is None else timestamp
    return {
        ID_HEADER: msg_id,
        TIMESTAMP_HEADER: str(stamp),
        SIGNATURE_HEADER: sign(secrets, msg_id, stamp, content),
    }


def _candidates(header: str) -> list[bytes]:
    """Decoded `v1` signatures of a header; other versions and undecodable entries are left out."""
    found = []
    for entry in header.split():
        version, _, encoded = entry.partition(",")
        if version != SIGNATURE_VERSION:
            continue
        try:
            found.append(_b64decode(encoded))
        except (binascii.Error, ValueError):
            continue
    return found


class Verifier:
    """Checks the Standard Webhooks headers of incoming deliveries against a set of secrets."""

    def __init__(self, secrets: Sequence[str], *, tolerance: float = DEFAULT_TOLERANCE_SECONDS) -> None:
        self._keys = _parse_secrets(secrets)
        self._tolerance = tolerance

    def verify(self, headers: Mapping[str, str], content: bytes, *, now: float | None = None) -> str:
        """The webhook id of a genuine, fresh delivery; raises SignatureError otherwise.

        Header names are expected in lower case.
        """
        msg_id = headers.get(ID_HEADER)
        stamp_text = headers.get(TIMESTAMP_HEADER)
        signatures = headers.get(SIGNATURE_HEADER)
        if not (msg_id and stamp_text and signatures):
            raise SignatureError(SignatureError.MISSING_HEADERS, "missing webhook signature headers")
        timestamp = self._check_timestamp(stamp_text, time.time() if now is None else now)
        if not self._matches(msg_id, timestamp, content, _candidates(signatures)):
            raise SignatureError(SignatureError.NO_MATCH, "no matching webhook signature")
        return msg_id

    def _check_timestamp(self, text: str, now: float) -> int:
        if not _TIMESTAMP_RE.fullmatch(text):
            raise SignatureError(SignatureError.BAD_TIMESTAMP, f"invalid webhook timestamp {text[:32]!r}")
        timestamp = int(text)
        if now - timestamp > self._tolerance:
            raise SignatureError(SignatureError.EXPIRED, "webhook timestamp is too old")
        if timestamp - now > self._tolerance:
            raise SignatureError(SignatureError.FUTURE, "webhook timestamp is too far in the future")
        return timestamp

    def _matches(self, msg_id: str, timestamp: int, content: bytes, candidates: list[bytes]) -> bool:
        matched = False
        for key in self._keys:
            expected = _digest(key, msg_id, timestamp, content)
            for candidate in candidates:
                # No early exit, so timing does not reveal which secret or which entry matched.
                matched |= hmac.compare_digest(expected, candidate)
        return matched
