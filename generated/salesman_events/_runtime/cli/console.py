# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""`salesman-events console`: the delivery console in a browser, on this machine by default; and
`console hash-password`, which makes a line of its users file."""

from __future__ import annotations

import argparse
import getpass
import os
import secrets
import sys
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from ..deliver.emitter import DEFAULT_OUTBOX
from ..events.registry import EventInfo
from ..outbox import open_outbox
from .relay import beside

__all__ = ["CONSOLE_COMMANDS", "add_console_command", "run_console"]

CONSOLE_COMMANDS: Final = ("console",)
DEFAULT_PORT: Final = 8300
TOKEN_VARIABLE: Final = "SALESMAN_EVENTS_CONSOLE_TOKEN"


def add_console_command(commands: Any) -> None:
    console = commands.add_parser(
        "console",
        help="the delivery console in a browser (serve | hash-password)",
        description="serve (default): deliveries, dead letters, the quarantine, subscriptions and the event catalog "
        "on http://HOST:PORT/, behind a login. hash-password: read a password (stdin or a prompt) and print a "
        "users-file line for it.",
    )
    console.add_argument("action", nargs="?", default="serve", choices=("serve", "hash-password"))
    console.add_argument("--outbox", default=DEFAULT_OUTBOX, help=f"outbox URL (default {DEFAULT_OUTBOX})")
    console.add_argument(
        "--quarantine", help="the relay's quarantine to show and replay (default: beside a sqlite or redis outbox)"
    )
    console.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    console.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    console.add_argument("--token", help=f"the login token (or the {TOKEN_VARIABLE} variable; else one is made)")
    console.add_argument("--users", type=Path, help="a users file: name:scrypt$… lines (console hash-password)")
    console.add_argument("--user", default="", help="hash-password: the user name of the line printed")
    console.add_argument("--secure-cookie", action="store_true", help="mark the session cookie Secure (behind HTTPS)")


def run_console(args: argparse.Namespace, events: Mapping[str, EventInfo[Any]]) -> int:
    from ..console.auth import Logins, hash_password, read_users

    if args.action == "hash-password":
        password = sys.stdin.readline().rstrip("\n") if not sys.stdin.isatty() else getpass.getpass("password: ")
        if not password:
            print("an empty password", file=sys.stderr)
            return 2
        print(f"{args.user or 'admin'}:{hash_password(password)}")
        return 0
    try:
        users = read_users(args.users) if args.users else None
    except (OSError, ValueError) as error:
        print(f"console: {error}", file=sys.stderr)
        return 2
    token = args.token or os.environ.get(TOKEN_VARIABLE)
    if not token and not users:
        token = secrets.token_urlsafe(24)
        print(f"console: log in with the token {token} (made now, shown this once)", file=sys.stderr)
    return _serve(args, events, Logins(token=token, users=users))


def _serve(args: argparse.Namespace, events: Mapping[str, EventInfo[Any]], logins: Any) -> int:
    try:
        import uvicorn

        from ..console.app import ConsoleApp
        from ..console.audit import open_audit
        from ..console.state import Console
    except ImportError as error:
        print(f"console: {error.name} is missing: pip install 'salesman-events[console]'", file=sys.stderr)
        return 2
    from ..receive.quarantine import open_quarantine

    try:
        outbox = open_outbox(args.outbox)
        quarantine_url = args.quarantine or beside(args.outbox, "quarantine")
        quarantine = None if quarantine_url == "memory://" else open_quarantine(quarantine_url)
        console = Console(outbox, events, open_audit(args.outbox), quarantine=quarantine)
    except (ValueError, OSError) as error:
        print(f"console: {error}", file=sys.stderr)
        return 2
    stop = threading.Event()
    threading.Thread(target=console.sample_queue, args=(stop,), name="console-queue-samples", daemon=True).start()
    print(f"console: http://{args.host}:{args.port}/ (Ctrl-C stops)", file=sys.stderr)
    try:
        app = ConsoleApp(console, logins, secure_cookie=args.secure_cookie)
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    finally:
        stop.set()
        outbox.close()
    return 0
