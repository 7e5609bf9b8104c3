"""The SDK's command line: `listen`, `send`, `scaffold handlers`, and the outbox commands of cli_deliver."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .cli_deliver import add_commands, parse_payload, run_command
from .dedupe import open_store
from .encoding import FORMATS, encode_delivery
from .messages import error_response
from .receiver import ReceivedEvent, ReceiverCore
from .registry import EventInfo
from .scaffold import handlers_module
from .signing import signed_headers

__all__ = ["run"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
SEND_TIMEOUT_SECONDS = 15.0
ReceiverFactory = Callable[..., ReceiverCore]


def run(
    argv: Sequence[str] | None,
    *,
    events: Mapping[str, EventInfo[Any]],
    make_receiver: ReceiverFactory,
    prog: str,
    package: str,
) -> int:
    """Parse `argv` and run one command; returns the exit code."""
    parser = _parser(prog)
    args = parser.parse_args(argv)
    if args.command == "listen":
        return _listen(args, make_receiver)
    if args.command == "send":
        return _send(args, events)
    if args.command == "scaffold":
        return _scaffold(args, events, package)
    return run_command(args, events)


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description="Receive, send and handle SalesMan CRM events.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    listen = commands.add_parser("listen", help="run a receiver; print one JSON line per accepted event")
    listen.add_argument("--host", default=DEFAULT_HOST, help=f"interface to bind (default {DEFAULT_HOST})")
    listen.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    listen.add_argument("--path", default="/", help="URL path the receiver answers under (default /)")
    listen.add_argument("--secret", action="append", default=[], help="Standard Webhooks secret (repeatable)")
    listen.add_argument("--token", help="shared token required as ?token=… (for SalesMan servers, which can't sign)")
    listen.add_argument("--store", default="memory://", help="seen-id store: memory://, sqlite:///f.db, redis://…")
    send = commands.add_parser("send", help="validate a payload and send it as one signed event")
    send.add_argument("event", help="event name, e.g. deal.close")
    send.add_argument("--url", required=True, help="receiver URL")
    send.add_argument("--data", required=True, help="payload as JSON, @file.json, or - for stdin")
    send.add_argument("--method", default="POST", choices=("POST", "GET"))
    send.add_argument("--format", default="json", choices=FORMATS, help="json, form (PHP-style) or salesman")
    send.add_argument("--secret", action="append", default=[], help="Standard Webhooks secret (repeatable)")
    send.add_argument("--id", help="webhook-id to send (default: a new one)")
    scaffold = commands.add_parser("scaffold", help="write code to start from")
    scaffold.add_argument("what", choices=("handlers",), help="handlers: one typed handler stub per event")
    scaffold.add_argument("--out", type=Path, help="file to create (never overwritten); default: stdout")
    add_commands(commands)
    return parser


def _listen(args: argparse.Namespace, make_receiver: ReceiverFactory) -> int:
    import uvicorn

    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    receiver = make_receiver(secrets=args.secret, token=args.token, store=open_store(args.store))

    def print_event(event: ReceivedEvent) -> None:
        payload = receiver.events[event.name].dump(event.payload)
        line = json.dumps({"event": event.name, "id": event.id, "payload": payload}, ensure_ascii=False)
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    receiver.on_any(print_event)
    prefix = "/" + args.path.strip("/")
    print(f"listening on http://{args.host}:{args.port}{prefix}", file=sys.stderr, flush=True)
    uvicorn.run(_mounted(receiver, prefix), host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0


def _mounted(app: ReceiverCore, prefix: str) -> Any:
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


def _send(args: argparse.Namespace, events: Mapping[str, EventInfo[Any]]) -> int:
    import httpx

    parsed = parse_payload(events, args.event, args.data)
    if parsed is None:
        return 2
    info, model = parsed
    payload = info.dump(model)
    delivery = encode_delivery(args.event, payload, fmt=args.format, method=args.method)
    msg_id = args.id or f"msg_{uuid.uuid4().hex}"
    signing = signed_headers(args.secret, msg_id, delivery.signed) if args.secret else {"webhook-id": msg_id}
    url = args.url + (("&" if "?" in args.url else "?") + delivery.query if delivery.query else "")
    try:
        response = httpx.request(
            delivery.method,
            url,
            content=delivery.body or None,
            headers={**delivery.headers, **signing},
            timeout=SEND_TIMEOUT_SECONDS,
            follow_redirects=False,
        )
    except httpx.HTTPError as exc:
        print(f"could not send: {exc}", file=sys.stderr)
        return 1
    print(f"{response.status_code} {response.text}")
    return 0 if response.is_success else 1


def _scaffold(args: argparse.Namespace, events: Mapping[str, EventInfo[Any]], package: str) -> int:
    source = handlers_module(events, package)
    if args.out is None:
        sys.stdout.write(source)
        return 0
    try:
        with args.out.open("x", encoding="utf-8") as handle:
            handle.write(source)
    except FileExistsError:
        print(f"{args.out} exists; not overwritten", file=sys.stderr)
        return 1
    print(f"wrote {args.out} ({len(events)} handlers)", file=sys.stderr)
    return 0
