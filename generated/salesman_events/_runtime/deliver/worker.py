# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The delivery worker: lease due deliveries from the outbox, send them, record each outcome."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field

from ..outbox.interface import DEFAULT_LEASE_SECONDS, PURGE_STEP, Attempt, Due, Outbox, failure_text
from ..wire.redact import without_token
from .client import AsyncWebhookClient
from .health import DEFAULT_DISABLE_AFTER, HealthCheck
from .observing import AttemptObserver
from .retry import RetryPolicy, decide
from .ssrf import BlockedAddress

__all__ = [
    "DEFAULT_CONCURRENCY",
    "DEFAULT_RETENTION_SECONDS",
    "Worker",
    "WorkerStats",
    "WorkerThread",
]

DEFAULT_CONCURRENCY = 16
POLL_SECONDS = 0.2
MAINTAIN_SECONDS = 1.0
DEFAULT_RETENTION_SECONDS = 7 * 24 * 3600.0  # delivered events are kept a week, then purged
PURGE_SECONDS = 1.0  # between purge steps while they find little to remove
FAILURE_LOG_SECONDS = 60.0  # a failing subscription's failures are logged once, then counted this long per line
logger = logging.getLogger(__name__.split("._runtime", 1)[0] + ".worker")


@dataclass
class WorkerStats:
    delivered: int = 0
    retried: int = 0
    dead: int = 0
    disabled: int = 0
    lost_leases: int = 0
    purged: int = 0  # deliveries and events removed by retention
    started_at: float = field(default_factory=time.monotonic)


@dataclass
class _Failing:
    """A subscription whose deliveries fail: the failures not logged yet, and when a line was last logged."""

    unlogged: int = 0
    logged_at: float = field(default_factory=time.monotonic)


