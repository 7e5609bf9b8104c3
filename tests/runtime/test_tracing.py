"""One trace from the emitting code to the receiver's handler: emit span → delivery attempt span (its traceparent on
the wire) → the receiver's span, where the handler runs; real loopback HTTP, a real worker and uvicorn. The relay
carries a request's trace into the event it commits. Without a tracer provider, or without OpenTelemetry, the same
flow makes no span and stores no trace."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanContext, SpanKind
from opentelemetry.util._once import Once

from salesman_events import DealClose, Emitter, Receiver
from salesman_events._runtime.deliver.worker import Worker
from salesman_events._runtime.outbox.sqlite.outbox import SQLiteOutbox
from salesman_events._runtime.receive import RelayApp
from salesman_events._runtime.wire import tracing
from salesman_events._runtime.wire.messages import Request
from salesman_events.events import EVENTS
from tests.helpers import uvicorn_server
from tests.helpers import wait_until as wait_until_default

wait_until = functools.partial(wait_until_default, timeout=20.0, interval=0.02)
HOOK_TOKEN = "tr4ce-t0ken"


def _unset_tracer_provider() -> None:
    # OpenTelemetry lets a process set its global provider once; its own test utilities undo that this way.
    trace._TRACER_PROVIDER_SET_ONCE = Once()
    trace._TRACER_PROVIDER = None


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    """A global tracer provider exporting to memory, for this test only."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    try:
        yield exporter
    finally:
        provider.shutdown()
        _unset_tracer_provider()


class Handled:
    """The receiver's `deal.close` handler: the payloads it got and the span current while it ran."""

    def __init__(self) -> None:
        self.dids: list[int] = []
        self.spans: list[SpanContext] = []

    def __call__(self, payload: DealClose) -> None:
        self.spans.append(trace.get_current_span().get_span_context())
        self.dids.append(payload.did)


@pytest.fixture
def handled() -> Handled:
    return Handled()


@pytest.fixture
def hook(handled: Handled) -> Iterator[str]:
    receiver = Receiver(token=HOOK_TOKEN)
    receiver.on.deal_close(handled)
    with uvicorn_server(receiver) as url:
        yield f"{url}/hook?token={HOOK_TOKEN}"


def deliver_all(outbox: SQLiteOutbox, handled: Handled, count: int) -> None:
    """Run a worker until the receiver's handler has run `count` times and the outbox has nothing pending."""
    running = Worker(outbox, allow=["127.0.0.0/8"], poll=0.02, retention=None).start_thread()
    try:
        wait_until(f"{count} events handled", lambda: len(handled.dids) >= count and outbox.status().pending == 0)
    finally:
        running.stop(10)


def by_name(exported: tuple[ReadableSpan, ...]) -> dict[str, list[ReadableSpan]]:
    found: dict[str, list[ReadableSpan]] = {}
    for span in exported:
        found.setdefault(span.name, []).append(span)
    return found


def parent_id(span: ReadableSpan) -> int | None:
    return None if span.parent is None else span.parent.span_id


def test_one_trace_from_emit_through_delivery_to_the_handler(
    tmp_path: Path, spans: InMemorySpanExporter, hook: str, handled: Handled
) -> None:
    outbox = SQLiteOutbox(tmp_path / "outbox.db")
    outbox.subscribe(hook, ["deal.close"])
    emitter = Emitter(outbox, deliver=False)
    with trace.get_tracer("the application").start_as_current_span("close the deal") as caller:
        emitter.deal_close(did=7)
    deliver_all(outbox, handled, 1)

    named = by_name(spans.get_finished_spans())
    (emit,), (attempt,) = named["emit deal.close"], named["deliver deal.close"]
    (received,) = named["receive deal.close"]
    trace_id = caller.get_span_context().trace_id
    assert {span.context.trace_id for span in (emit, attempt, received)} == {trace_id}
    assert handled.dids == [7] and handled.spans[0].trace_id == trace_id
    # Each span is the child of the one before it; the receiver's parent came over the wire.
    assert parent_id(emit) == caller.get_span_context().span_id
    assert parent_id(attempt) == emit.context.span_id
    assert parent_id(received) == attempt.context.span_id and received.parent is not None and received.parent.is_remote
    assert handled.spans[0].span_id == received.context.span_id  # the handler ran inside the receiver's span
    assert (emit.kind, attempt.kind, received.kind) == (SpanKind.PRODUCER, SpanKind.CLIENT, SpanKind.SERVER)
    assert attempt.attributes is not None
    assert attempt.attributes["http.response.status_code"] == 200
    assert HOOK_TOKEN not in str(attempt.attributes["url.full"])
    outbox.close()


