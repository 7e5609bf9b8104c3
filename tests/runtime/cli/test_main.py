"""The SDK command line and typed surfaces: `scaffold handlers`, `listen` + `send` end to end, mypy on handlers."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from salesman_events import EVENTS
from tests.helpers import SDK_ENV, run_mypy

from .support import free_port, sdk

SCAFFOLD_ENV = {**SDK_ENV, "SALESMAN_EVENTS_ALLOW_OPEN": "1"}


def mypy(path: Path) -> subprocess.CompletedProcess[str]:
    return run_mypy(path, path.parent)


def test_help_lists_every_command() -> None:
    done = sdk("--help")
    assert done.returncode == 0
    for command in ("listen", "send", "scaffold"):
        assert command in done.stdout


def test_scaffold_writes_a_typed_module_once(tmp_path: Path) -> None:
    target = tmp_path / "handlers.py"
    first = sdk("scaffold", "handlers", "--out", str(target))
    assert first.returncode == 0, first.stderr
    source = target.read_text(encoding="utf-8")
    assert source.count("    def ") == len(EVENTS) and "def deal_close(self, payload: DealClose, /) -> None:" in source
    target.write_text(source + "# mine\n", encoding="utf-8")
    again = sdk("scaffold", "handlers", "--out", str(target))
    assert again.returncode == 1 and "not overwritten" in again.stderr
    assert target.read_text(encoding="utf-8").endswith("# mine\n")
    checked = mypy(target)
    assert checked.returncode == 0, checked.stdout
    loaded = subprocess.run([sys.executable, str(target)], env=SCAFFOLD_ENV, capture_output=True, text=True)
    assert loaded.returncode == 0, loaded.stderr


def test_scaffold_receiver_refuses_to_run_open_and_its_stubs_print_each_event(tmp_path: Path) -> None:
    target = tmp_path / "handlers.py"
    assert sdk("scaffold", "handlers", "--out", str(target)).returncode == 0
    bare = {k: v for k, v in SCAFFOLD_ENV.items() if not k.startswith("SALESMAN_EVENTS_")}
    refused = subprocess.run(
        [sys.executable, "-c", "import handlers"], cwd=tmp_path, env=bare, capture_output=True, text=True
    )
    assert refused.returncode == 1
    assert "set SALESMAN_EVENTS_TOKEN" in refused.stderr and "SALESMAN_EVENTS_ALLOW_OPEN=1" in refused.stderr

    handled = (
        "import handlers\n"
        "from salesman_events._runtime.wire.messages import Request\n"
        "body = b'event=deal.close&did=1042&summa=10340.00'\n"
        "headers = {'content-type': 'application/x-www-form-urlencoded'}\n"
        "for query in (b'token=T', b'token=wrong'):\n"
        "    response = handlers.receiver.handle(Request('POST', '/', query, headers, body))\n"
        "    print('status', response.status, flush=True)\n"
    )
    with_token = {**bare, "SALESMAN_EVENTS_TOKEN": "T"}
    ran = subprocess.run([sys.executable, "-c", handled], cwd=tmp_path, env=with_token, capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.splitlines()
    assert lines[0].startswith("deal.close {") and '"did":1042' in lines[0]  # on stdout, whatever the log level
    assert lines[1:] == ["status 200", "status 401"]


def test_mypy_rejects_a_handler_of_the_wrong_event(tmp_path: Path) -> None:
    module = tmp_path / "wrong.py"
    module.write_text(
        "from salesman_events import ClientAdd, DealClose, Handlers, Receiver\n"
        "receiver = Receiver()\n"
        "@receiver.on.deal_close\n"
        "def ok(payload: DealClose) -> None: ...\n"
        "@receiver.on.deal_close\n"
        "def wrong(payload: ClientAdd) -> None: ...\n"
        "class Mine(Handlers):\n"
        "    def client_add(self, payload: DealClose, /) -> None: ...\n",
        encoding="utf-8",
    )
    checked = mypy(module)
    assert checked.returncode == 1
    errors = [line for line in checked.stdout.splitlines() if ": error:" in line]
    assert [line.split(":")[1] for line in errors] == ["5", "8"], checked.stdout


def test_listen_prints_what_send_sends() -> None:
    port = free_port()
    secret = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    listener = subprocess.Popen(
        [sys.executable, "-u", "-m", "salesman_events", "listen", "--port", str(port), "--secret", secret],
        env=SDK_ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert listener.stderr is not None and listener.stdout is not None
        assert "listening on" in listener.stderr.readline()
        data = json.dumps({"did": 1042, "autor": 3, "summa": "10340.00", "status": "Победа"})
        url = f"http://127.0.0.1:{port}/"
        for _ in range(50):
            sent = sdk(
                "send",
                "deal.close",
                "--url",
                url,
                "--data",
                data,
                "--secret",
                secret,
                "--format",
                "salesman",
                "--id",
                "msg_cli",
            )
            if sent.returncode == 0 or "could not send" not in sent.stderr:
                break
            time.sleep(0.1)
        assert sent.returncode == 0, sent.stderr + sent.stdout
        line = json.loads(listener.stdout.readline())
        assert line == {
            "event": "deal.close",
            "id": "msg_cli",
            "payload": {"event": "deal.close", "did": 1042, "autor": 3, "summa": "10340.00", "status": "Победа"},
        }
        rejected = sdk("send", "deal.close", "--url", url, "--data", data)
        assert rejected.returncode == 1 and "401" in rejected.stdout
    finally:
        listener.terminate()
        listener.wait(10)


def test_send_refuses_an_invalid_payload_before_sending() -> None:
    done = sdk("send", "deal.close", "--url", "http://127.0.0.1:9/", "--data", '{"did": "zero"}')
    assert done.returncode == 2 and "did" in done.stderr


def test_typed_emit_methods_check_their_arguments(tmp_path: Path) -> None:
    module = tmp_path / "emit.py"
    module.write_text(
        "from decimal import Decimal\n"
        "from salesman_events import Emitter\n"
        "emitter = Emitter('sqlite:///x.db', deliver=False)\n"
        "emitter.deal_close(did=1042, summa='10340.00', status='Победа')\n"
        "emitter.deal_close(did=1042, summa=Decimal('1.5'))\n"
        "emitter.deal_close(did='1042')\n"
        "emitter.deal_close(summa='1.00')\n",
        encoding="utf-8",
    )
    checked = mypy(module)
    errors = [line for line in checked.stdout.splitlines() if ": error:" in line]
    assert [line.split(":")[1] for line in errors] == ["6", "7"], checked.stdout