class Worker:
    """Delivers what the outbox holds, `concurrency` attempts at a time, with leases so no attempt runs twice.

    Between claims it waits for a free slot, for the outbox's wake-up (engines that can tell: `outbox.watch`) or
    `poll` seconds, whichever comes first. Every `purge_every` seconds (at once again after a full step) it removes
    what finished more than `retention` seconds ago (`outbox.purge`, dead letters kept); None keeps everything.
    `observer` is told of every attempt recorded (`observing.AttemptObserver`: metrics). A subscription failing
    without a success for `disable_after` seconds is disabled (`health`); None never disables one.
    """

    def __init__(
        self,
        outbox: Outbox,
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        policy: RetryPolicy | None = None,
        lease: float = DEFAULT_LEASE_SECONDS,
        allow: Sequence[str] = (),
        poll: float = POLL_SECONDS,
        owner: str | None = None,
        client: AsyncWebhookClient | None = None,
        retention: float | None = DEFAULT_RETENTION_SECONDS,
        purge_every: float = PURGE_SECONDS,
        observer: AttemptObserver | None = None,
        disable_after: float | None = DEFAULT_DISABLE_AFTER,
    ) -> None:
        self.outbox = outbox
        self.concurrency = concurrency
        self.policy = policy or RetryPolicy()
        self.lease = lease
        self.poll = poll
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self.stats = WorkerStats()
        self._allow = tuple(allow)
        self._client = client
        self.observer = observer
        self._health = None if disable_after is None else HealthCheck(outbox, disable_after)
        self._maintained = 0.0
        self.retention, self.purge_every = retention, purge_every
        self._next_purge = 0.0
        self._record_all: Callable[[Sequence[tuple[Due, Attempt]], str], list[bool]] | None = getattr(
            outbox, "record_all", None
        )  # engines that record many attempts in one round trip (`interface.BatchRecording`)
        self._finished: list[tuple[Due, Attempt]] = []  # attempts made, not recorded yet
        self._failing: dict[int, _Failing] = {}  # by subscription id

    async def run(self, stop: asyncio.Event) -> WorkerStats:
        """Deliver until `stop` is set; then finish the attempts in flight and return."""
        client = self._client or AsyncWebhookClient(allow=self._allow)
        in_flight: set[asyncio.Task[None]] = set()
        wake = asyncio.Event()
        unwatch = _watch(self.outbox, asyncio.get_running_loop(), wake)
        try:
            while not stop.is_set():
                wake.clear()  # before claiming: a wake-up from now on ends the wait below at once
                self._record_finished()
                free = self.concurrency - len(in_flight)
                dues = await self._claim(free) if free > 0 else []

                def finished(task: asyncio.Task[None]) -> None:
                    in_flight.discard(task)
                    wake.set()

                for due in dues:
                    task = asyncio.create_task(self._attempt(client, due))
                    in_flight.add(task)
                    task.add_done_callback(finished)
                if free == 0 or len(dues) < free:  # full, or nothing more due now: wait for a slot, a wake-up, the poll
                    await _first(stop.wait(), wake.wait(), timeout=self.poll)
            if in_flight:
                await asyncio.gather(*in_flight, return_exceptions=True)
            self._record_finished()
        finally:
            unwatch()
            if self._client is None:
                await client.aclose()
        return self.stats

    async def _claim(self, limit: int) -> list[Due]:
        # Outbox calls run inline: a local commit takes well under a millisecond, less than a thread hop costs.
        try:
            self._maintain()
            return self.outbox.claim(self.owner, limit=limit, lease=self.lease)
        except Exception:
            logger.exception("could not lease deliveries; retrying in %.1f s", self.poll * 10)
            await asyncio.sleep(self.poll * 10)
            return []

    async def _attempt(self, client: AsyncWebhookClient, due: Due) -> None:
        sent = await client.send(due)
        decision = decide(sent.status, sent.retry_after, due.attempt, self.policy, time.time())
        attempt = Attempt(
            *(sent.started_at, sent.latency, sent.status, sent.body, decision.outcome, decision.next_attempt_at),
            *(sent.request_headers, sent.response_headers),
        )
        if self._record_all is not None:  # recorded with the others that finished meanwhile, before the next claim
            self._finished.append((due, attempt))
            return
        try:
            kept = self.outbox.record(due, self.owner, attempt)
        except Exception:
            logger.exception("could not record attempt %d of delivery %d", due.attempt, due.delivery_id)
            return  # the lease expires and another attempt is made: at-least-once
        self._count(due, attempt, kept)

    def _record_finished(self) -> None:
        """Record the attempts that finished since the last call, in one call to the outbox (`record_all`)."""
        if not self._finished or self._record_all is None:
            return
        finished, self._finished = self._finished, []
        try:
            kept = self._record_all(finished, self.owner)
        except Exception:
            logger.exception("could not record %d attempts", len(finished))
            return  # their leases expire and other attempts are made: at-least-once
        for (due, attempt), was_kept in zip(finished, kept, strict=True):
            self._count(due, attempt, was_kept)

    def _count(self, due: Due, attempt: Attempt, kept: bool) -> None:
        if self.observer is not None:
            try:
                self.observer.recorded(due, attempt, kept)
            except Exception:  # an observer's bug must not stop deliveries
                logger.exception("the attempt observer failed")
        if kept:
            self._log_failure(due, attempt)
        if not kept:
            self.stats.lost_leases += 1
        elif attempt.outcome == "delivered":
            self.stats.delivered += 1
        elif attempt.outcome == "retry":
            self.stats.retried += 1
        elif attempt.outcome == "dead":
            self.stats.dead += 1
        else:
            self.stats.disabled += 1
            logger.warning(
                "subscription %d disabled: %s answered 410 Gone",
                due.subscription.id,
                without_token(due.subscription.url),
            )

    def _log_failure(self, due: Due, attempt: Attempt) -> None:
        """A failing subscription's first failure logged with its reason, then at most one line a minute counting
        the failures since (with the last reason); one line when it delivers again."""
        sid, url = due.subscription.id, without_token(due.subscription.url)
        failing = self._failing.get(sid)
        if attempt.outcome == "delivered":
            if failing is not None:
                del self._failing[sid]
                logger.warning("subscription %d (%s) delivers again", sid, url)
            return
        reason = without_token(failure_text(attempt.status, attempt.response))
        if reason.startswith(BlockedAddress.__name__):
            reason += "; to deliver there, allow it: worker --allow-private CIDR, or Worker(allow=[CIDR])"
        then = {"retry": "retried " + _at(attempt.next_attempt_at), "dead": "dead letter", "disable": "disabled"}
        if failing is None:
            self._failing[sid] = _Failing()
            logger.warning(
                "delivery to subscription %d (%s) failed: %s; %s (further failures of it are counted, not logged)",
                *(sid, url, reason, then[attempt.outcome]),
            )
            return
        failing.unlogged += 1
        if time.monotonic() - failing.logged_at >= FAILURE_LOG_SECONDS:
            logger.warning("subscription %d (%s): %d more failures, the last: %s", sid, url, failing.unlogged, reason)
            failing.unlogged, failing.logged_at = 0, time.monotonic()

    def _maintain(self) -> None:
        """Housekeeping off the emitters' path, at most every MAINTAIN_SECONDS (SQLite: a WAL checkpoint)."""
        now = time.monotonic()
        maintain = getattr(self.outbox, "maintain", None)
        if maintain is not None and now - self._maintained > MAINTAIN_SECONDS:
            self._maintained = now
            maintain()
        if self.retention is not None and now >= self._next_purge:
            self._next_purge = now + self.purge_every
            try:
                removed = self.outbox.purge(time.time() - self.retention, limit=PURGE_STEP)
            except Exception:
                logger.exception("could not purge what finished more than %g s ago", self.retention)
                return
            self.stats.purged += removed
            if removed >= PURGE_STEP:  # more is waiting: the next step right after the next claim
                self._next_purge = now
        try:
            for s in self._health.run_if_due() if self._health else ():
                logger.warning("subscription %d (%s) disabled: failing without a success", s.id, without_token(s.url))
        except Exception:
            logger.exception("could not apply the endpoint health policy")

    def start_thread(self) -> WorkerThread:
        """Run this worker on a background thread (the emitter's in-process delivery)."""
        return WorkerThread(self)


def _at(moment: float | None) -> str:
    """When a retry is due, as a local time of day."""
    return "soon" if moment is None else "at " + time.strftime("%H:%M:%S", time.localtime(moment))


def _watch(outbox: Outbox, loop: asyncio.AbstractEventLoop, wake: asyncio.Event) -> Callable[[], None]:
    """Set `wake` whenever the outbox says new deliveries were committed (if it can); returns what stops that."""
    watch: Callable[[Callable[[], None]], Callable[[], None]] | None = getattr(outbox, "watch", None)
    if watch is None:
        return lambda: None

    def woken() -> None:  # on the outbox's thread
        with suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(wake.set)

    return watch(woken)


async def _first(*waits: object, timeout: float | None) -> None:
    tasks = [asyncio.ensure_future(w) for w in waits]  # type: ignore[call-overload]
    try:
        await asyncio.wait(tasks, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()


class WorkerThread:
    """A worker running on its own thread and event loop; `stop()` finishes the attempts in flight."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker
        self._loop = asyncio.new_event_loop()
        self._stop = asyncio.Event()
        self._thread = threading.Thread(target=self._main, name="salesman-events-worker", daemon=True)
        self._thread.start()

    def _main(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self.worker.run(self._stop))
        self._loop.close()

    def stop(self, timeout: float | None = None) -> None:
        if self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._stop.set)
            self._thread.join(timeout)
