# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Metrics over HTTP: a registry served in the Prometheus text format by prometheus_client's own server, on an address
of its own (`--metrics HOST:PORT`), on a background thread."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from .metrics import prometheus

if TYPE_CHECKING:
    from wsgiref.simple_server import WSGIServer

    from prometheus_client import CollectorRegistry

__all__ = ["DEFAULT_METRICS_HOST", "MetricsServer", "metrics_address"]

DEFAULT_METRICS_HOST: Final = "127.0.0.1"


def metrics_address(text: str) -> tuple[str, int]:
    """(host, port) of `HOST:PORT`, `:PORT` or `PORT` (host 127.0.0.1); `[::1]:PORT` for IPv6; ValueError, saying
    what is expected, otherwise. Port 0 picks a free one."""
    text = text.strip()
    host, _, port = text.rpartition(":")
    bracketed = host.startswith("[") and host.endswith("]")
    host = host[1:-1] if bracketed else host
    if not (port.isascii() and port.isdigit()) or int(port) > 65535 or (":" in host and not bracketed):
        raise ValueError(f"not an address to serve metrics on: {text!r} (HOST:PORT, e.g. 127.0.0.1:9464, or PORT)")
    return host or DEFAULT_METRICS_HOST, int(port)


class MetricsServer:
    """`registry` served at http://HOST:PORT/metrics until `close()`; OSError if the address can't be bound."""

    def __init__(self, registry: CollectorRegistry, address: tuple[str, int]) -> None:
        host, port = address
        server: WSGIServer
        server, thread = prometheus().start_http_server(port, host, registry=registry)
        self._server, self._thread = server, thread
        self.host, self.port = host, int(server.server_port)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/metrics"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def __enter__(self) -> MetricsServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
