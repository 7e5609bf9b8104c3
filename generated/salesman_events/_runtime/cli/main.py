# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The SDK's command line: `send` and `scaffold handlers` here; `listen` and `quarantine` in `receiving`, the
outbox commands in `outbox`."""

from __future__ import annotations

import argparse
import sys
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from ..events.registry import EventInfo
from ..wire.encoding import FORMATS, encode_delivery
from ..wire.signing import signed_headers
from .console import CONSOLE_COMMANDS, add_console_command, run_console
from .outbox import add_commands, parse_payload, run_command
from .receiving import RECEIVING_COMMANDS, ReceiverFactory, add_receiving_commands, run_receiving
from .relay import RELAY_COMMANDS, add_relay_commands, run_relay
from .scaffold import handlers_module

__all__ = ["run"]

SEND_TIMEOUT_SECONDS = 15.0


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
    if args.command in RECEIVING_COMMANDS:
        return run_receiving(args, events, make_receiver)
    if args.command in RELAY_COMMANDS:
        return run_relay(args, events)
    if args.command in CONSOLE_COMMANDS:
        return run_console(args, events)
    if args.command == "send":
        return _send(args, events)
    if args.command == "scaffold":
        return _scaffold(args, events, package)
    return run_command(args, events)


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description="Receive, send and handle SalesMan CRM events.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    send = commands.add_parser("send", help="validate a payload and send it as one signed event")
    send.add_argument("event", help="event name, e.g. deal.close")
    send.add_argument("--url", required=True, help="receiver URL")
    send.add_argument("--token", help="the receiver's shared token (listen --token), added to the URL as ?token=…")
    send.add_argument("--data", required=True, help="payload as JSON, @file.json, or - for stdin")
    send.add_argument("--method", default="POST", choices=("POST", "GET"))
    send.add_argument("--format", default="json", choices=FORMATS, help="json, form (PHP-style) or salesman")
    send.add_argument("--secret", action="append", default=[], help="Standard Webhooks secret (repeatable)")
    send.add_argument("--id", help="webhook-id to send (default: a new one)")
    scaffold = commands.add_parser("scaffold", help="write code to start from")
    scaffold.add_argument("what", choices=("handlers",), help="handlers: one typed handler stub per event")
    scaffold.add_argument("--out", type=Path, help="file to create (never overwritten); default: stdout")
    add_receiving_commands(commands)
    add_relay_commands(commands)
    add_console_command(commands)
    add_commands(commands)
    return parser


def _send(args: argparse.Namespace, events: Mapping[str, EventInfo[Any]]) -> int:
    import httpx

    parsed = parse_payload(events, args.event, args.data)
    if parsed is None:
        return 2
    info, model = parsed
    payload = info.dump(model)
    delivery = encode_delivery(args.event, payload, fmt=args.format, method=args.method)
    msg_id = args.id or f"msg_{uuid.uuid4().hex}"
    base, _, given = args.url.partition("?")
    query = "&".join(
        part for part in (given, urlencode({"token": args.token} if args.token else {}), delivery.query) if part
    )
    signed = query.encode() if delivery.query else delivery.signed  # a GET signs the whole query string as sent
    try:
        signing = signed_headers(args.secret, msg_id, signed) if args.secret else {"webhook-id": msg_id}
    except ValueError as error:
        print(f"send: {error}", file=sys.stderr)
        return 2
    url = base + ("?" + query if query else "")
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
