"""The endpoint health policy on a real outbox: failing without a success for the set time disables a
subscription with the reason shown; a success, or failures that began later, keep it enabled; enabling it again
with the console's recovery sends what died meanwhile."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.runtime.deliver.health import disable_failing, failing_since
from generator.runtime.deliver.worker import Worker
from generator.runtime.outbox import Attempt
from generator.runtime.outbox.browsing import ActivityRow
from generator.runtime.outbox.sqlite import SQLiteOutbox
from tests.helpers import wait_until
from tests.runtime.outbox.support import HOOK, claim_all, event

DAY = 86400.0
AFTER = 5 * DAY


def record_at(outbox: SQLiteOutbox, sid: int, moment: float, outcome: str) -> None:
    """An attempt of a new delivery to `sid` that started at `moment`, recorded with `outcome` (dead or delivered);
    the other subscriptions' deliveries of the event stay leased."""
    outbox.add([event()])
    (due,) = [d for d in claim_all(outbox) if d.subscription.id == sid]
    status = 200 if outcome == "delivered" else 500
    outbox.record(due, "worker", Attempt(moment, 0.05, status, "nope" if status == 500 else "ok", outcome))  # type: ignore[arg-type]


def test_failing_for_the_set_time_without_a_success_disables_with_the_reason(tmp_path: Path) -> None:
    outbox = SQLiteOutbox(tmp_path / "outbox.db")
    now = time.time()
    failing = outbox.subscribe(HOOK + "failing", ["deal.close"])
    recovered = outbox.subscribe(HOOK + "recovered", ["deal.close"])
    young = outbox.subscribe(HOOK + "young", ["deal.close"])
    record_at(outbox, failing.id, now - 6 * DAY, "delivered")  # a success, then only failures for 5.5 days
    record_at(outbox, failing.id, now - 5.5 * DAY, "dead")
    record_at(outbox, recovered.id, now - 5.5 * DAY, "dead")
    record_at(outbox, recovered.id, now - 1 * DAY, "delivered")  # succeeded since: healthy
    record_at(outbox, young.id, now - 2 * DAY, "dead")  # failing for 2 days only

    disabled = disable_failing(outbox, after=AFTER, now=now)

    assert [s.id for s in disabled] == [failing.id]
    by_id = {s.id: s for s in outbox.subscriptions()}
    assert not by_id[failing.id].enabled and "no successful delivery for 5 days" in by_id[failing.id].disabled_reason
    assert by_id[recovered.id].enabled and by_id[young.id].enabled
    assert disable_failing(outbox, after=AFTER, now=now) == []  # already disabled: nothing more

    # enabled again with recovery: what died meanwhile is due again
    outbox.set_enabled(failing.id, True)
    assert outbox.replay(dead=True, subscription_id=failing.id) == 1
    assert [d.subscription.id for d in claim_all(outbox)] == [failing.id]
    outbox.close()


def test_failing_since_is_the_first_failure_after_the_last_success() -> None:
    rows = [
        ActivityRow(0, 1, 0, 0, 3),
        ActivityRow(600, 1, 0, 1, 0),  # a success at 600
        ActivityRow(1200, 1, 0, 0, 2),
        ActivityRow(1800, 1, 0, 0, 1),
        ActivityRow(0, 2, 0, 0, 1),  # never a success: failing since 0
    ]
    assert failing_since(rows, now=5000.0, after=1000.0) == {1: 1200.0, 2: 0.0}
    assert failing_since(rows, now=5000.0, after=4000.0) == {2: 0.0}
    assert failing_since(rows, now=5000.0, after=5000.0) == {}


def test_a_running_worker_applies_the_policy_and_says_so(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    outbox = SQLiteOutbox(tmp_path / "outbox.db")
    failing = outbox.subscribe(HOOK + "failing", ["deal.close"])
    record_at(outbox, failing.id, time.time() - 6 * DAY, "dead")
    thread = Worker(outbox, disable_after=AFTER, poll=0.01).start_thread()
    try:
        wait_until("the subscription disabled", lambda: not outbox.subscriptions()[0].enabled, timeout=10)
    finally:
        thread.stop(10)
    assert "disabled by the health policy" in outbox.subscriptions()[0].disabled_reason
    assert f"subscription {failing.id} ({HOOK}failing) disabled" in caplog.text
    outbox.close()
