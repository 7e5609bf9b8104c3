# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Commands of the receiving side: `listen`, and `quarantine list | show | replay`."""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
from collections.abc import Callable, Mapping
from typing import Any

from ..console.metrics import RequestMetrics
from ..events.registry import EventInfo
from ..receive import ReceivedEvent, ReceiverApp
from ..receive.dedupe import open_store
from ..receive.quarantine import QuarantineStore, open_quarantine
from ..wire.messages import error_response
from .metrics_option import add_metrics_option, served_metrics
from .outbox import moment

__all__ = ["RECEIVING_COMMANDS", "add_receiving_commands", "run_receiving"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
RECEIVING_COMMANDS = ("listen", "quarantine")
ReceiverFactory = Callable[..., ReceiverApp]


def add_receiving_commands(commands: Any) -> None:
    """Add `listen` and `quarantine` to an argparse subparsers object."""
    listen = commands.add_parser("listen", help="run a receiver; print one JSON line per accepted event")
    listen.add_argument("--host", default=DEFAULT_HOST, help=f"interface to bind (default {DEFAULT_HOST})")
    listen.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    listen.add_argument("--path", default="/", help="URL path the receiver answers under (default /)")
    listen.add_argument("--secret", action="append", default=[], help="Standard Webhooks secret (repeatable)")
    listen.add_argument("--token", help="shared token required as ?token=… (for SalesMan servers, which can't sign)")
    listen.add_argument("--store", default="memory://", help="seen-id store: memory://, sqlite:///f.db, redis://…")
    listen.add_argument(
        "--quarantine",
        default="memory://",
        metavar="URL",
        help="where unsigned requests that can't be typed are kept: memory:// (default), sqlite:///q.db, redis://…",
    )
    listen.add_argument(
        "--refuse-invalid", action="store_true", help="refuse them with their 4xx instead (SalesMan never retries)"
    )
    add_metrics_option(listen)
    quarantine = commands.add_parser("quarantine", help="list, show or replay the requests the receiver kept")
    actions = quarantine.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="the kept requests, oldest first")
    show = actions.add_parser("show", help="one kept request, whole")
    show.add_argument("id", help="its id (q_…), as list prints it")
    replay = actions.add_parser("replay", help="run kept requests through today's models and handlers")
    replay.add_argument("--app", metavar="MODULE:NAME", help="your Receiver, whose handlers run (default: print)")
    replay.add_argument("--seen", default="memory://", help="seen-id store that dedupes replays (default memory://)")
    for parser in (listing, replay):
        parser.add_argument("--event", help="only requests naming this event")
        parser.add_argument("--since", type=moment, help="only requests received since: ISO 8601 or unix seconds")
    for parser in (listing, show, replay):
        parser.add_argument("--store", required=True, metavar="URL", help="the quarantine: sqlite:///q.db, redis://…")
    for parser in (listing, show):
        parser.add_argument("--json", action="store_true", help="JSON output")


def run_receiving(
    args: argparse.Namespace, events: Mapping[str, EventInfo[Any]], make_receiver: ReceiverFactory
) -> int:
    if args.command == "listen":
        return _listen(args, make_receiver)
    store = open_quarantine(args.store)
    try:
        if args.action == "list":
            return _list(store, args)
        if args.action == "show":
            return _show(store, args)
        return _replay(store, args, make_receiver)
    finally:
        store.close()


def print_events(receiver: ReceiverApp) -> None:
    """Print one JSON line per event the receiver accepts: `{"event", "id", "payload"}`, the payload coerced."""

    def print_event(event: ReceivedEvent) -> None:
        payload = receiver.events[event.name].dump(event.payload)
        line = json.dumps({"event": event.name, "id": event.id, "payload": payload}, ensure_ascii=False)
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    receiver.on_any(print_event)


def _listen(args: argparse.Namespace, make_receiver: ReceiverFactory) -> int:
    import uvicorn

    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    receiver = make_receiver(
        secrets=args.secret,
        token=args.token,
        store=open_store(args.store),
        on_invalid="refuse" if args.refuse_invalid else "quarantine",
        quarantine=None if args.refuse_invalid else open_quarantine(args.quarantine),
    )
    print_events(receiver)
    prefix = "/" + args.path.strip("/")
    with served_metrics(args.metrics, RequestMetrics) as metrics:
        receiver.observer = metrics
        print(f"listening on http://{args.host}:{args.port}{prefix}", file=sys.stderr, flush=True)
        uvicorn.run(_mounted(receiver, prefix), host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0


def _mounted(app: ReceiverApp, prefix: str) -> Any:
    """The receiver answering only under `prefix`; elsewhere a JSON 404."""
    if prefix == "/":
        return app

    async def mounted(scope: Any, receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path == prefix or path.startswith(prefix + "/"):
            await app(scope, receive, send)
            return
        response = error_response(404, "not_found", f"the receiver is at {prefix}")
        await send({"type": "http.response.start", "status": 404, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": response.body})

    return mounted


def _list(store: QuarantineStore, args: argparse.Namespace) -> int:
    found = store.find(event=args.event, since=args.since)
    if args.json:
        print(json.dumps([kept.summary() for kept in found], ensure_ascii=False))
        return 0
    for kept in found:
        print(f"{kept.id}  {kept.event or '-'}  {kept.reason}  {len(kept.body)} bytes")
    print(f"{len(found)} kept", file=sys.stderr)
    return 0


def _show(store: QuarantineStore, args: argparse.Namespace) -> int:
    kept = store.get(args.id)
    if kept is None:
        print(f"no kept request {args.id!r}", file=sys.stderr)
        return 1
    whole = {**kept.summary(), "headers": dict(kept.headers), "body": kept.body.decode("utf-8", "replace")}
    print(json.dumps(whole, ensure_ascii=False, indent=None if args.json else 2))
    return 0


def _replay(store: QuarantineStore, args: argparse.Namespace, make_receiver: ReceiverFactory) -> int:
    if args.app:
        receiver = _user_receiver(args.app)
        receiver.quarantine = store
    else:
        receiver = make_receiver(store=open_store(args.seen), quarantine=store)
        print_events(receiver)
    report = receiver.replay_quarantined(event=args.event, since=args.since)
    for replayed in report.replayed:
        if replayed.outcome != "handled":
            print(
                f"{replayed.id} {replayed.event or '-'}: {replayed.outcome} {replayed.reason}".rstrip(), file=sys.stderr
            )
    print(report.line(), file=sys.stderr)
    return 0 if report.count("handler_failed") == 0 else 1


def _user_receiver(spec: str) -> ReceiverApp:
    """`module:name` of a receiver, imported from the working directory as uvicorn does."""
    module_name, _, name = spec.partition(":")
    sys.path.insert(0, "")
    receiver = getattr(importlib.import_module(module_name), name or "receiver")
    if not isinstance(receiver, ReceiverApp):
        raise SystemExit(f"{spec} is a {type(receiver).__name__}, not a Receiver")
    return receiver
