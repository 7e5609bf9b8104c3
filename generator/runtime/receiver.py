"""The receiver core: verify, decode, coerce, dedupe and dispatch one webhook request, framework-free."""

from __future__ import annotations

import asyncio
import hmac
import inspect
import itertools
import json
import logging
import os
from collections.abc import Awaitable, Callable, Mapping, Sequence
from json.encoder import encode_basestring_ascii
from typing import Any, Final, NamedTuple

from pydantic import ValidationError

from .adapters import WSGIApp, serve_asgi
from .decoding import event_name, payload_of, split_query
from .dedupe import Claim, MemoryStore, SeenStore
from .handlers import call_sync
from .messages import JSON_HEADERS, Request, RequestError, Response, error_response, json_response
from .registry import EventInfo
from .signing import DEFAULT_TOLERANCE_SECONDS, SignatureError, Verifier

__all__ = ["DEFAULT_MAX_BODY", "ReceivedEvent", "ReceiverCore"]

DEFAULT_MAX_BODY = 1024 * 1024
MAX_SUGGESTED_NAME = 100  # longer unknown names get no "did you mean" (its cost grows with the length)
_generated_prefix = f"gen_{os.urandom(6).hex()}_"  # ids for senders that send no webhook-id: unique per process
_generated_prefix_bytes = _generated_prefix.encode()
_sequence = itertools.count()
_owner_prefix = f"{os.urandom(8).hex()}:"  # random per process, so that owner tokens are unique across processes
_owners = itertools.count()  # with _owner_prefix: the seen-id store's owner token of each claim that may be released
_NO_RELEASE: Final = "-"  # the owner of a claim without handlers: nothing can fail, so it is never released
_new_tuple = tuple.__new__
logger = logging.getLogger(__name__.split("._runtime", 1)[0] + ".receiver")


def _new_process_prefixes() -> None:
    """A forked child's own prefixes: a pre-forking server's workers copy the parent's counters."""
    global _owner_prefix, _generated_prefix, _generated_prefix_bytes
    _owner_prefix = f"{os.urandom(8).hex()}:"
    _generated_prefix = f"gen_{os.urandom(6).hex()}_"
    _generated_prefix_bytes = _generated_prefix.encode()


if hasattr(os, "register_at_fork"):  # not on Windows, which does not fork
    os.register_at_fork(after_in_child=_new_process_prefixes)


class ReceivedEvent(NamedTuple):
    """An accepted event, as catch-all handlers get it."""

    name: str
    id: str  # the webhook-id, or a generated one for senders that send none
    payload: Any


CatchAll = Callable[[ReceivedEvent], Awaitable[None] | None]


Handler = Callable[[Any], Any]


class _Accepted(NamedTuple):
    event: ReceivedEvent
    handlers: tuple[Handler, ...]  # the event's own, called with the payload
    catch_all: tuple[CatchAll, ...]  # called with the event
    owner: str | None  # the owner token of the seen-id store's claim; None when nothing was claimed

    def calls(self) -> list[tuple[Handler, Any]]:
        event = self.event
        return [(h, event.payload) for h in self.handlers] + [(h, event) for h in self.catch_all]


