# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The relay: SalesMan's own webhook traffic taken in and handed to durable delivery.

It takes hop 1 as SalesMan's `outSender` sends it (the form POST of the event's arguments plus `event`,
`identity`, `iduser1` and `ses`) and both hop-2 forms, decodes them with the receiver's codec, drops `ses`, validates
them (what can't be typed goes to the quarantine, as in the receiver), and answers only once the event and one
delivery per matching subscription are committed to the outbox; workers then deliver them, signed and retried.
SalesMan can't authenticate, so every request must carry the relay's token (`?token=…` or `Authorization: Bearer
…`) and may be limited to client addresses. A request that repeats a `webhook-id` (the drop-in webhooks.php sends
one, and the spool it writes keeps it) is committed once. With tracing on, a relayed event keeps the `traceparent` of
the request's span (`receive <event>`), so that its deliveries continue the sender's trace.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import time
from collections.abc import Mapping, Sequence
from json.encoder import encode_basestring_ascii
from typing import Any, Final
from urllib.parse import unquote_to_bytes

from ..events.registry import EventInfo
from ..outbox import EventRecord, Outbox
from ..wire import tracing
from ..wire.decoding import TOKEN_PARAM
from ..wire.ids import new_event_id
from ..wire.messages import RequestError, Response, error_response
from .asgi import ASGIReceive, ASGIScope, ASGISend, serve_asgi
from .core import DEFAULT_MAX_BODY, ReceiverCore
from .dedupe import Claim, SeenStore
from .dispatch import Accepted, ReceivedEvent
from .group_commit import GroupCommit
from .observing import RequestObserver
from .quarantine import QuarantineStore

__all__ = ["RELAY_CLAIM_LEASE_SECONDS", "RELAY_SEEN_TTL_SECONDS", "RelayApp", "request_token"]

RELAY_SEEN_TTL_SECONDS: Final = 30 * 24 * 3600.0  # a spool may be imported days after the relay was down
# A relay that dies while committing holds its claim of a webhook-id this long: a commit takes milliseconds.
RELAY_CLAIM_LEASE_SECONDS: Final = 5.0
_TOKEN_PREFIX: Final = TOKEN_PARAM.encode() + b"="
logger = logging.getLogger(__name__.split("._runtime", 1)[0] + ".relay")


def request_token(query: bytes, authorization: bytes | None) -> bytes | None:
    """The token a request carries: `Authorization: Bearer T`, else the URL's `token` parameter (as raw bytes)."""
    if authorization is not None:
        scheme, _, value = authorization.partition(b" ")
        if scheme.lower() == b"bearer" and value.strip():
            return value.strip()
    for pair in query.split(b"&") if query else ():
        if pair.startswith(_TOKEN_PREFIX):
            return unquote_to_bytes(pair[len(_TOKEN_PREFIX) :].replace(b"+", b" "))
    return None


class RelayApp(ReceiverCore):
    """An ASGI app (and, through `handle`, a synchronous one) that relays SalesMan's requests into `outbox`."""

    def __init__(
        self,
        events: Mapping[str, EventInfo[Any]],
        outbox: Outbox,
        *,
        token: str,
        allow: Sequence[str] = (),
        store: SeenStore | None = None,
        quarantine: QuarantineStore | None = None,
        max_body: int = DEFAULT_MAX_BODY,
        observer: RequestObserver | None = None,
    ) -> None:
        """`token`: required of every request; `allow`: client networks admitted (`10.0.0.0/8`, `127.0.0.1`; empty:
        any); `store`: the seen-id store that makes a repeated `webhook-id` one event (memory unless given);
        `observer`: told of every answer and every event relayed."""
        if not token:
            raise ValueError(
                "the relay needs a token: SalesMan's requests carry no other proof of where they come from"
            )
        super().__init__(
            events, store=store, quarantine=quarantine, max_body=max_body, on_invalid="quarantine", observer=observer
        )
        self.outbox = outbox
        self._relay_token = token.encode()
        self._allowed = tuple(ipaddress.ip_network(network, strict=False) for network in allow)
        self._group = GroupCommit(outbox)

    async def __call__(self, scope: ASGIScope, receive: ASGIReceive, send: ASGISend) -> None:
        """The ASGI app: refuses a request from an address not allowed or without the token, else relays it."""
        if scope["type"] == "http":
            refusal = self._refusal(scope)
            if refusal is not None:
                await _drain(receive)
                status, body, _ = refusal
                if self.observer is not None:
                    self.observer.answered("", status)
                headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
                await send({"type": "http.response.start", "status": status, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await serve_asgi(self, scope, receive, send)

    def _refusal(self, scope: ASGIScope) -> Response | None:
        if self._allowed:
            client = scope.get("client")
            try:
                address = ipaddress.ip_address(client[0]) if client else None
            except ValueError:
                address = None
            if address is None or not any(address in network for network in self._allowed):
                return error_response(403, "address_not_allowed", "this client address may not use the relay")
        authorization = next((v for k, v in scope["headers"] if k == b"authorization"), None)
        token = request_token(scope.get("query_string", b""), authorization)
        if token is None or not hmac.compare_digest(token, self._relay_token):
            return error_response(401, "bad_token", "send the relay's token as ?token=… or Authorization: Bearer …")
        return None

    def _claim(self, name: str, webhook_id: str | None, model: Any) -> Accepted | Response:
        """Every accepted request is relayed, with a new event id; one with a webhook-id is claimed in the seen-id
        store first, so that a repeat (a spool imported twice, a forwarder's retry) is not relayed again."""
        event = ReceivedEvent(name, new_event_id(), model)
        if webhook_id is None:
            return Accepted(event, (), (), None)
        owner = f"relay:{event.id}"
        try:
            claim = self.store.claim(webhook_id, owner=owner, lease=RELAY_CLAIM_LEASE_SECONDS)
        except Exception:
            logger.exception("seen-id store failed")
            raise RequestError(503, "store_unavailable", "try again later", (("retry-after", "5"),)) from None
        if claim is Claim.DONE:
            return Response(200, b'{"ok":true,"duplicate":true,"event":%s}' % encode_basestring_ascii(name).encode())
        if claim is Claim.IN_PROGRESS:
            raise RequestError(409, "in_progress", "this webhook-id is being relayed", (("retry-after", "1"),))
        return Accepted(event, (), (), f"{webhook_id}\n{owner}")

    def _record(self, accepted: Accepted) -> EventRecord:
        event = accepted.event
        data = self.events[event.name].dump_json(event.payload)
        return EventRecord(event.id, event.name, data, time.time(), tracing.current_traceparent())

    def _run(self, accepted: Accepted | Response) -> Response:
        """Synchronous relaying (`handle`, WSGI, a spool's import): one transaction per request."""
        if isinstance(accepted, Response):
            return accepted
        try:
            self.outbox.add([self._record(accepted)])
        except Exception as exc:
            return self._failed(accepted, exc)
        return self._committed(accepted)

    async def _dispatch_async(self, accepted: Accepted) -> Response:
        try:
            await self._group.add(self._record(accepted))
        except Exception as exc:
            return self._failed(accepted, exc)
        return self._committed(accepted)

    def _committed(self, accepted: Accepted) -> Response:
        if accepted.owner is not None:
            webhook_id = accepted.owner.split("\n", 1)[0]
            try:
                self.store.complete(webhook_id, ttl=RELAY_SEEN_TTL_SECONDS)
            except Exception:
                logger.exception("seen-id store failed")
        event = accepted.event
        if self.observer is not None:
            self.observer.relayed(event.name)
        return self._receipt(event.name, event.id)

    def _failed(self, accepted: Accepted, exc: Exception) -> Response:
        """The outbox could not take the event: nothing was committed, so the sender is told to try again."""
        logger.error("the outbox failed; %s not relayed: %s", accepted.event.name, exc)
        if accepted.owner is not None:
            webhook_id, owner = accepted.owner.split("\n", 1)
            try:
                self.store.release(webhook_id, owner=owner)
            except Exception:
                logger.exception("seen-id store failed")
        return error_response(
            503, "outbox_unavailable", "the event was not recorded; send it again", (("retry-after", "5"),)
        )


async def _drain(receive: ASGIReceive) -> None:
    """Read a refused request's body to its end, so that the connection can be kept alive."""
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            return
