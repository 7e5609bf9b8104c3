# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""W3C Trace Context on the wire (the `traceparent` header), through OpenTelemetry when the application uses it.

An event carries the `traceparent` of the span that emitted it; each delivery attempt sends the one of its own span,
a child of that; the receiver runs the handlers in a span continuing the header it got. So one trace goes from the
emitting code to the handler, across processes and machines.

Without OpenTelemetry installed, or until the application sets a tracer provider, nothing here makes a span:
`enabled()` is False, `current_traceparent()` is "", and `span` yields a handle that notes nothing. Callers on a
hot path ask `enabled()` first, which costs one check.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Final, Literal, get_args

try:
    from opentelemetry import trace as _otel
    from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
except ImportError:  # tracing is optional: the `tracing` extra
    _otel = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from opentelemetry.context import Context
    from opentelemetry.trace import Span

__all__ = ["TRACEPARENT", "SpanKindName", "Traced", "current_traceparent", "enabled", "span"]

TRACEPARENT: Final = "traceparent"
SpanKindName = Literal["internal", "producer", "client", "server"]
_TRACER_NAME: Final = __name__.split("._runtime", 1)[0]

if _otel is not None:
    _otel.get_tracer_provider()  # a provider named by the environment (OTEL_PYTHON_TRACER_PROVIDER) is set now
    _PROPAGATOR: Final = TraceContextTextMapPropagator()
    _KINDS: Final = {kind: getattr(_otel.SpanKind, kind.upper()) for kind in get_args(SpanKindName)}
# OpenTelemetry's public getter looks the environment up on every call until a provider is set (close to a
# microsecond: too much for every request), so its own global is read when it is there.
_PEEK: Final = _otel is not None and hasattr(_otel, "_TRACER_PROVIDER")


def enabled() -> bool:
    """Whether spans are made: OpenTelemetry is installed and the application set a tracer provider."""
    if _PEEK:
        return _otel._TRACER_PROVIDER is not None
    return _otel is not None and not isinstance(_otel.get_tracer_provider(), _otel.ProxyTracerProvider)


def _traceparent(span: Span) -> str:
    context = span.get_span_context()
    if not context.is_valid:
        return ""
    return f"00-{context.trace_id:032x}-{context.span_id:016x}-{int(context.trace_flags):02x}"


def current_traceparent() -> str:
    """The `traceparent` of the current span; "" when there is none (or no tracing)."""
    return _traceparent(_otel.get_current_span()) if enabled() else ""


class Traced:
    """The span a `span` block runs in: its `traceparent` (to send on), and what to note on it."""

    __slots__ = ("_span", "traceparent")

    def __init__(self, span: Span | None) -> None:
        self._span = span
        self.traceparent = "" if span is None else _traceparent(span)

    def note(self, attributes: Mapping[str, str | int | float | bool]) -> None:
        """Attributes of the span, e.g. `{"http.response.status_code": 200}`."""
        if self._span is not None:
            self._span.set_attributes(attributes)

    def failed(self, reason: str) -> None:
        """Mark the span as failed, saying why."""
        if self._span is not None:
            self._span.set_status(_otel.Status(_otel.StatusCode.ERROR, reason))


_OFF: Final = Traced(None)


def _parent(traceparent: str) -> Context | None:
    """The context to start a span in: the one `traceparent` names, unless the current span already continues that
    trace (an instrumented server span); None (the current context) when the header is absent or malformed."""
    if not traceparent:
        return None
    remote = _PROPAGATOR.extract({TRACEPARENT: traceparent})
    named = _otel.get_current_span(remote).get_span_context()
    if not named.is_valid or _otel.get_current_span().get_span_context().trace_id == named.trace_id:
        return None
    return remote


@contextmanager
def span(name: str, traceparent: str = "", *, kind: SpanKindName = "internal") -> Iterator[Traced]:
    """A span named `name`, current for the block: a child of the span `traceparent` names if given (and valid),
    else of the current span. An exception raised in the block is recorded on it and goes on."""
    if not enabled():
        yield _OFF
        return
    tracer = _otel.get_tracer(_TRACER_NAME)
    with tracer.start_as_current_span(name, context=_parent(traceparent), kind=_KINDS[kind]) as current:
        yield Traced(current)
