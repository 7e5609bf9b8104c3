# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Framework-independent HTTP request and response, and the JSON error contract."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, NamedTuple

__all__ = [
    "JSON_HEADERS",
    "Request",
    "RequestError",
    "Response",
    "declared_length",
    "error_response",
    "json_response",
]

JSON_HEADERS: tuple[tuple[str, str], ...] = (("content-type", "application/json"),)
MAX_LENGTH_DIGITS = 18


class Request(NamedTuple):
    """What the receiver needs of an HTTP request. Header names are lower-case."""

    method: str
    path: str
    query: bytes
    headers: Mapping[str, str]
    body: bytes


class Response(NamedTuple):
    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...] = JSON_HEADERS

    def json(self) -> Any:
        return json.loads(self.body)


class RequestError(Exception):
    """A request the receiver refuses: becomes `{"error": code, "detail": detail}` with `status`."""

    def __init__(self, status: int, code: str, detail: Any, headers: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(f"{status} {code}: {detail}")
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = headers

    def response(self) -> Response:
        return error_response(self.status, self.code, self.detail, self.headers)


_ENCODER = json.JSONEncoder(separators=(",", ":"))  # ASCII: whatever a request echoes, the body is valid UTF-8


def json_response(status: int, content: Any, headers: tuple[tuple[str, str], ...] = ()) -> Response:
    body = _ENCODER.encode(content).encode()
    return Response(status, body, JSON_HEADERS + headers if headers else JSON_HEADERS)


def error_response(status: int, code: str, detail: Any, headers: tuple[tuple[str, str], ...] = ()) -> Response:
    return json_response(status, {"error": code, "detail": detail}, headers)


def declared_length(raw: str) -> int:
    """A Content-Length header's value; a 400 RequestError unless it is a plain non-negative integer."""
    if not (raw.isascii() and raw.isdigit() and len(raw) <= MAX_LENGTH_DIGITS):
        raise RequestError(400, "bad_content_length", "Content-Length must be a non-negative integer")
    return int(raw)
