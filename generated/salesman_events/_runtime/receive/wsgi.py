# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The receiver core served over WSGI (Flask, Django, any WSGI server)."""

from __future__ import annotations

from collections.abc import Iterable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Protocol

from ..wire.messages import Request, RequestError, Response, declared_length

if TYPE_CHECKING:
    from .core import ReceiverCore

__all__ = ["StartResponse", "WSGIApp"]


class StartResponse(Protocol):
    def __call__(self, status: str, headers: list[tuple[str, str]], exc_info: Any = ..., /) -> Any: ...


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
            declared = None if raw_length is None else declared_length(raw_length)
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
