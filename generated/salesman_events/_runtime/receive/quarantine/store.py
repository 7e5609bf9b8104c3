# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The quarantine: requests in SalesMan's own forms that the receiver could not type yet, kept instead of refused.

SalesMan sends each event once and never retries, so a refusal loses the event for good. A request that passed
the token check but can't be decoded, names an unknown event or fails validation is acknowledged and kept here:
its body, query and headers as they came (less `ses` and the token), why it was kept, and when. A replay runs it
through the models and handlers of the day (after a spec upgrade it becomes a typed event).

A store is bounded: once it holds `max_entries` requests it keeps no more, and the receiver refuses the next one
with the precise 4xx it would have given without a quarantine (and logs that the quarantine is full).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from typing import Any, Final, Protocol

from ...wire.decoding import RECEIVER_HEADERS, SESSION_KEY, TOKEN_PARAM
from ...wire.messages import Request, RequestError
from ...wire.redact import redacted_body, redacted_form

__all__ = ["DEFAULT_MAX_ENTRIES", "KEPT_HEADERS", "KeptRequest", "QuarantineStore", "kept_request", "new_kept_id"]

DEFAULT_MAX_ENTRIES: Final = 100_000
# The headers a replay needs: those the receiver reads. Nothing else of a request is kept (no cookies, no auth).
KEPT_HEADERS: Final = RECEIVER_HEADERS - {"content-length"}


@dataclass(frozen=True)
class KeptRequest:
    """A request kept in the quarantine."""

    id: str
    received_at: float  # unix time
    reason: str  # the error code it would have been refused with: validation_failed, unknown_event, malformed_json …
    detail: str  # that error's detail, as JSON text
    event: str  # the event it names, "" when none could be read
    method: str
    path: str
    query: bytes  # without the token and `ses`
    headers: tuple[tuple[str, str], ...]  # only KEPT_HEADERS
    body: bytes  # without `ses`

    def summary(self) -> dict[str, Any]:
        """What a listing shows of it: everything but the body."""
        return {
            "id": self.id,
            "received_at": self.received_at,
            "event": self.event,
            "reason": self.reason,
            "detail": json.loads(self.detail),
            "method": self.method,
            "path": self.path,
            "query": self.query.decode("utf-8", "replace"),
            "bytes": len(self.body),
        }


class QuarantineStore(Protocol):
    """Where kept requests wait; every method is safe across threads (and processes, for SQLite and Redis)."""

    def keep(self, kept: KeptRequest) -> bool:
        """Store `kept`; False (nothing stored) when the store is full."""
        ...

    def get(self, kept_id: str) -> KeptRequest | None: ...

    def find(
        self, *, event: str | None = None, since: float | None = None, limit: int | None = None
    ) -> list[KeptRequest]:
        """Kept requests, oldest first: of one event, received at or after `since`, at most `limit`."""
        ...

    def update(self, kept_id: str, reason: str, detail: str) -> None:
        """Say why a replayed request is still kept."""
        ...

    def remove(self, kept_id: str) -> None: ...

    def count(self) -> int: ...

    def close(self) -> None: ...


def new_kept_id() -> str:
    """A unique, time-ordered id: `q_<time in ns><random>`, hex."""
    return f"q_{time.time_ns():016x}{os.urandom(4).hex()}"


def kept_request(request: Request, error: RequestError, event: str | None) -> KeptRequest:
    """What to keep of a request refused with `error`: credentials removed, only the headers a replay needs."""
    method, path, query, headers, body = request
    content_type = headers.get("content-type", "")
    return KeptRequest(
        id=new_kept_id(),
        received_at=time.time(),
        reason=error.code,
        detail=json.dumps(error.detail, ensure_ascii=False),
        event=event or "",
        method=method,
        path=path,
        query=redacted_form(query, (TOKEN_PARAM, SESSION_KEY)),
        headers=tuple(sorted((k, v) for k, v in headers.items() if k in KEPT_HEADERS)),
        body=redacted_body(body, content_type) if method == "POST" else b"",
    )
