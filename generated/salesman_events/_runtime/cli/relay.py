# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""`salesman-events relay`: SalesMan's webhook traffic into the outbox. `relay` serves it, `relay import-spool FILE`
takes in what the drop-in webhooks.php spooled while the relay was down, `relay dropin` prints that PHP file; and
`import-subscriptions` (in `salesman_import`) turns SalesMan's own webhook table into subscriptions."""

from __future__ import annotations

import argparse
import base64
import json
import logging
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final

from ..console.metrics import RelayMetrics
from ..deliver.emitter import DEFAULT_OUTBOX
from ..events.registry import EventInfo
from ..outbox import open_outbox
from ..receive import RelayApp
from ..receive.dedupe import open_store
from ..receive.quarantine import open_quarantine
from ..receive.relay import RELAY_CLAIM_LEASE_SECONDS
from ..wire.messages import Request, Response
from .metrics_option import add_metrics_option, served_metrics
from .salesman_import import IMPORT_COMMANDS, add_import_command, run_import

__all__ = ["DROPIN", "RELAY_COMMANDS", "add_relay_commands", "beside", "run_relay"]

RELAY_COMMANDS: Final = ("relay", *IMPORT_COMMANDS)
DEFAULT_PORT: Final = 8787
TOKEN_VARIABLE: Final = "SALESMAN_EVENTS_RELAY_TOKEN"
DROPIN: Final = Path(__file__).resolve().parent.parent / "receive" / "webhooks.php"
ACTIONS: Final = ("serve", "import-spool", "dropin")


def add_relay_commands(commands: Any) -> None:
    """Add `relay` and `import-subscriptions` to an argparse subparsers object."""
    relay = commands.add_parser(
        "relay",
        help="take SalesMan's webhook traffic into the outbox (serve | import-spool FILE | dropin)",
        description="serve (default): the relay on HOST:PORT. import-spool FILE: relay what the drop-in webhooks.php "
        "spooled while the relay was unreachable (idempotent). dropin: print the drop-in webhooks.php.",
    )
    relay.add_argument("action", nargs="?", default="serve", choices=ACTIONS, help="serve, import-spool or dropin")
    relay.add_argument("file", nargs="?", type=Path, help="the spool file (import-spool)")
    relay.add_argument("--outbox", default=DEFAULT_OUTBOX, help=f"outbox URL (default {DEFAULT_OUTBOX})")
    relay.add_argument("--token", help=f"the token every request must carry (or the {TOKEN_VARIABLE} variable)")
    relay.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    relay.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    relay.add_argument("--allow", action="append", default=[], metavar="CIDR", help="client networks admitted")
    relay.add_argument("--seen", help="seen-id store of relayed webhook-ids (default: beside a sqlite or redis outbox)")
    relay.add_argument("--quarantine", help="where requests that can't be typed are kept (default: beside the outbox)")
    add_metrics_option(relay)
    add_import_command(commands)


def beside(outbox_url: str, suffix: str) -> str:
    """A store's URL next to the outbox: a SQLite file beside its file, the same Redis, else memory://."""
    if outbox_url.startswith("sqlite:///"):
        return f"{outbox_url.removesuffix('.db')}-{suffix}.db"
    if outbox_url.startswith(("redis://", "rediss://")):
        return outbox_url
    return "memory://"


def run_relay(args: argparse.Namespace, events: Mapping[str, EventInfo[Any]]) -> int:
    if args.command in IMPORT_COMMANDS:
        return run_import(args, events)
    if args.action == "dropin":
        sys.stdout.write(dropin_source())
        return 0
    token = args.token or os.environ.get(TOKEN_VARIABLE, "")
    if args.action == "serve" and not token:
        print(f"the relay needs --token or {TOKEN_VARIABLE}", file=sys.stderr)
        return 2
    if args.action == "import-spool" and args.file is None:
        print("import-spool needs the spool FILE", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    seen = open_store(args.seen or beside(args.outbox, "relay-seen"))
    quarantine = open_quarantine(args.quarantine or beside(args.outbox, "relay-quarantine"))
    outbox = open_outbox(args.outbox)
    relay = RelayApp(events, outbox, token=token or "import", allow=args.allow, store=seen, quarantine=quarantine)
    try:
        if args.action == "import-spool":
            return import_spool(relay, args.file)
        return _serve(relay, args)
    finally:
        outbox.close()
        seen.close()
        quarantine.close()


def _serve(relay: RelayApp, args: argparse.Namespace) -> int:
    import uvicorn

    with served_metrics(args.metrics, RelayMetrics) as metrics:
        relay.observer = metrics
        print(f"relaying on http://{args.host}:{args.port}/ into {args.outbox}", file=sys.stderr, flush=True)
        uvicorn.run(relay, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0


def spooled_requests(path: Path) -> Iterator[tuple[int, Request | None]]:
    """(line number, request) of each line of a spool; None for a line that can't be read (cut by a crash)."""
    with path.open("rb") as spool:
        for number, line in enumerate(spool, start=1):
            try:
                entry = json.loads(line)
                headers = {"content-type": str(entry.get("content_type") or "")}
                if entry.get("id"):
                    headers["webhook-id"] = str(entry["id"])
                query = str(entry.get("query") or "").encode()
                yield number, Request("POST", "/", query, headers, base64.b64decode(entry["body"], validate=True))
            except (ValueError, KeyError, TypeError, AttributeError):
                yield number, None


def import_spool(relay: RelayApp, path: Path) -> int:
    """Relay every request of a spool file; one already relayed (same webhook-id) is not relayed again. Prints a
    line per request that was not relayed and a summary; exit 1 when any could not be (run it again later)."""
    outcomes: Counter[str] = Counter()
    for number, request in spooled_requests(path):
        if request is None:
            outcomes["unreadable"] += 1
            print(f"line {number}: unreadable, skipped", file=sys.stderr)
            continue
        response = _relayed(relay, request)
        answer = response.json()
        if response.status >= 300:
            outcomes["failed"] += 1
            print(f"line {number}: {response.status} {answer.get('error')}: {answer.get('detail')}", file=sys.stderr)
        elif answer.get("duplicate"):
            outcomes["already relayed"] += 1
        elif answer.get("quarantined"):
            outcomes["quarantined"] += 1
            print(f"line {number}: quarantined as {answer.get('id')} ({answer.get('reason')})", file=sys.stderr)
        else:
            outcomes["relayed"] += 1
    order = ("relayed", "already relayed", "quarantined", "failed", "unreadable")
    print(", ".join(f"{outcomes[key]} {key}" for key in order), file=sys.stderr)
    return 1 if outcomes["failed"] else 0


def _relayed(relay: RelayApp, request: Request) -> Response:
    """The relay's answer to one spooled request; one whose webhook-id a relay that died mid-commit still holds is
    tried again once that claim has run out."""
    deadline = time.monotonic() + RELAY_CLAIM_LEASE_SECONDS + 2
    response = relay.handle(request)
    while response.status == 409 and time.monotonic() < deadline:
        time.sleep(0.5)
        response = relay.handle(request)
    return response


def dropin_source() -> str:
    """The drop-in webhooks.php as a SalesMan admin installs it: the package's copy without its DO NOT EDIT mark."""
    opening, _, rest = DROPIN.read_text(encoding="utf-8").partition("\n")
    return f"{opening.split(' // ', 1)[0]}\n{rest}"
