"""Retry policy: schedule, jitter, Retry-After and the outcome of each delivery attempt."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import format_datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.runtime.deliver import retry
from generator.runtime.deliver.retry import Decision, RetryPolicy, decide, parse_retry_after

NOW = 1_700_000_000.0
DEFAULT = RetryPolicy()
NO_JITTER = RetryPolicy(jitter=0.0)


def test_defaults_match_the_design() -> None:
    assert retry.DEFAULT_SCHEDULE == (0.0, 5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0)
    assert (retry.JITTER, retry.RETRY_AFTER_CAP_SECONDS) == (0.2, 3600.0)
    assert (retry.CONNECT_TIMEOUT_SECONDS, retry.ATTEMPT_TIMEOUT_SECONDS) == (5.0, 15.0)
    assert DEFAULT.schedule == retry.DEFAULT_SCHEDULE and DEFAULT.max_attempts == 8


def test_schedule_without_jitter() -> None:
    assert [NO_JITTER.delay_before(n) for n in range(1, 10)] == [*retry.DEFAULT_SCHEDULE, None]


def test_first_attempt_is_immediate_even_with_jitter() -> None:
    assert DEFAULT.delay_before(1, random.Random(1)) == 0.0


def test_jitter_is_reproducible_with_a_seeded_rng() -> None:
    assert DEFAULT.delay_before(3, random.Random(7)) == DEFAULT.delay_before(3, random.Random(7))


@given(st.integers(min_value=1, max_value=8), st.integers(min_value=0, max_value=2**32))
def test_jitter_stays_within_twenty_percent(attempt: int, seed: int) -> None:
    base = retry.DEFAULT_SCHEDULE[attempt - 1]
    delay = DEFAULT.delay_before(attempt, random.Random(seed))
    assert delay is not None
    assert base * 0.8 <= delay <= base * 1.2


def test_jitter_actually_varies() -> None:
    rng = random.Random(3)
    assert len({DEFAULT.delay_before(2, rng) for _ in range(20)}) > 1


@pytest.mark.parametrize("attempt", [0, -1])
def test_attempts_are_one_based(attempt: int) -> None:
    with pytest.raises(ValueError):
        DEFAULT.delay_before(attempt)
    with pytest.raises(ValueError):
        decide(500, None, attempt, DEFAULT, NOW)


def test_exhausted_after_eight_attempts_by_default() -> None:
    rng = random.Random(0)
    outcomes = [decide(500, None, attempt, DEFAULT, NOW, rng).outcome for attempt in range(1, 9)]
    assert outcomes == ["retry"] * 7 + ["dead"]
    assert decide(500, None, 8, DEFAULT, NOW) == Decision("dead", None)


def test_parse() -> None:
    assert RetryPolicy.parse("0,5,300").schedule == (0.0, 5.0, 300.0)
    assert RetryPolicy.parse(" 0 , 1.5 ").schedule == (0.0, 1.5)
    assert RetryPolicy.parse("10").max_attempts == 1
    assert RetryPolicy.parse("0,5").jitter == retry.JITTER


@pytest.mark.parametrize("text", ["", " ", "0,,5", "0,-5", "a,b", "0,5,", "nan", "0,inf", "5 s"])
def test_parse_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        RetryPolicy.parse(text)


@pytest.mark.parametrize(
    "kwargs", [{"schedule": ()}, {"schedule": (-1.0,)}, {"jitter": -0.1}, {"jitter": 1.0}, {"retry_after_cap": -1.0}]
)
def test_invalid_policy(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]


def test_scaled() -> None:
    fast = DEFAULT.scaled(0.001)
    assert fast.schedule == pytest.approx([d * 0.001 for d in retry.DEFAULT_SCHEDULE])
    assert fast.retry_after_cap == pytest.approx(3.6)
    assert fast.jitter == DEFAULT.jitter
    assert DEFAULT.schedule == retry.DEFAULT_SCHEDULE  # unchanged
    assert DEFAULT.scaled(0).schedule == (0.0,) * 8
    for factor in (-1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError):
            DEFAULT.scaled(factor)


def http_date(seconds_from_now: float) -> str:
    return format_datetime(datetime.fromtimestamp(NOW + seconds_from_now, UTC), usegmt=True)


def test_retry_after_seconds() -> None:
    assert parse_retry_after("120", NOW) == 120.0
    assert parse_retry_after(" 0 ", NOW) == 0.0
    assert parse_retry_after("99999999", NOW) == 99999999.0


def test_retry_after_http_date() -> None:
    assert parse_retry_after(http_date(90), NOW) == pytest.approx(90.0)
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412480.0 - 60) == pytest.approx(60.0)


def test_retry_after_past_date_is_zero() -> None:
    assert parse_retry_after(http_date(-3600), NOW) == 0.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", NOW) == 0.0


@pytest.mark.parametrize(
    "value", [None, "", "soon", "-5", "1.5", "12abc", "Wed, 32 Oct 2015 07:28:00 GMT", "Mon, 1 Jan"]
)
def test_retry_after_garbage_is_none(value: str | None) -> None:
    assert parse_retry_after(value, NOW) is None


@pytest.mark.parametrize("status", [200, 201, 204, 299])
def test_2xx_is_delivered(status: int) -> None:
    assert decide(status, None, 1, DEFAULT, NOW) == Decision("delivered", None)
    assert decide(status, "60", 8, DEFAULT, NOW) == Decision("delivered", None)


def test_410_disables() -> None:
    assert decide(410, None, 1, DEFAULT, NOW) == Decision("disable", None)
    assert decide(410, "60", 8, DEFAULT, NOW) == Decision("disable", None)


@pytest.mark.parametrize("status", [None, 100, 199, 300, 301, 302, 307, 308, 400, 401, 404, 409, 500, 502, 504])
def test_everything_else_is_retried_on_the_schedule(status: int | None) -> None:
    assert decide(status, None, 1, NO_JITTER, NOW) == Decision("retry", NOW + 5.0)
    assert decide(status, None, 2, NO_JITTER, NOW) == Decision("retry", NOW + 300.0)
    assert decide(status, "1", 2, NO_JITTER, NOW) == Decision("retry", NOW + 300.0)  # Retry-After ignored
    assert decide(status, None, 8, NO_JITTER, NOW) == Decision("dead", None)


def test_retry_is_jittered() -> None:
    decision = decide(500, None, 2, DEFAULT, NOW, random.Random(5))
    assert decision.outcome == "retry" and decision.next_attempt_at is not None
    assert NOW + 240.0 <= decision.next_attempt_at <= NOW + 360.0


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_replaces_the_schedule(status: int) -> None:
    assert decide(status, None, 2, NO_JITTER, NOW) == Decision("retry", NOW + 300.0)
    assert decide(status, "garbage", 2, NO_JITTER, NOW) == Decision("retry", NOW + 300.0)
    assert decide(status, "600", 2, NO_JITTER, NOW) == Decision("retry", NOW + 600.0)
    assert decide(status, "10", 2, DEFAULT, NOW) == Decision("retry", NOW + 10.0)  # shorter, honoured, no jitter
    assert decide(status, "86400", 2, NO_JITTER, NOW) == Decision("retry", NOW + 3600.0)  # capped
    assert decide(status, http_date(120), 2, NO_JITTER, NOW).next_attempt_at == pytest.approx(NOW + 120.0)
    assert decide(status, http_date(-120), 2, NO_JITTER, NOW) == Decision("retry", NOW)
    assert decide(status, "60", 8, NO_JITTER, NOW) == Decision("dead", None)  # the schedule still ends


def test_retry_after_cap_follows_the_policy() -> None:
    policy = RetryPolicy(retry_after_cap=30.0, jitter=0.0)
    assert decide(429, "120", 1, policy, NOW) == Decision("retry", NOW + 30.0)