class ReceiverCore:
    """Turns a `Request` into a `Response`; `__call__` is an ASGI app and `.wsgi` a WSGI app."""

    def __init__(
        self,
        events: Mapping[str, EventInfo[Any]],
        *,
        secrets: Sequence[str] = (),
        token: str | None = None,
        store: SeenStore | None = None,
        max_body: int = DEFAULT_MAX_BODY,
        tolerance: float = DEFAULT_TOLERANCE_SECONDS,
    ) -> None:
        self.events = events
        self.max_body = max_body
        self.store: SeenStore = store if store is not None else MemoryStore()
        self._verifier = Verifier(list(secrets), tolerance=tolerance) if secrets else None
        self._token = token.encode() if token else None
        self._handlers: dict[str, tuple[Handler, ...]] = {}  # tuples: a request dispatches to a snapshot
        self._catch_all: tuple[CatchAll, ...] = ()
        self._ok_prefixes: dict[str, bytes] = {}
        self._validators: dict[str, Callable[[Any], Any]] = {}  # name -> its payload validator, on first use

    def add_handler(self, name: str, handler: Callable[[Any], Any]) -> None:
        """Run `handler` with the payload of every accepted `name` event."""
        if name not in self.events:
            raise KeyError(f"unknown event {name!r}")
        self._handlers[name] = (*self._handlers.get(name, ()), handler)

    def on_any(self, handler: CatchAll) -> CatchAll:
        """Decorator: run `handler` with every accepted event, after the event's own handlers."""
        self._catch_all = (*self._catch_all, handler)
        return handler

    def register(self, handlers: object, base: type | None = None) -> int:
        """Register each per-event method of `handlers` (those it overrides when it subclasses `base`)."""
        count = 0
        for name, info in self.events.items():
            method = getattr(handlers, info.method, None)
            inherited = getattr(base, info.method, None) if base is not None else None
            if method is None or getattr(type(handlers), info.method, None) is inherited:
                continue
            self.add_handler(name, method)
            count += 1
        return count

    def handle(self, request: Request) -> Response:
        """Synchronous handling (WSGI): async handlers run to completion on a private event loop."""
        accepted = self._prepare(request)
        if isinstance(accepted, Response):
            return accepted
        try:
            for handler, argument in accepted.calls():
                call_sync(handler, argument)
        except Exception as exc:
            return self._finish(accepted, exc)
        return self._finish(accepted, None)

    async def handle_async(self, request: Request) -> Response:
        """Asynchronous handling (ASGI): sync handlers run in a worker thread."""
        accepted = self._prepare(request)
        return accepted if isinstance(accepted, Response) else await self._dispatch_async(accepted)

    async def _dispatch_async(self, accepted: _Accepted) -> Response:
        try:
            for handler, argument in accepted.calls():
                if inspect.iscoroutinefunction(handler):
                    await handler(argument)
                else:
                    result = await asyncio.to_thread(handler, argument)
                    if inspect.isawaitable(result):
                        await result
        except Exception as exc:
            return self._finish(accepted, exc)
        return self._finish(accepted, None)

    __call__ = serve_asgi  # the ASGI app: `receiver(scope, receive, send)`, without a coroutine in between

    @property
    def wsgi(self) -> WSGIApp:
        return WSGIApp(self)

    def _prepare(self, request: Request) -> _Accepted | Response:
        """The request checked, decoded, validated and claimed: what to run, or already the response."""
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
            payload = payload_of(request, query_data)
            name = payload.get("event")
            if type(name) is not str or not name:  # not the common case: a non-empty string in the body
                name = event_name(request, payload, self.events)
            validate = self._validators.get(name) or self._validator(name)
            try:
                model = validate(payload)
            except ValidationError as exc:
                raise RequestError(422, "validation_failed", _field_errors(exc)) from None
            return self._claim(name, webhook_id, model)
        except RequestError as exc:
            return exc.response()
        except Exception:  # a bug of ours, never the sender's fault worth a 500: say so and log it
            logger.exception("request could not be read")
            return error_response(400, "unreadable", "the request could not be read")

    def _validator(self, name: str) -> Callable[[Any], Any]:
        info = self.events.get(name)
        if info is None:
            raise RequestError(404, "unknown_event", f"no event {name[:100]!r}{_suggestion(name, self.events)}")
        validate = self._validators[name] = info.validator  # only known names: the dict stays as small as `events`
        return validate

    def _claim(self, name: str, webhook_id: str | None, model: Any) -> _Accepted | Response:
        handlers, catch_all = self._handlers.get(name, ()), self._catch_all
        if webhook_id is None:
            if not handlers and not catch_all:  # nothing to run, nothing claimed: done, the id only in the response
                prefix = self._ok_prefixes.get(name) or self._ok_prefix(name)
                body = b'%s"%s%d"}' % (prefix, _generated_prefix_bytes, next(_sequence))
                return _new_tuple(Response, (200, body, JSON_HEADERS))  # without the NamedTuple's Python __new__
            event_id = f"{_generated_prefix}{next(_sequence)}"
            return _Accepted(ReceivedEvent(name, event_id, model), handlers, catch_all, None)
        owner = f"{_owner_prefix}{next(_owners)}" if handlers or catch_all else _NO_RELEASE
        try:
            claim = self.store.claim(webhook_id, owner=owner)
        except Exception:
            logger.exception("seen-id store failed")
            raise RequestError(503, "store_unavailable", "try again later", (("retry-after", "5"),)) from None
        if claim is Claim.DONE:
            return json_response(200, {"ok": True, "duplicate": True, "event": name, "id": webhook_id})
        if claim is Claim.IN_PROGRESS:
            raise RequestError(409, "in_progress", "this webhook-id is being handled", (("retry-after", "1"),))
        return _Accepted(ReceivedEvent(name, webhook_id, model), handlers, catch_all, owner)

    def _finish(self, accepted: _Accepted, failure: Exception | None) -> Response:
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
        return Response(200, self._ok_prefix(event.name) + encode_basestring_ascii(event.id).encode() + b"}")

    def _ok_prefix(self, name: str) -> bytes:
        """`{"ok":true,"event":name,"id":` of the 200 response, made once per event."""
        prefix = self._ok_prefixes.get(name)
        if prefix is None:
            prefix = self._ok_prefixes[name] = b'{"ok":true,"event":%s,"id":' % json.dumps(name).encode()
        return prefix


def _quietly(action: Callable[[str], None], key: str) -> None:
    try:
        action(key)
    except Exception:
        logger.exception("seen-id store failed")


def _field_errors(exc: ValidationError) -> list[dict[str, str]]:
    return [
        {"loc": ".".join(str(part) for part in error["loc"]), "msg": error["msg"], "type": error["type"]}
        for error in exc.errors(include_url=False, include_input=False, include_context=False)
    ]


def _suggestion(name: str, known: Mapping[str, Any]) -> str:
    import difflib

    if len(name) > MAX_SUGGESTED_NAME:
        return ""
    match = difflib.get_close_matches(name, [str(k) for k in known], n=1)
    return f"; did you mean {match[0]!r}?" if match else ""
