"""The README walked like a newcomer: every ```sh line of "Receiving events" and "Emitting events" run as printed, in
a fresh working directory with `.venv/bin/salesman-events` being this checkout's SDK, on loopback; what the README
says happens must happen, an event reaching the receiver included.

Only the port is changed (8000 -> a free one, so that the walk can't meet another program's port). `listen` and
`worker` run until stopped, as the README says: they are started in the background, `listen` kept until the walk
ends and `worker` stopped once the delivery arrived (each within a bounded time)."""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import REPO, SDK_ENV

from .support import free_port

README = REPO / "README.md"
SECTIONS = ("Receiving events", "Emitting events")
README_PORT = "8000"
LONG_RUNNING = ("listen", "worker")
STARTUP_SECONDS = 20.0
DELIVERY_SECONDS = 30.0
SH_BLOCK = re.compile(r"^```sh\n(.*?)^```$", re.M | re.S)


def section(text: str, title: str) -> str:
    """The README's `## title…` section, its subsections included."""
    start = re.search(rf"^## {re.escape(title)}.*$", text, re.M)
    assert start is not None, f"no section {title!r} in the README"
    end = re.search(r"^## ", text[start.end() :], re.M)
    return text[start.end() : start.end() + end.start() if end else len(text)]


def shell_lines(title: str) -> list[str]:
    """The commands of the section's ```sh blocks, in order."""
    blocks = SH_BLOCK.findall(section(README.read_text(encoding="utf-8"), title))
    return [line for block in blocks for line in block.splitlines() if line.strip() and not line.startswith("#")]


def command_of(line: str) -> str:
    """The salesman-events command a line runs (`listen`, `send`, …)."""
    words = shlex.split(line, comments=True)
    assert words[0] == ".venv/bin/salesman-events", line
    return words[1]


class Walk:
    """A working directory with `.venv/bin/salesman-events`, the lines run there, what they printed."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.background: dict[str, subprocess.Popen[bytes]] = {}
        binary = workdir / ".venv" / "bin" / "salesman-events"
        binary.parent.mkdir(parents=True)
        binary.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m salesman_events "$@"\n', encoding="utf-8")
        binary.chmod(binary.stat().st_mode | stat.S_IXUSR)

    def as_here(self, line: str) -> str:
        return line.replace(f":{README_PORT}/", f":{self.port}/").replace(
            f"--port {README_PORT}", f"--port {self.port}"
        )

    def run(self, line: str) -> subprocess.CompletedProcess[str]:
        """One line to its end, through the shell, as a newcomer pastes it."""
        done = subprocess.run(
            ["sh", "-c", self.as_here(line)], cwd=self.workdir, env=SDK_ENV, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
        return done

    def start(self, line: str) -> None:
        """A long-running line in the background, its output in <command>.out and .err."""
        name = command_of(line)
        with (self.workdir / f"{name}.out").open("wb") as out, (self.workdir / f"{name}.err").open("wb") as err:
            self.background[name] = subprocess.Popen(
                ["sh", "-c", "exec " + self.as_here(line)], cwd=self.workdir, env=SDK_ENV, stdout=out, stderr=err
            )

    def stop(self, name: str) -> str:
        """Stop a background line as Ctrl-C does; what it printed to stderr."""
        process = self.background.pop(name)
        process.send_signal(signal.SIGINT)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        return (self.workdir / f"{name}.err").read_text(encoding="utf-8")

    def received(self) -> list[dict[str, object]]:
        """The JSON lines `listen` printed so far."""
        text = (self.workdir / "listen.out").read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    def wait_for_port(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        pytest.fail("listen did not start listening")

    def wait_for_event(self, count: int) -> list[dict[str, object]]:
        deadline = time.monotonic() + DELIVERY_SECONDS
        while time.monotonic() < deadline:
            if len(received := self.received()) >= count:
                return received
            time.sleep(0.1)
        pytest.fail(f"listen received {self.received()} after {DELIVERY_SECONDS} s, not {count} events")


@pytest.fixture
def walk(tmp_path: Path) -> Iterator[Walk]:
    walking = Walk(tmp_path)
    yield walking
    for name in list(walking.background):
        walking.stop(name)


def test_the_readme_sections_have_the_lines_the_walk_checks() -> None:
    assert [command_of(line) for line in shell_lines("Receiving events")] == [
        "listen",
        "send",
        "quarantine",
        "quarantine",
    ]
    emitting = [command_of(line) for line in shell_lines("Emitting events")]
    assert emitting == ["subscribe", "emit", "worker", "status", "replay", "purge"]


def test_every_readme_line_works_as_printed(walk: Walk) -> None:
    outputs: dict[str, subprocess.CompletedProcess[str]] = {}
    for line in shell_lines("Receiving events"):
        if command_of(line) in LONG_RUNNING:
            walk.start(line)
            walk.wait_for_port()
        else:
            outputs.setdefault(command_of(line), walk.run(line))
    (sent,) = walk.wait_for_event(1)
    assert sent["event"] == "deal.close" and sent["payload"] == {"event": "deal.close", "did": 1042}
    assert outputs["send"].stdout.startswith("200 "), outputs["send"].stdout
    assert "0 kept" in outputs["quarantine"].stderr  # the typed event was handled, nothing was kept

    for line in shell_lines("Emitting events"):
        name = command_of(line)
        if name == "worker":  # until Ctrl-C: stopped once the delivery reached the receiver
            walk.start(line)
            delivered = walk.wait_for_event(2)[1]
            worker_log = walk.stop("worker")
            assert "Traceback" not in worker_log and "failed" not in worker_log, worker_log
        else:
            outputs[name] = walk.run(line)
    subscription = json.loads(outputs["subscribe"].stdout)
    assert subscription["created"] and subscription["format"] == "salesman"
    event_id = outputs["emit"].stdout.strip()
    assert delivered["id"] == event_id and delivered["event"] == "deal.close"
    assert delivered["payload"] == {"event": "deal.close", "did": 1042}
    status = outputs["status"].stdout
    assert status.startswith("pending 0  delivered 1  dead 0"), status
    assert f"#{subscription['id']} http://127.0.0.1:{walk.port}/?token=… [deal.*] enabled" in status, status
    assert "0 deliveries pending again" in outputs["replay"].stderr  # nothing dead to replay
    assert "deliveries and events removed" in outputs["purge"].stderr
    assert (walk.workdir / "outbox.db").exists() and (walk.workdir / "kept.db").exists()
    assert os.listdir(walk.workdir / ".venv" / "bin") == ["salesman-events"]
