"""Prometheus metrics over real loopback HTTP: a worker's attempts, latency and queue against what its SQLite outbox
reports, a receiver's and a relay's requests, quarantine and relayed events, and `--metrics` on the command line."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from salesman_events import Emitter, Receiver
from salesman_events._runtime.cli.metrics_option import served_metrics
from salesman_events._runtime.console.metrics import DeliveryMetrics, RelayMetrics, RequestMetrics, new_registry
from salesman_events._runtime.console.metrics_http import MetricsServer, metrics_address
from salesman_events._runtime.deliver.retry import RetryPolicy
from salesman_events._runtime.deliver.worker import Worker
from salesman_events._runtime.outbox.browsing import QueueCounts
from salesman_events._runtime.outbox.sqlite.outbox import SQLiteOutbox
from salesman_events._runtime.receive import RelayApp
from salesman_events.events import EVENTS
from tests.helpers import uvicorn_server
from tests.helpers import wait_until as wait_until_default
from tests.runtime.cli.support import TOKEN, free_port, listening

wait_until = functools.partial(wait_until_default, timeout=20.0, interval=0.02)
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]
SECRET_TOKEN = "s3cret-hook-t0ken"
DELIVERED, FAILING = 7, 3  # deliveries to the endpoint that answers 200, and to the one that answers 500
SCHEDULE = (0.0, 0.05)  # two attempts, then the dead letter
JSON = {"content-type": "application/json"}


def scrape(url: str) -> Samples:
    """Every sample the metrics endpoint serves, by name and labels."""
    response = httpx.get(url, timeout=5)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def total(samples: Samples, name: str, **labels: str) -> float:
    """The sum of the samples of `name` whose labels include `labels`."""
    return sum(value for (n, have), value in samples.items() if n == name and set(labels.items()) <= set(have))


async def answer_by_path(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """A webhook endpoint: 200 on /ok, 500 anywhere else."""
    if scope["type"] != "http":
        return
    while (await receive()).get("more_body"):
        pass
    status = 200 if scope["path"] == "/ok" else 500
    await send({"type": "http.response.start", "status": status, "headers": [(b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"ok"})


@pytest.fixture
def endpoint() -> Iterator[str]:
    with uvicorn_server(answer_by_path) as url:
        yield url


def test_worker_metrics_match_what_the_outbox_reports(tmp_path: Path, endpoint: str) -> None:
    outbox = SQLiteOutbox(tmp_path / "outbox.db")
    good = outbox.subscribe(f"{endpoint}/ok?token={SECRET_TOKEN}", ["deal.*"])
    bad = outbox.subscribe(f"{endpoint}/fail", ["deal.close"])
    emitter = Emitter(outbox, deliver=False)
    for did in range(1, FAILING + 1):
        emitter.deal_close(did=did)  # to both
    for did in range(1, DELIVERED - FAILING + 1):
        emitter.deal_add(did=did)  # to the good one only
    registry = new_registry()
    metrics = DeliveryMetrics(registry, outbox)
    policy = RetryPolicy(schedule=SCHEDULE, jitter=0)
    worker = Worker(outbox, policy=policy, allow=["127.0.0.0/8"], poll=0.02, retention=None, observer=metrics)
    with MetricsServer(registry, ("127.0.0.1", 0)) as server:
        assert server.url.endswith("/metrics")
        running = worker.start_thread()
        try:
            during = wait_until("a delivery counted", lambda: _delivered(scrape(server.url)))
            wait_until("every delivery finished", lambda: outbox.status().pending == 0)
        finally:
            running.stop(10)
        after = scrape(server.url)
    status = outbox.status()
    attempts = "salesman_events_delivery_attempts_total"
    assert (status.delivered, status.dead) == (DELIVERED, FAILING)
    assert 1 <= during <= total(after, attempts, outcome="delivered") == status.delivered
    assert total(after, attempts, outcome="dead") == status.dead
    assert total(after, attempts, outcome="retry") == FAILING * (len(SCHEDULE) - 1)
    assert total(after, attempts, outcome="lease_lost") == 0
    by_subscription = {s.subscription.id: s for s in status.subscriptions}
    failed_at_bad = total(after, attempts, subscription=str(bad.id)) - total(
        after, attempts, subscription=str(bad.id), outcome="delivered"
    )
    assert failed_at_bad == by_subscription[bad.id].failures == FAILING * len(SCHEDULE)
    assert total(after, attempts, subscription=str(good.id), event="deal.add") == DELIVERED - FAILING
    assert total(after, attempts, subscription=str(good.id), event="deal.close") == FAILING

    # The endpoint label is the URL without its token, which appears nowhere.
    endpoints = {dict(labels)["endpoint"] for (name, labels) in after if name == attempts}
    assert endpoints == {f"{endpoint}/ok?token=…", f"{endpoint}/fail"}
    assert not any(SECRET_TOKEN in value for (_, labels) in after for _, value in labels)

    # One latency observation per attempt, in the outbox's buckets.
    all_attempts = total(after, attempts)
    assert all_attempts == DELIVERED + FAILING * len(SCHEDULE)
    assert total(after, "salesman_events_delivery_attempt_seconds_count") == all_attempts
    assert total(after, "salesman_events_delivery_attempt_seconds_bucket", le="+Inf") == all_attempts
    assert total(after, "salesman_events_delivery_attempt_seconds_bucket", le="10.0") == all_attempts

    # The queue, read at the scrape, where the engine can tell.
    if hasattr(outbox, "queue_counts"):
        assert after[("salesman_events_queue_dead", ())] == status.dead
        assert after[("salesman_events_queue_depth", ())] == status.pending == 0
        assert after[("salesman_events_queue_due", ())] == 0
    else:
        assert not any(name.startswith("salesman_events_queue_") for name, _ in after)
    outbox.close()


def _delivered(samples: Samples) -> float:
    return total(samples, "salesman_events_delivery_attempts_total", outcome="delivered")


class _Queue:
    """An outbox that reports its queue (and then fails to)."""

    def __init__(self) -> None:
        self.counts: QueueCounts | Exception = QueueCounts(depth=5, due=2, dead=1)

    def queue_counts(self, now: float | None = None) -> QueueCounts:
        if isinstance(self.counts, Exception):
            raise self.counts
        return self.counts


def test_queue_gauges_are_read_at_each_scrape_and_absent_when_unreadable() -> None:
    queue, registry = _Queue(), new_registry()
    DeliveryMetrics(registry, queue)
    with MetricsServer(registry, ("127.0.0.1", 0)) as server:
        first = scrape(server.url)
        queue.counts = QueueCounts(depth=9, due=0, dead=3)
        second = scrape(server.url)
        queue.counts = OSError("the outbox is gone")
        third = scrape(server.url)
    gauges = ("salesman_events_queue_depth", "salesman_events_queue_due", "salesman_events_queue_dead")
    assert [first[(name, ())] for name in gauges] == [5, 2, 1]
    assert [second[(name, ())] for name in gauges] == [9, 0, 3]
    assert not any(name in gauges for name, _ in third)


def test_receiver_metrics_count_accepted_refused_and_quarantined_requests() -> None:
    receiver = Receiver(token=TOKEN)
    handled: list[int] = []
    receiver.on.deal_close(lambda payload: handled.append(payload.did))
    registry = new_registry()
    receiver.observer = RequestMetrics(registry)
    with uvicorn_server(receiver) as url, MetricsServer(registry, ("127.0.0.1", 0)) as server:
        hook = f"{url}/?token={TOKEN}"
        statuses = [
            *(_post(hook, {"event": "deal.close", "did": str(did)}) for did in (1, 2, 3)),
            _post(hook, {"event": "deal.close", "did": "not a number"}),  # kept in the quarantine
            _post(hook, {"event": "no.such.event", "did": "1"}),  # kept too; its name is no label
            _post(f"{url}/?token=wrong", {"event": "deal.close", "did": "4"}),
        ]
        samples = scrape(server.url)
    assert statuses == [200, 200, 200, 202, 202, 401]
    assert handled == [1, 2, 3]
    requests = "salesman_events_requests_total"
    assert total(samples, requests, status="200", event="deal.close") == 3
    assert total(samples, requests, status="202", event="deal.close") == 1
    assert total(samples, requests, status="202", event="") == 1
    assert total(samples, requests, status="401", event="") == 1
    assert total(samples, requests) == len(statuses)
    assert receiver.quarantine is not None
    kept = receiver.quarantine.find()
    assert total(samples, "salesman_events_quarantined_total") == len(kept) == 2
    assert total(samples, "salesman_events_quarantined_total", event="deal.close") == 1
    assert not any("no.such" in value for (_, labels) in samples for _, value in labels)


def test_relay_metrics_count_the_events_handed_to_the_outbox(tmp_path: Path) -> None:
    outbox = SQLiteOutbox(tmp_path / "outbox.db")
    outbox.subscribe("https://hooks.example.com/", ["*"])
    registry = new_registry()
    relay = RelayApp(EVENTS, outbox, token=TOKEN, observer=RelayMetrics(registry))
    with uvicorn_server(relay) as url, MetricsServer(registry, ("127.0.0.1", 0)) as server:
        statuses = [
            *(_post(f"{url}/?token={TOKEN}", {"event": "deal.close", "did": str(did)}) for did in (1, 2)),
            _post(f"{url}/?token={TOKEN}", {"event": "deal.close", "did": "x"}),
            _post(f"{url}/", {"event": "deal.close", "did": "3"}),
        ]
        samples = scrape(server.url)
    assert statuses == [200, 200, 202, 401]
    assert total(samples, "salesman_events_relayed_total", event="deal.close") == outbox.status().pending == 2
    assert total(samples, "salesman_events_requests_total", status="200", event="deal.close") == 2
    assert total(samples, "salesman_events_quarantined_total", event="deal.close") == 1
    assert total(samples, "salesman_events_requests_total", status="401", event="") == 1
    outbox.close()


def _post(url: str, body: dict[str, str]) -> int:
    return httpx.post(url, content=json.dumps(body), headers=JSON, timeout=10).status_code


def test_listen_serves_its_metrics(tmp_path: Path) -> None:
    port = free_port()
    with listening(tmp_path, "--metrics", f":{port}") as url:
        metrics_url = f"http://127.0.0.1:{port}/metrics"
        assert _post(url, {"event": "deal.close", "did": "42"}) == 200
        samples = wait_until("the metrics endpoint", lambda: _scraped(metrics_url))
    assert samples is not None
    assert total(samples, "salesman_events_requests_total", status="200", event="deal.close") == 1
    assert f"metrics on {metrics_url}" in (tmp_path / "listen.err").read_text()


def _scraped(url: str) -> Samples | None:
    try:
        return scrape(url)
    except httpx.TransportError:
        return None


def test_metrics_address_forms() -> None:
    assert metrics_address("9464") == ("127.0.0.1", 9464)
    assert metrics_address(":9464") == ("127.0.0.1", 9464)
    assert metrics_address("0.0.0.0:9100") == ("0.0.0.0", 9100)
    assert metrics_address("[::1]:9100") == ("::1", 9100)
    for wrong in ("", "host", "host:port", "::1:9100", "1:99999"):
        with pytest.raises(ValueError, match="HOST:PORT"):
            metrics_address(wrong)


def test_metrics_without_prometheus_client_say_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "prometheus_client", None)  # as if it were not installed
    with pytest.raises(SystemExit) as exited, served_metrics(("127.0.0.1", 0), RequestMetrics):
        pass
    assert exited.value.code == 2
    assert "pip install salesman-events[metrics]" in capsys.readouterr().err
    with served_metrics(None, RequestMetrics) as nothing:  # no --metrics: nothing is imported or served
        assert nothing is None


def test_an_address_in_use_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    registry = new_registry()
    taken = MetricsServer(registry, ("127.0.0.1", 0))
    try:
        with pytest.raises(SystemExit) as exited, served_metrics(("127.0.0.1", taken.port), RequestMetrics):
            pass
    finally:
        taken.close()
    assert exited.value.code == 2
    assert f"--metrics: can't serve on 127.0.0.1:{taken.port}" in capsys.readouterr().err
