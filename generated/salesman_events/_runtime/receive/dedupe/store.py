# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Seen-id stores: receivers dedupe deliveries on `webhook-id`.

A receiver claims an id before running its handler, completes it afterwards, or releases it when the
handler fails so that the sender's retry runs it again. Concurrent duplicates see IN_PROGRESS while the
claim is held; an in-flight claim expires after its lease in case the process dies mid-handler.

Each claim carries an owner token, unique per claiming request, and only that owner can release it: a handler
that outlives its lease may find the id claimed again by a retry, and its late release must not delete the
retry's claim (a third delivery would then run concurrently with the second).
"""

from __future__ import annotations

import enum
from typing import Final, Protocol

__all__ = [
    "DEFAULT_LEASE_SECONDS",
    "DEFAULT_MAX_ENTRIES",
    "DEFAULT_TTL_SECONDS",
    "PURGE_INTERVAL_SECONDS",
    "Claim",
    "SeenStore",
    "positive",
]

DEFAULT_LEASE_SECONDS: Final = 60.0
DEFAULT_TTL_SECONDS: Final = 24 * 3600.0
DEFAULT_MAX_ENTRIES: Final = 100_000
PURGE_INTERVAL_SECONDS: Final = 60.0


class Claim(enum.Enum):
    """The outcome of claiming an id."""

    NEW = "new"  # not seen before (or forgotten): the caller now holds it and must complete or release it
    IN_PROGRESS = "in_progress"  # another caller holds an unexpired lease
    DONE = "done"  # already handled


class SeenStore(Protocol):
    """Remembers which webhook ids were handled.

    `owner` is an opaque token that the caller makes unique per claim (per request, across every process that
    shares the store); it is what `release` checks.
    """

    def claim(self, key: str, *, owner: str, lease: float = DEFAULT_LEASE_SECONDS) -> Claim:
        """Atomically claim `key` for `owner` for `lease` seconds, unless it is held (unexpired) or done."""

    def complete(self, key: str, *, ttl: float = DEFAULT_TTL_SECONDS) -> None:
        """Mark `key` as handled for `ttl` seconds, whoever holds it now.

        Deliberately not owner-checked: the handler succeeded, so the event was handled even if its lease ran out
        and a retry holds the claim by now. Refusing to mark it DONE would only let later retries run it once more;
        a retry still running completes it again (or its release is a no-op, as the key is no longer in flight).
        """

    def release(self, key: str, *, owner: str) -> None:
        """Forget `key`'s in-flight claim if `owner` still holds it, so that a retry is NEW.

        A no-op for a completed key (it stays DONE), for a claim taken over by someone else after this owner's lease
        expired, and for an unknown key.
        """

    def close(self) -> None:
        """Release the store's resources."""


def positive(seconds: float, what: str) -> float:
    """`seconds`, once it is positive; ValueError naming `what` otherwise."""
    if not seconds > 0:
        raise ValueError(f"{what} must be positive, got {seconds!r}")
    return seconds
