"""The receiver core: verify, decode, coerce, dedupe and dispatch one webhook request, framework-free. With tracing on,
handlers run in a span `receive <event>` continuing the request's `traceparent`; an observer hears of every answer."""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from json.encoder import encode_basestring_ascii
from typing import Any, Final, Literal

from pydantic import ValidationError

from ..events.registry import EventInfo, did_you_mean
from ..wire import tracing
from ..wire.decoding import event_name, payload_of, split_query
from ..wire.messages import Request, RequestError, Response, error_response, json_response
from ..wire.signing import DEFAULT_TOLERANCE_SECONDS, SignatureError, Verifier
from .dedupe import Claim, MemoryStore, SeenStore
from .dispatch import Accepted, HandlerTable, ReceivedEvent, run_async, run_sync
from .ids import NO_RELEASE, generated_id, new_owner
from .observing import RequestObserver
from .quarantine import KeptRequest, MemoryQuarantine, QuarantineStore, kept_request

__all__ = ["DEFAULT_MAX_BODY", "INVALID_POLICIES", "InvalidPolicy", "ReceiverCore"]

DEFAULT_MAX_BODY = 1024 * 1024
InvalidPolicy = Literal["quarantine", "refuse"]
INVALID_POLICIES: Final = ("quarantine", "refuse")
logger = logging.getLogger(__name__.split("._runtime", 1)[0] + ".receiver")


