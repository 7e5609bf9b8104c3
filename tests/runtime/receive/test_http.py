"""The receiver over real loopback sockets: under uvicorn (ASGI, also mounted in Starlette) and a WSGI server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from salesman_events import DealClose, Receiver
from salesman_events._runtime.wire.encoding import encode_delivery
from salesman_events._runtime.wire.signing import new_secret, signed_headers
from tests.helpers import uvicorn_server


def serve_asgi(app: Any) -> Iterator[str]:
    with uvicorn_server(app) as url:
        yield url


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def received() -> list[DealClose]:
    return []


@pytest.fixture
def receiver(received: list[DealClose]) -> Receiver:
    app = Receiver()
    app.on.deal_close(received.append)
    return app


@pytest.fixture
def asgi_url(receiver: Receiver) -> Iterator[str]:
    yield from serve_asgi(receiver)


@pytest.fixture
def wsgi_url(receiver: Receiver) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, receiver.wsgi, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def salesman_post(url: str, **extra: str) -> httpx.Response:
    body = {"event": "deal.close", "identity": "1", "iduser1": "3", "did": "1042", "summa": "10340.00", **extra}
    return httpx.post(url, content=json.dumps(body), headers={"content-type": "application/json"})


@pytest.mark.parametrize("server", ["asgi_url", "wsgi_url"])
def test_salesman_post_is_accepted(server: str, request: pytest.FixtureRequest, received: list[DealClose]) -> None:
    url = request.getfixturevalue(server)
    response = salesman_post(url + "/hook")
    assert response.status_code == 200, response.text
    assert received[0].did == 1042


@pytest.mark.parametrize("server", ["asgi_url", "wsgi_url"])
def test_every_wire_form_works_over_http(
    server: str, request: pytest.FixtureRequest, received: list[DealClose]
) -> None:
    url = request.getfixturevalue(server)
    for fmt in ("json", "form", "salesman"):
        for method in ("POST", "GET"):
            delivery = encode_delivery("deal.close", {"did": 7, "summa": "1.50"}, fmt=fmt, method=method)  # type: ignore[arg-type]
            target = f"{url}/?{delivery.query}" if delivery.query else url
            response = httpx.request(method, target, content=delivery.body or None, headers=dict(delivery.headers))
            assert response.status_code == 200, (fmt, method, response.text)
    assert [d.did for d in received] == [7] * 6


@pytest.mark.parametrize("server", ["asgi_url", "wsgi_url"])
def test_errors_are_json_over_http(server: str, request: pytest.FixtureRequest) -> None:
    url = request.getfixturevalue(server)
    bad = httpx.post(url, content=b"{oops", headers={"content-type": "application/json"})
    assert bad.status_code == 202 and bad.json()["reason"] == "malformed_json"  # unsigned: kept in the quarantine
    big = httpx.post(url, content=b"x" * (1024 * 1024 + 10), headers={"content-type": "application/json"})
    assert big.status_code == 413 and big.json()["error"] == "too_large"
    wrong = httpx.post(url, content=b"<a/>", headers={"content-type": "text/xml"})
    assert wrong.status_code == 202 and wrong.headers["content-type"] == "application/json"


def test_refusals_are_json_over_http() -> None:
    for url in serve_asgi(Receiver(on_invalid="refuse")):
        bad = httpx.post(url, content=b"{oops", headers={"content-type": "application/json"})
        assert bad.status_code == 400 and bad.json()["error"] == "malformed_json"
        wrong = httpx.post(url, content=b"<a/>", headers={"content-type": "text/xml"})
        assert wrong.status_code == 415 and wrong.headers["content-type"] == "application/json"


def test_signed_delivery_over_http() -> None:
    secret = new_secret()
    app = Receiver(secrets=[secret])
    for url in serve_asgi(app):
        body = json.dumps({"event": "deal.close", "did": "5"}).encode()
        headers = {"content-type": "application/json", **signed_headers([secret], "msg_http", body)}
        assert httpx.post(url, content=body, headers=headers).status_code == 200
        assert httpx.post(url, content=body, headers=headers).json()["duplicate"] is True
        unsigned = httpx.post(url, content=body, headers={"content-type": "application/json"})
        assert unsigned.status_code == 401


def test_mounted_in_starlette(receiver: Receiver, received: list[DealClose]) -> None:
    app = Starlette(routes=[Mount("/webhooks", app=receiver)])
    for url in serve_asgi(app):
        assert salesman_post(url + "/webhooks/").status_code == 200
        assert salesman_post(url + "/webhooks/deal.close").status_code == 200
    assert len(received) == 2
