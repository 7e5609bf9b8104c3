# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Send one webhook delivery: encode, sign, refuse internal addresses, POST or GET, never follow redirects.

One shared base builds the request; `WebhookClient` (sync) and `AsyncWebhookClient` (async) only send it. With
tracing on, each attempt is a span `deliver <event>`, a child of the emit's (`EventRecord.trace`), whose
`traceparent` goes out with the request.
"""

from __future__ import annotations

import asyncio
import ipaddress
import time
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import lru_cache
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any

import httpx

from ..outbox.interface import Due
from ..wire import tracing
from ..wire.encoding import stored_delivery
from ..wire.redact import without_token
from ..wire.signing import signed_headers
from .retry import ATTEMPT_TIMEOUT_SECONDS, CONNECT_TIMEOUT_SECONDS
from .ssrf import AddressPolicy, BlockedAddress

__all__ = ["MAX_RESPONSE_CHARS", "USER_AGENT", "AsyncWebhookClient", "Sent", "WebhookClient"]

USER_AGENT = "salesman-events-webhooks/1"
MAX_RESPONSE_CHARS = 2000
MAX_CONNECTIONS = 100


@dataclass(frozen=True)
class Sent:
    """What one attempt got: a status and body, or no response and why."""

    started_at: float
    latency: float
    status: int | None
    body: str  # the response body, or the error, truncated
    retry_after: str | None = None
    request_headers: tuple[tuple[str, str], ...] = ()  # as sent, when a request was made
    response_headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class _Prepared:
    method: str
    url: httpx.URL  # with the host replaced by the checked address
    headers: dict[str, str]
    body: bytes
    extensions: dict[str, Any]

    def arguments(self) -> dict[str, Any]:
        """Keyword arguments of `httpx.Client.request` / `httpx.AsyncClient.request`."""
        return {
            "method": self.method,
            "url": self.url,
            "headers": self.headers,
            "content": self.body or None,
            "extensions": self.extensions,
        }


def default_async_transport() -> httpx.AsyncBaseTransport | None:
    """httpx over aiohttp when installed: measured several times faster than httpx's own pool at many requests in
    flight (bench/delivery.py); else httpx's own transport."""
    try:
        from httpx_aiohttp import AiohttpTransport
    except ImportError:
        return None
    return AiohttpTransport()


@lru_cache(maxsize=1024)
def _parsed(url: str) -> httpx.URL:
    """A subscription's URL, parsed once (an httpx URL is immutable): every delivery to it needs it."""
    return httpx.URL(url)


@lru_cache(maxsize=1024)
def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _no_cookies() -> CookieJar:
    """A jar that keeps nothing: no cookie ever goes from one delivery to another."""
    return CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))