def test_a_batch_gives_each_event_its_own_emit_span(
    tmp_path: Path, spans: InMemorySpanExporter, hook: str, handled: Handled
) -> None:
    outbox = SQLiteOutbox(tmp_path / "outbox.db")
    outbox.subscribe(hook, ["deal.close"])
    emitter = Emitter(outbox, deliver=False)
    with trace.get_tracer("the application").start_as_current_span("import") as caller, emitter.batch():
        emitter.deal_close(did=1)
        emitter.deal_close(did=2)
    deliver_all(outbox, handled, 2)

    named = by_name(spans.get_finished_spans())
    emits, attempts, received = named["emit deal.close"], named["deliver deal.close"], named["receive deal.close"]
    assert len(emits) == len(attempts) == len(received) == 2
    assert {parent_id(span) for span in emits} == {caller.get_span_context().span_id}
    assert {parent_id(span) for span in attempts} == {span.context.span_id for span in emits}
    assert {parent_id(span) for span in received} == {span.context.span_id for span in attempts}
    assert sorted(handled.dids) == [1, 2]
    outbox.close()


def test_without_a_tracer_provider_nothing_is_traced_and_everything_works(
    tmp_path: Path, hook: str, handled: Handled
) -> None:
    assert not tracing.enabled()
    outbox = SQLiteOutbox(tmp_path / "outbox.db")
    outbox.subscribe(hook, ["deal.close"])
    event_id = Emitter(outbox, deliver=False).deal_close(did=3)
    (due,) = outbox.claim("reader", limit=10)
    assert due.event.id == event_id and due.event.trace == ""
    outbox.release([due], "reader")
    deliver_all(outbox, handled, 1)
    assert handled.dids == [3]
    assert not handled.spans[0].is_valid
    assert outbox.status().delivered == 1
    outbox.close()


def test_without_opentelemetry_tracing_is_a_no_op(monkeypatch: pytest.MonkeyPatch, spans: InMemorySpanExporter) -> None:
    assert tracing.enabled()  # a provider is set: only OpenTelemetry's absence turns tracing off here
    monkeypatch.setattr(tracing, "_otel", None)
    monkeypatch.setattr(tracing, "_PEEK", False)
    assert not tracing.enabled()
    assert tracing.current_traceparent() == ""
    with tracing.span("anything", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01") as traced:
        traced.note({"http.response.status_code": 200})
        traced.failed("nothing to mark")
    assert traced.traceparent == ""
    assert spans.get_finished_spans() == ()


def test_a_span_continues_a_valid_traceparent_and_ignores_a_malformed_one(spans: InMemorySpanExporter) -> None:
    sent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    with tracing.span("continued", sent, kind="server") as continued:
        assert tracing.current_traceparent() == continued.traceparent
    with tracing.span("fresh", "00-not-a-traceparent") as fresh:
        pass
    assert continued.traceparent.startswith("00-0af7651916cd43dd8448eb211c80319c-")
    assert continued.traceparent != sent and fresh.traceparent
    assert not fresh.traceparent.startswith("00-0af7651916cd43dd8448eb211c80319c-")
    (first, second) = spans.get_finished_spans()
    assert parent_id(first) == 0xB7AD6B7169203331 and second.parent is None


def test_the_relay_continues_the_request_trace_into_the_event_it_commits(
    tmp_path: Path, spans: InMemorySpanExporter
) -> None:
    outbox = SQLiteOutbox(tmp_path / "outbox.db")
    outbox.subscribe("https://hooks.example.com/", ["*"])
    relay = RelayApp(EVENTS, outbox, token=HOOK_TOKEN)
    sender = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    headers = {"content-type": "application/json", tracing.TRACEPARENT: sender}
    body = json.dumps({"event": "deal.close", "did": "5"}).encode()
    response = relay.handle(Request("POST", "/", f"token={HOOK_TOKEN}".encode(), headers, body))
    assert response.status == 200, response.body
    (due,) = outbox.claim("reader", limit=10)
    (received,) = spans.get_finished_spans()
    assert received.name == "receive deal.close" and parent_id(received) == 0x00F067AA0BA902B7
    assert due.event.trace == f"00-{received.context.trace_id:032x}-{received.context.span_id:016x}-01"
    assert received.context.trace_id == 0x4BF92F3577B34DA6A3CE929D0E0E4736
    outbox.close()
