# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""What the PostgreSQL outbox sends to record attempts (`queries.RECORD`): each outcome checked, then the state its
delivery moves to, its attempt log row, and the activity row it counts in."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any, Final

from ..browsing import activity_key, headers_text
from ..interface import Attempt, Due

__all__ = ["RESPONSE_LIMIT", "record_parameters"]

RESPONSE_LIMIT: Final = 2_000  # characters of a response (or error) kept in the attempt log
_OUTCOME_STATES: Final = {"delivered": "delivered", "retry": "pending", "dead": "dead", "disable": "cancelled"}


def record_parameters(outcomes: Sequence[tuple[Due, Attempt]], owner: str) -> dict[str, Any]:
    """The parameters of `queries.RECORD`; ValueError for an unknown outcome or a retry without a time."""
    for _, a in outcomes:
        if a.outcome not in _OUTCOME_STATES or (a.outcome == "retry" and a.next_attempt_at is None):
            raise ValueError(f"an outcome in {tuple(_OUTCOME_STATES)}, and a time for a retry, needed: {a!r}")
    attempts = [a for _, a in outcomes]
    # Each outcome's own activity row: the statement adds up those whose lease was still held.
    rows = [activity_key(due, attempt) for due, attempt in outcomes]
    return {
        "owner": owner,
        "now": time.time(),
        "ids": [due.delivery_id for due, _ in outcomes],
        "attempts": [due.attempt for due, _ in outcomes],
        "states": [_OUTCOME_STATES[a.outcome] for a in attempts],
        "retry_at": [a.next_attempt_at if a.outcome == "retry" else None for a in attempts],
        "status": [a.status for a in attempts],
        "started": [a.started_at for a in attempts],
        "latency": [a.latency for a in attempts],
        "response": [a.response[:RESPONSE_LIMIT].replace("\x00", "\ufffd") for a in attempts],  # text holds no NUL
        "outcomes": [a.outcome for a in attempts],
        "headers": [headers_text(a) for a in attempts],  # JSON: a NUL in it is escaped
        "minutes": [minute for minute, *_ in rows],
        "sids": [sid for _, sid, *_ in rows],
        "buckets": [bucket for _, _, bucket, *_ in rows],
    }
