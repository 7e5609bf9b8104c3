# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The receiver core served over ASGI (FastAPI, Starlette, uvicorn): the ASGI contract used directly."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from functools import cache
from typing import TYPE_CHECKING, Any

from ..wire.decoding import RECEIVER_HEADERS
from ..wire.messages import JSON_HEADERS, Request, RequestError, Response, declared_length
from ..wire.tracing import TRACEPARENT

if TYPE_CHECKING:
    from .core import ReceiverCore

__all__ = ["ASGIReceive", "ASGIScope", "ASGISend", "serve_asgi"]

_WANTED = {name.encode("latin-1"): name for name in (*RECEIVER_HEADERS, TRACEPARENT)}
_JSON_CONTENT_TYPE = (b"content-type", b"application/json")

ASGIScope = MutableMapping[str, Any]
ASGIReceive = Callable[[], Awaitable[MutableMapping[str, Any]]]
ASGISend = Callable[[MutableMapping[str, Any]], Awaitable[None]]


async def serve_asgi(core: ReceiverCore, scope: ASGIScope, receive: ASGIReceive, send: ASGISend) -> None:
    """One ASGI connection scope: lifespan events, or one HTTP request."""
    if scope["type"] != "http":
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
        return
    # ASGI servers give header names in lower case; only the receiver's own are decoded.
    headers = {_WANTED[name]: value.decode("latin-1") for name, value in scope["headers"] if name in _WANTED}
    limit = core.max_body
    try:
        length = headers.get("content-length")  # a short number needs no closer look (latin-1: decimal is 0-9)
        short = length is None or (length.isdecimal() and len(length) < _digits(limit))
        if not short and declared_length(length or "") > limit:
            raise RequestError(413, "too_large", f"body exceeds {limit} bytes")
        message = await receive()
        if message["type"] == "http.request" and not message.get("more_body", False):
            body: bytes = message.get("body", b"")  # the whole body in one message: the common case
            if len(body) > limit:
                raise RequestError(413, "too_large", f"body exceeds {limit} bytes")
        else:
            body = await _read_chunks(receive, message, limit)
    except RequestError as exc:
        response = exc.response()
        if core.observer is not None:
            core.observer.answered("", response.status)
    except _Disconnected:
        return
    else:
        request = Request(scope["method"], scope["path"], scope.get("query_string", b""), headers, body)
        accepted = core._prepare(request)  # handle_async without its coroutine when there is nothing to await
        response = accepted if isinstance(accepted, Response) else await core._answer_async(accepted, headers)
    status, content, extra = response
    length_header = (b"content-length", b"%d" % len(content))
    if extra is JSON_HEADERS:
        response_headers = [_JSON_CONTENT_TYPE, length_header]
    else:
        response_headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in extra]
        response_headers.append(length_header)
    await send({"type": "http.response.start", "status": status, "headers": response_headers})
    await send({"type": "http.response.body", "body": content})


class _Disconnected(Exception):
    pass


@cache
def _digits(limit: int) -> int:
    return len(str(limit))


async def _read_chunks(receive: ASGIReceive, message: MutableMapping[str, Any], limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        if message["type"] == "http.disconnect":
            raise _Disconnected
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise RequestError(413, "too_large", f"body exceeds {limit} bytes")
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)
        message = await receive()


async def _lifespan(receive: ASGIReceive, send: ASGISend) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
