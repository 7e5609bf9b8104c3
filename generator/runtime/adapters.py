"""The receiver core served over ASGI (FastAPI, Starlette, uvicorn) and WSGI (Flask, Django, any WSGI server)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Protocol

from .decoding import EVENT_HEADER
from .messages import JSON_HEADERS, Request, RequestError, Response

if TYPE_CHECKING:
    from .receiver import ReceiverCore

__all__ = ["ASGIReceive", "ASGIScope", "ASGISend", "WSGIApp", "serve_asgi"]

# The request headers the receiver reads; the ASGI adapter decodes only these.
RECEIVER_HEADERS = frozenset(
    {"content-type", "content-length", "webhook-id", "webhook-timestamp", "webhook-signature", EVENT_HEADER}
)
_WANTED = frozenset(name.encode("latin-1") for name in RECEIVER_HEADERS)
_JSON_CONTENT_TYPE = (b"content-type", b"application/json")
MAX_LENGTH_DIGITS = 18

ASGIScope = MutableMapping[str, Any]
ASGIReceive = Callable[[], Awaitable[MutableMapping[str, Any]]]
ASGISend = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class StartResponse(Protocol):
    def __call__(self, status: str, headers: list[tuple[str, str]], exc_info: Any = ..., /) -> Any: ...


async def serve_asgi(core: ReceiverCore, scope: ASGIScope, receive: ASGIReceive, send: ASGISend) -> None:
    """One ASGI connection scope: lifespan events, or one HTTP request."""
    if scope["type"] == "lifespan":
        await _lifespan(receive, send)
        return
    if scope["type"] != "http":
        return
    headers = {  # ASGI servers give header names in lower case
        name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"] if name in _WANTED
    }
    try:
        body = await _read_body(receive, _declared_length(headers), core.max_body)
    except RequestError as exc:
        await _send(send, exc.response())
        return
    except _Disconnected:
        return
    request = Request(scope["method"], scope["path"], scope.get("query_string", b""), headers, body)
    await _send(send, await core.handle_async(request))


class _Disconnected(Exception):
    pass


def _declared_length(headers: dict[str, str]) -> int | None:
    raw = headers.get("content-length")
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= MAX_LENGTH_DIGITS):
        raise RequestError(400, "bad_content_length", "Content-Length must be a non-negative integer")
    return int(raw)


async def _read_body(receive: ASGIReceive, declared: int | None, limit: int) -> bytes:
    if declared is not None and declared > limit:
        raise RequestError(413, "too_large", f"body exceeds {limit} bytes")
    first = await receive()
    if first["type"] == "http.request" and not first.get("more_body", False):
        body: bytes = first.get("body", b"")
        if len(body) > limit:
            raise RequestError(413, "too_large", f"body exceeds {limit} bytes")
        return body
    chunks: list[bytes] = []
    size = 0
    message = first
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


async def _send(send: ASGISend, response: Response) -> None:
    if response.headers is JSON_HEADERS:
        headers = [_JSON_CONTENT_TYPE]
    else:
        headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in response.headers]
    headers.append((b"content-length", b"%d" % len(response.body)))
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": response.body})


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
            declared = _declared_length(headers)
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