class ReceiverCore(HandlerTable):
    """Turns a `Request` into a `Response`, framework-free; `ReceiverApp` serves it over ASGI and WSGI."""

    def __init__(
        self,
        events: Mapping[str, EventInfo[Any]],
        *,
        secrets: Sequence[str] = (),
        token: str | None = None,
        store: SeenStore | None = None,
        max_body: int = DEFAULT_MAX_BODY,
        tolerance: float = DEFAULT_TOLERANCE_SECONDS,
        on_invalid: InvalidPolicy = "quarantine",
        quarantine: QuarantineStore | None = None,
        observer: RequestObserver | None = None,
    ) -> None:
        """`on_invalid`: what becomes of an unsigned request (SalesMan's own) that can't be typed: kept in
        `quarantine` (in memory unless given) and acknowledged, or refused with its 4xx. Signed requests, whose
        senders retry, always get the 4xx. `observer` (or the attribute, set later) is told of every answer."""
        if on_invalid not in INVALID_POLICIES:
            raise ValueError(f"on_invalid must be one of {INVALID_POLICIES}, got {on_invalid!r}")
        super().__init__(events)
        self.max_body = max_body
        self.store: SeenStore = store if store is not None else MemoryStore()
        self._verifier = Verifier(list(secrets), tolerance=tolerance) if secrets else None
        self._token = token.encode() if token else None
        self.quarantine = (quarantine or MemoryQuarantine()) if on_invalid == "quarantine" else None
        self._keeps = self.quarantine is not None and self._verifier is None  # keep what can't be typed, or refuse
        self._receipts: dict[str, bytes] = {}
        self._validators: dict[str, Callable[[Any], Any]] = {}  # name -> its payload validator, on first use
        self.observer = observer

    def handle(self, request: Request) -> Response:
        """Synchronous handling (WSGI): async handlers run to completion on a private event loop."""
        accepted = self._prepare(request)
        if isinstance(accepted, Response):
            return accepted
        if tracing.enabled():
            with self._span(accepted, request.headers):
                response = self._run(accepted)
        else:
            response = self._run(accepted)
        if self.observer is not None:
            self.observer.answered(accepted.event.name, response.status)
        return response

    def _run(self, accepted: Accepted | Response) -> Response:
        return accepted if isinstance(accepted, Response) else self._finish(accepted, run_sync(accepted))

    async def handle_async(self, request: Request) -> Response:
        """Asynchronous handling (ASGI): sync handlers run in a worker thread."""
        accepted = self._prepare(request)
        return accepted if isinstance(accepted, Response) else await self._answer_async(accepted, request.headers)

    async def _answer_async(self, accepted: Accepted, headers: Mapping[str, str]) -> Response:
        """The response to an accepted request, once its handlers ran (in its span, with tracing on); observed."""
        if tracing.enabled():
            with self._span(accepted, headers):
                response = await self._dispatch_async(accepted)
        else:
            response = await self._dispatch_async(accepted)
        if self.observer is not None:
            self.observer.answered(accepted.event.name, response.status)
        return response

    @staticmethod
    def _span(accepted: Accepted, headers: Mapping[str, str]) -> AbstractContextManager[tracing.Traced]:
        """The span the handlers run in: it continues the request's `traceparent`."""
        return tracing.span(f"receive {accepted.event.name}", headers.get(tracing.TRACEPARENT, ""), kind="server")

    async def _dispatch_async(self, accepted: Accepted) -> Response:
        return self._finish(accepted, await run_async(accepted))

    def _prepare(self, request: Request) -> Accepted | Response:
        """The request checked, decoded, validated and claimed: what to run, or already the response.

        The first half of `handle_async`, for an adapter that answers without a coroutine when nothing is to run."""
        try:
            method, _, query, headers, body = request
            if method != "POST" and method != "GET":
                allow = (("allow", "GET, POST"),)
                raise RequestError(405, "method_not_allowed", f"{method[:16]} is not accepted; use POST or GET", allow)
            if len(body) > self.max_body:
                raise RequestError(413, "too_large", f"body exceeds {self.max_body} bytes")
            query_data, token = split_query(query) if query else ({}, None)
            if self._token is not None and not hmac.compare_digest((token or "").encode(), self._token):
                raise RequestError(401, "bad_token", "the token query parameter is missing or wrong")
            webhook_id = headers.get("webhook-id") or None
            if self._verifier is not None:
                try:
                    webhook_id = self._verifier.verify(headers, body if method == "POST" else query)
                except SignatureError as exc:
                    raise RequestError(401, "bad_signature", exc.reason) from None
        except RequestError as exc:
            refusal = exc.response()
        except Exception as exc:
            refusal = _unreadable(exc).response()
        else:
            return self._accept(request, query_data, webhook_id, self._keeps, self.observer)
        if self.observer is not None:
            self.observer.answered("", refusal.status)
        return refusal

    def _accept(
        self,
        request: Request,
        query_data: dict[str, Any],
        webhook_id: str | None,
        keep: bool,
        observer: RequestObserver | None = None,
    ) -> Accepted | Response:
        """A request that passed the checks decoded, validated and claimed; with `keep`, one that can't be typed is
        kept in the quarantine instead of refused. `observer` is told of the answer when it is already one."""
        name: Any = None
        try:
            payload = payload_of(request, query_data)
            name = payload.get("event")
            if type(name) is not str or not name:  # not the common case: a non-empty string in the body
                name = event_name(request, payload, self.events)
            validate = self._validators.get(name) or self._validator(name)
            try:
                model = validate(payload)
            except ValidationError as exc:
                raise RequestError(422, "validation_failed", _field_errors(exc)) from None
        except Exception as exc:
            error = exc if isinstance(exc, RequestError) else _unreadable(exc)
            answer = self._keep(request, error, name) if keep else error.response()
        else:
            try:
                claimed = self._claim(name, webhook_id, model)
            except RequestError as exc:
                answer = exc.response()
            else:
                if observer is None or type(claimed) is not Response:
                    return claimed
                answer = claimed
        if observer is not None:
            observer.answered(self._known(name), answer.status)
        return answer

    def _known(self, name: Any) -> str:
        """`name` if it is one of the events, else "": what an observer may be told of a request's event."""
        return name if isinstance(name, str) and name in self.events else ""

    def _keep(self, request: Request, error: RequestError, name: Any) -> Response:
        """202 once the request is in the quarantine; the refusal itself if the quarantine can't take it."""
        assert self.quarantine is not None
        kept = kept_request(request, error, name if isinstance(name, str) else None)
        try:
            stored = self.quarantine.keep(kept)
        except Exception:
            logger.exception("the quarantine failed; refused %s", error.code)
            return error.response()
        if not stored:
            logger.error("the quarantine is full; refused %s (%s)", kept.event or "a request", error.code)
            return error.response()
        logger.warning("kept %s in the quarantine: %s %s", kept.id, kept.event or "a request", error.code)
        if self.observer is not None:
            self.observer.quarantined(self._known(name))
        detail = {"ok": True, "quarantined": True, "id": kept.id, "reason": error.code, "detail": error.detail}
        return json_response(202, detail)

    def replay(self, kept: KeptRequest) -> Response:
        """Run a kept request through today's models and handlers, synchronously, without keeping it again. Its
        webhook-id, or `quarantine_<id>` if it came without one, dedupes as any other: replayed twice, handled once."""
        headers = dict(kept.headers)
        webhook_id = headers.setdefault("webhook-id", f"quarantine_{kept.id}")
        request = Request(kept.method, kept.path, kept.query, headers, kept.body)
        try:
            query_data = split_query(kept.query)[0] if kept.query else {}
        except RequestError as exc:
            return exc.response()
        return self._run(self._accept(request, query_data, webhook_id, keep=False))

    def _validator(self, name: str) -> Callable[[Any], Any]:
        info = self.events.get(name)
        if info is None:
            raise RequestError(404, "unknown_event", f"no event {name[:100]!r}{did_you_mean(name, self.events)}")
        validate = self._validators[name] = info.validator  # only known names: the dict stays as small as `events`
        return validate

    def _claim(self, name: str, webhook_id: str | None, model: Any) -> Accepted | Response:
        handlers, catch_all = self._handlers.get(name, ()), self._catch_all
        if webhook_id is None:
            if not handlers and not catch_all:  # nothing to run, nothing claimed: done, the id only in the response
                return self._receipt(name, generated_id())
            return Accepted(ReceivedEvent(name, generated_id(), model), handlers, catch_all, None)
        owner = new_owner() if handlers or catch_all else NO_RELEASE
        try:
            claim = self.store.claim(webhook_id, owner=owner)
        except Exception:
            logger.exception("seen-id store failed")
            raise RequestError(503, "store_unavailable", "try again later", (("retry-after", "5"),)) from None
        if claim is Claim.DONE:
            return json_response(200, {"ok": True, "duplicate": True, "event": name, "id": webhook_id})
        if claim is Claim.IN_PROGRESS:
            raise RequestError(409, "in_progress", "this webhook-id is being handled", (("retry-after", "1"),))
        return Accepted(ReceivedEvent(name, webhook_id, model), handlers, catch_all, owner)

    def _finish(self, accepted: Accepted, failure: Exception | None) -> Response:
        event, owner = accepted.event, accepted.owner
        if failure is not None:
            logger.error("handler failed for %s %s", event.name, event.id, exc_info=failure)
            if owner is not None:  # only if still ours: a lease that ran out may have passed the id to a retry
                try:
                    self.store.release(event.id, owner=owner)
                except Exception:
                    logger.exception("seen-id store failed")
            return error_response(500, "handler_failed", f"{type(failure).__name__} in a handler; retry later")
        if owner is not None:
            _quietly(self.store.complete, event.id)
        return self._receipt(event.name, event.id)

    def _receipt(self, name: str, event_id: str) -> Response:
        """The 200 of an accepted event: `{"ok":true,"event":name,"id":event_id}`, its start made once per event."""
        start = self._receipts.get(name)
        if start is None:
            start = self._receipts[name] = b'{"ok":true,"event":%s,"id":' % json.dumps(name).encode()
        return Response(200, start + encode_basestring_ascii(event_id).encode() + b"}")


def _quietly(action: Callable[[str], None], key: str) -> None:
    try:
        action(key)
    except Exception:
        logger.exception("seen-id store failed")


def _unreadable(exc: Exception) -> RequestError:
    """A bug of ours while reading a request: never the sender's fault worth a 500; logged."""
    logger.error("request could not be read", exc_info=exc)
    return RequestError(400, "unreadable", "the request could not be read")


def _field_errors(exc: ValidationError) -> list[dict[str, str]]:
    return [
        {"loc": ".".join(str(part) for part in error["loc"]), "msg": error["msg"], "type": error["type"]}
        for error in exc.errors(include_url=False, include_input=False, include_context=False)
    ]
