"""The receiver core served over ASGI (FastAPI, Starlette, uvicorn) and WSGI (Flask, Django, any WSGI server)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from functools import cache
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Protocol

from .decoding import EVENT_HEADER
from .messages import JSON_HEADERS, Request, RequestError, Response

if TYPE_CHECKING:
    from .receiver import ReceiverCore

__all__ = ["ASGIReceive", "ASGIScope", "ASGISend", "WSGIApp", "serve_asgi"]

# The request headers the receiver reads; the ASGI adapter decodes only these (raw name -> name).
RECEIVER_HEADERS = frozenset(
    {"content-type", "content-length", "webhook-id", "webhook-timestamp", "webhook-signature", EVENT_HEADER}
)
_WANTED = {name.encode("latin-1"): name for name in RECEIVER_HEADERS}
_JSON_CONTENT_TYPE = (b"content-type", b"application/json")
MAX_LENGTH_DIGITS = 18
_new_tuple = tuple.__new__

ASGIScope = MutableMapping[str, Any]
ASGIReceive = Callable[[], Awaitable[MutableMapping[str, Any]]]
ASGISend = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class StartResponse(Protocol):
    def __call__(self, status: str, headers: list[tuple[str, str]], exc_info: Any = ..., /) -> Any: ...


async def serve_asgi(core: ReceiverCore, scope: ASGIScope, receive: ASGIReceive, send: ASGISend) -> None:
    """One ASGI connection scope: lifespan events, or one HTTP request."""
    if scope["type"] != "http":
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
        return
    headers = {}
    for name, value in scope["headers"]:  # ASGI servers give header names in lower case
        key = _WANTED.get(name)
        if key is not None:
            headers[key] = value.decode("latin-1")
    limit = core.max_body
    try:
        length = headers.get("content-length")  # a short ASCII number is fine without checking it in a call
        short = length is None or (length.isascii() and length.isdigit() and len(length) < _digits(limit))
        if not short and _declared_length(length or "") > limit:
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
    except _Disconnected:
        return
    else:  # tuple.__new__: a Request without the Python-level __new__ of a NamedTuple (the hot path)
        request = _new_tuple(Request, (scope["method"], scope["path"], scope.get("query_string", b""), headers, body))
        accepted = core._prepare(request)  # handle_async without its coroutine when there is nothing to await
        response = accepted if isinstance(accepted, Response) else await core._dispatch_async(accepted)
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


def _declared_length(raw: str) -> int:
    if not (raw.isascii() and raw.isdigit() and len(raw) <= MAX_LENGTH_DIGITS):
        raise RequestError(400, "bad_content_length", "Content-Length must be a non-negative integer")
    return int(raw)


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


class WSGIApp:
    """The receiver as a WSGI application."""

    def __init__(self, core: ReceiverCore) -> None:
        self.core = core

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        response = self._respond(environ)
        status = f"{response.status} {HTTPStatus(response.status).phrase}"
        headers = [*response.headers, ("content-length", str(len(response.body)))]
        start_response(status, list(headers))
        return [response.body]

    def _respond(self, environ: dict[str, Any]) -> Response:
        headers = {
            key[5:].replace("_", "-").lower(): str(value) for key, value in environ.items() if key.startswith("HTTP_")
        }
        for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            if environ.get(key):
                headers[key.replace("_", "-").lower()] = str(environ[key])
        try:
            raw_length = headers.get("content-length")
            declared = None if raw_length is None else _declared_length(raw_length)
            if declared is not None and declared > self.core.max_body:
                raise RequestError(413, "too_large", f"body exceeds {self.core.max_body} bytes")
            stream = environ["wsgi.input"]
            if declared is not None:
                body = stream.read(declared)
            elif environ.get("wsgi.input_terminated"):
                body = stream.read(self.core.max_body + 1)
            else:
                body = b""  # PEP 3333: without Content-Length the body can't be read safely
        except RequestError as exc:
            return exc.response()
        path = str(environ.get("PATH_INFO", ""))
        query = str(environ.get("QUERY_STRING", "")).encode("latin-1")
        return self.core.handle(Request(str(environ["REQUEST_METHOD"]), path, query, headers, body))
