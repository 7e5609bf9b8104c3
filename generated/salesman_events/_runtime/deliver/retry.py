# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""When to try a webhook delivery again: the retry schedule, Retry-After, and the outcome of each attempt.

Everything here is pure: the caller passes the clock (`now`, seconds since the epoch) and, for reproducible
jitter, a `random.Random`.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import Final, Literal

__all__ = [
    "ATTEMPT_TIMEOUT_SECONDS",
    "CONNECT_TIMEOUT_SECONDS",
    "DEFAULT_SCHEDULE",
    "JITTER",
    "RETRY_AFTER_CAP_SECONDS",
    "RETRY_AFTER_STATUSES",
    "STATUS_GONE",
    "Decision",
    "Outcome",
    "RetryPolicy",
    "decide",
    "parse_retry_after",
]

# Seconds to wait before attempt 1..8: now, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
DEFAULT_SCHEDULE: Final = (0.0, 5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0)
JITTER: Final = 0.2  # each non-zero delay is scaled by a random factor in [1 - JITTER, 1 + JITTER]
RETRY_AFTER_CAP_SECONDS: Final = 3600.0  # a server's Retry-After is honoured up to this
CONNECT_TIMEOUT_SECONDS: Final = 5.0
ATTEMPT_TIMEOUT_SECONDS: Final = 15.0
STATUS_GONE: Final = 410  # the receiver asks to disable the subscription
RETRY_AFTER_STATUSES: Final = frozenset({429, 503})  # statuses whose Retry-After replaces the schedule

_DELAY_SECONDS: Final = re.compile(r"\d+")  # RFC 9110 delay-seconds: 1*DIGIT

Outcome = Literal["delivered", "retry", "dead", "disable"]


def _check_delay(value: float, what: str) -> float:
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{what} must be a finite number >= 0, got {value!r}")
    return float(value)


@dataclass(frozen=True)
class RetryPolicy:
    """The delays before each attempt (the first is usually 0), their jitter, and the Retry-After cap."""

    schedule: tuple[float, ...] = DEFAULT_SCHEDULE
    jitter: float = JITTER
    retry_after_cap: float = RETRY_AFTER_CAP_SECONDS

    def __post_init__(self) -> None:
        if not self.schedule:
            raise ValueError("a retry schedule needs at least one attempt")
        object.__setattr__(self, "schedule", tuple(_check_delay(d, "a scheduled delay") for d in self.schedule))
        if not 0 <= self.jitter < 1:
            raise ValueError(f"jitter must be in [0, 1), got {self.jitter!r}")
        _check_delay(self.retry_after_cap, "retry_after_cap")

    @property
    def max_attempts(self) -> int:
        """How many attempts the schedule allows before the delivery goes to the dead letter."""
        return len(self.schedule)

    def delay_before(self, attempt: int, rng: random.Random | None = None) -> float | None:
        """Seconds to wait before the 1-based `attempt`, jittered when > 0; None once the schedule is exhausted."""
        if attempt < 1:
            raise ValueError(f"attempts are numbered from 1, got {attempt}")
        if attempt > len(self.schedule):
            return None
        delay = self.schedule[attempt - 1]
        if delay == 0 or self.jitter == 0:
            return delay
        factor = (rng.uniform if rng is not None else random.uniform)(1 - self.jitter, 1 + self.jitter)
        return delay * factor

    @classmethod
    def parse(cls, text: str) -> RetryPolicy:
        """A policy with the schedule "0,5,300" (seconds, comma-separated); ValueError on anything else."""
        try:
            return cls(schedule=tuple(float(part) for part in text.split(",")))
        except ValueError as error:
            raise ValueError(f"retry schedule: comma-separated seconds >= 0, e.g. '0,5,300'; got {text!r}") from error

    def scaled(self, factor: float) -> RetryPolicy:
        """The same policy with every delay and the Retry-After cap multiplied by `factor` (to compress tests)."""
        _check_delay(factor, "factor")
        return RetryPolicy(
            schedule=tuple(d * factor for d in self.schedule),
            jitter=self.jitter,
            retry_after_cap=self.retry_after_cap * factor,
        )


@dataclass(frozen=True)
class Decision:
    """What to do after an attempt; `next_attempt_at` (epoch seconds) is set only for "retry"."""

    outcome: Outcome
    next_attempt_at: float | None


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds from `now` a Retry-After header asks to wait (delay-seconds or HTTP-date), >= 0; None if unusable."""
    if value is None:
        return None
    value = value.strip()
    if _DELAY_SECONDS.fullmatch(value):
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000": UTC with no claim about the local zone
        when = when.replace(tzinfo=UTC)
    try:
        return max(0.0, when.timestamp() - now)
    except (OverflowError, OSError, ValueError):
        return None


def decide(
    status: int | None,
    retry_after: str | None,
    attempt: int,
    policy: RetryPolicy,
    now: float,
    rng: random.Random | None = None,
) -> Decision:
    """The outcome of the 1-based `attempt` that got `status` (None: no response, timeout, refused or blocked).

    2xx is delivered, 410 disables the subscription; anything else (1xx, 3xx — redirects are never followed —,
    4xx, 5xx, None) is retried on the schedule, or dead when it is exhausted. For 429 and 503 a valid
    Retry-After replaces the scheduled delay, even when shorter, capped at `policy.retry_after_cap`.
    """
    if attempt < 1:
        raise ValueError(f"attempts are numbered from 1, got {attempt}")
    if status is not None and 200 <= status < 300:
        return Decision("delivered", None)
    if status == STATUS_GONE:
        return Decision("disable", None)
    delay = policy.delay_before(attempt + 1, rng)
    if delay is None:
        return Decision("dead", None)
    if status in RETRY_AFTER_STATUSES:
        requested = parse_retry_after(retry_after, now)
        if requested is not None:
            delay = min(requested, policy.retry_after_cap)
    return Decision("retry", now + delay)
