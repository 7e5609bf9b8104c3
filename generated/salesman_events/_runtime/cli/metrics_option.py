# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""`--metrics HOST:PORT` of `worker`, `listen` and `relay`: their metrics served in the Prometheus text format."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn, TypeVar

from ..console.metrics import INSTALL_HINT, MetricsUnavailable, new_registry
from ..console.metrics_http import MetricsServer, metrics_address

if TYPE_CHECKING:
    from prometheus_client import CollectorRegistry

__all__ = ["add_metrics_option", "served_metrics"]

T = TypeVar("T")


def add_metrics_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--metrics",
        type=_address,
        metavar="HOST:PORT",
        help="serve Prometheus metrics at http://HOST:PORT/metrics (HOST defaults to 127.0.0.1; needs "
        f"prometheus_client: {INSTALL_HINT})",
    )


def _address(text: str) -> tuple[str, int]:
    try:
        return metrics_address(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


@contextmanager
def served_metrics(address: tuple[str, int] | None, observer: Callable[[CollectorRegistry], T]) -> Iterator[T | None]:
    """What `observer` makes of a new registry, that registry served at `address` for the block; None (nothing
    served) without an address. Without prometheus_client, or when the address can't be bound: the reason, exit 2."""
    if address is None:
        yield None
        return
    try:
        registry = new_registry()
        made = observer(registry)
        server = MetricsServer(registry, address)
    except MetricsUnavailable as error:
        _fail(f"--metrics: {error}")
    except OSError as error:
        _fail(f"--metrics: can't serve on {address[0]}:{address[1]}: {error.strerror or error}")
    print(f"metrics on {server.url}", file=sys.stderr, flush=True)
    try:
        yield made
    finally:
        server.close()


def _fail(message: str) -> NoReturn:
    print(message, file=sys.stderr)
    raise SystemExit(2)