class _ClientBase:
    def __init__(
        self,
        *,
        allow: Sequence[str] = (),
        timeout: float = ATTEMPT_TIMEOUT_SECONDS,
        connect_timeout: float = CONNECT_TIMEOUT_SECONDS,
    ) -> None:
        self.policy = AddressPolicy(allow)
        self._literals: dict[tuple[str, int], str] = {}  # IP-literal host and port -> its checked address
        self.timeout = httpx.Timeout(timeout, connect=connect_timeout)
        self._options: dict[str, Any] = {
            "timeout": self.timeout,
            "follow_redirects": False,
            "trust_env": False,  # no proxies or credentials from the emitting process's environment
            "cookies": _no_cookies(),
            "limits": httpx.Limits(max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_CONNECTIONS),
        }

    def _encode(self, due: Due, traceparent: str = "") -> tuple[str, httpx.URL, dict[str, str], bytes]:
        subscription, event = due.subscription, due.event
        delivery = stored_delivery(event.name, event.payload, fmt=subscription.format, method=subscription.method)
        url = _parsed(subscription.url)
        content = delivery.body
        if delivery.query:
            query = f"{url.query.decode()}&{delivery.query}" if url.query else delivery.query
            url = url.copy_with(query=query.encode())
            content = query.encode()
        now = time.time()
        secrets = subscription.signing_secrets(now)
        if secrets:
            signature = signed_headers(list(secrets), event.id, content)
        else:
            signature = {"webhook-id": event.id, "webhook-timestamp": str(int(now))}
        headers = {**delivery.headers, **signature, "user-agent": USER_AGENT}
        if traceparent:
            headers[tracing.TRACEPARENT] = traceparent
        return delivery.method, url, headers, delivery.body

    @staticmethod
    def _span(due: Due) -> AbstractContextManager[tracing.Traced]:
        """The attempt's span: a child of the span that emitted the event."""
        return tracing.span(f"deliver {due.event.name}", due.event.trace, kind="client")

    @staticmethod
    def _traced(traced: tracing.Traced, due: Due, sent: Sent) -> Sent:
        """`sent`, noted on the attempt's span."""
        traced.note(
            {
                "url.full": without_token(due.subscription.url),
                "salesman_events.event_id": due.event.id,
                "salesman_events.delivery_id": due.delivery_id,
                "salesman_events.attempt": due.attempt,
            }
        )
        if sent.status is not None:
            traced.note({"http.response.status_code": sent.status})
        if sent.status is None or sent.status >= 300:
            traced.failed(sent.body[:200] if sent.status is None else f"HTTP {sent.status}")
        return sent

    def _pin(self, method: str, url: httpx.URL, headers: dict[str, str], body: bytes, address: str) -> _Prepared:
        """The request sent to the checked address, with the original Host and TLS server name."""
        extensions: dict[str, Any] = {"sni_hostname": url.host} if url.scheme == "https" else {}
        pinned = url if address == url.host else url.copy_with(host=address)  # an IP literal is its own address
        return _Prepared(method, pinned, {**headers, "host": url.netloc.decode("ascii")}, body, extensions)

    def _literal_address(self, url: httpx.URL) -> str:
        """The checked address of an IP-literal host: the policy's answer, remembered (no DNS, so it can't change);
        a refusal (BlockedAddress) is raised again each time."""
        key = (url.host, self._port(url))
        address = self._literals.get(key)
        if address is None:
            address = self._literals[key] = self.policy.resolve(*key)
        return address

    @staticmethod
    def _port(url: httpx.URL) -> int:
        return url.port or (443 if url.scheme == "https" else 80)

    @staticmethod
    def _result(started: tuple[float, float], prepared: _Prepared, response: httpx.Response) -> Sent:
        text = response.text[:MAX_RESPONSE_CHARS]
        return Sent(
            started[0],
            time.perf_counter() - started[1],
            response.status_code,
            text,
            response.headers.get("retry-after"),
            tuple(prepared.headers.items()),
            tuple(response.headers.items()),
        )

    @staticmethod
    def _failure(started: tuple[float, float], exc: Exception, prepared: _Prepared | None) -> Sent:
        reason = f"{type(exc).__name__}: {exc}"[:MAX_RESPONSE_CHARS]
        sent = () if prepared is None else tuple(prepared.headers.items())
        return Sent(started[0], time.perf_counter() - started[1], None, reason, None, sent)


class WebhookClient(_ClientBase):
    """Sends deliveries from synchronous code, over pooled connections."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._client = httpx.Client(**self._options)

    def send(self, due: Due) -> Sent:
        if not tracing.enabled():
            return self._send(due)
        with self._span(due) as traced:
            return self._traced(traced, due, self._send(due, traced.traceparent))

    def _send(self, due: Due, traceparent: str = "") -> Sent:
        started = (time.time(), time.perf_counter())
        prepared: _Prepared | None = None
        try:
            method, url, headers, body = self._encode(due, traceparent)
            literal = _is_ip_literal(url.host)
            address = self._literal_address(url) if literal else self.policy.resolve(url.host, self._port(url))
            prepared = self._pin(method, url, headers, body, address)
            response = self._client.request(**prepared.arguments())
        except (httpx.HTTPError, BlockedAddress, OSError, ValueError) as exc:
            return self._failure(started, exc, prepared)
        return self._result(started, prepared, response)

    def close(self) -> None:
        self._client.close()


class AsyncWebhookClient(_ClientBase):
    """Sends deliveries from async code, over pooled connections; `transport` may be any httpx async transport."""

    def __init__(self, *, transport: httpx.AsyncBaseTransport | None = None, **options: Any) -> None:
        super().__init__(**options)
        self._client = httpx.AsyncClient(transport=transport or default_async_transport(), **self._options)

    async def send(self, due: Due) -> Sent:
        if not tracing.enabled():
            return await self._send(due)
        with self._span(due) as traced:
            return self._traced(traced, due, await self._send(due, traced.traceparent))

    async def _send(self, due: Due, traceparent: str = "") -> Sent:
        started = (time.time(), time.perf_counter())
        prepared: _Prepared | None = None
        try:
            method, url, headers, body = self._encode(due, traceparent)
            if _is_ip_literal(url.host):  # no DNS: check inline, without a thread hop
                address = self._literal_address(url)
            else:
                address = await asyncio.to_thread(self.policy.resolve, url.host, self._port(url))
            prepared = self._pin(method, url, headers, body, address)
            response = await self._client.request(**prepared.arguments())
        except (httpx.HTTPError, BlockedAddress, OSError, ValueError) as exc:
            return self._failure(started, exc, prepared)
        return self._result(started, prepared, response)

    async def aclose(self) -> None:
        await self._client.aclose()
