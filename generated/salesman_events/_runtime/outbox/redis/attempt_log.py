# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The rows of a Redis outbox's attempt log (``attempts:<id>``), as `record` writes them and every reader reads them
back, and the row kept as a subscription's last failure (``last_failure``)."""

from __future__ import annotations

import json
from typing import Final

from ..browsing import attempt_from_log, headers_text
from ..interface import Attempt

__all__ = ["RESPONSE_LIMIT", "log_rows", "logged_attempt"]

RESPONSE_LIMIT: Final = 2_000  # characters of a response (or error) kept in the attempt log


def log_rows(attempt: Attempt) -> tuple[str, str]:
    """An attempt's log row: JSON [started_at, latency, status, response, outcome, next_attempt_at] and, when it has
    any, its headers (`browsing.headers_text`); and, for a failed one, that row without headers, kept as its
    subscription's last failure ("" for a delivered one)."""
    a = attempt
    row = [a.started_at, a.latency, a.status, a.response[:RESPONSE_LIMIT], a.outcome, a.next_attempt_at]
    headers = headers_text(a)
    return json.dumps([*row, headers] if headers else row), "" if a.outcome == "delivered" else json.dumps(row)


def logged_attempt(row: bytes | str) -> Attempt:
    """An attempt from its log row (`log_rows`; rows written before headers were kept have none)."""
    return attempt_from_log(*json.loads(row))
