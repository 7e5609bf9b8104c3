"""The generated SDK's public names, listed: what a user's code may import or call. A change here is a change of
the SDK's API, to be made on purpose (the runtime behind it may move freely)."""

from __future__ import annotations

import importlib
from pathlib import Path

import salesman_events
from salesman_events import EVENTS, Emitter, Receiver

# Besides one model per payload schema (`salesman_events.models`), each re-exported from the package.
PACKAGE_NAMES = {"EVENTS", "AnyEvent", "Emitter", "EventName", "Handlers", "ReceivedEvent", "Receiver", "parse_event"}
MODULE_NAMES = {
    "salesman_events.emitter": {"Emitter"},
    "salesman_events.receiver": {"ReceivedEvent", "Receiver"},
    "salesman_events.events": {"AnyEvent", "EVENTS", "EventName", "parse_event"},
    "salesman_events.handlers": {"Handlers", "On"},
    "salesman_events.cli": {"main"},
}
RECEIVER_NAMES = {"__call__", "add_handler", "handle", "handle_async", "on_any", "register", "wsgi"}
RECEIVER_NAMES |= {"replay", "replay_quarantined"}  # the quarantine (spec 1.1.0)
RECEIVER_ATTRIBUTES = {"events", "max_body", "on", "store", "quarantine", "observer"}  # observer: metrics
# Besides one typed method per event (`emitter.deal_close(...)`).
EMITTER_NAMES = {"add_handler", "batch", "close", "emit", "emit_fields"}
EMITTER_NAMES |= {"batch_async", "emit_async"}  # emits through an asyncio PostgreSQL connection (spec 1.1.0)
EMITTER_ATTRIBUTES = {"events", "max_payload", "on", "outbox", "worker"}


def public(names: object) -> set[str]:
    return {n for n in dir(names) if not n.startswith("_")}


def test_the_package_exports_its_names_and_a_model_per_payload() -> None:
    models = {info.payload_type.__name__ for info in EVENTS.values()}
    assert set(salesman_events.__all__) == PACKAGE_NAMES | models
    assert all(hasattr(salesman_events, name) for name in salesman_events.__all__)


def test_each_public_module_exports_its_names() -> None:
    for module, names in MODULE_NAMES.items():
        assert set(importlib.import_module(module).__all__) == names, module


def test_the_receiver_has_its_methods_and_attributes() -> None:
    receiver = Receiver()
    assert public(Receiver) | {"__call__"} == RECEIVER_NAMES
    assert {n for n in vars(receiver) if not n.startswith("_")} == RECEIVER_ATTRIBUTES


def test_the_emitter_has_its_methods_a_typed_method_per_event_and_its_attributes(tmp_path: Path) -> None:
    typed = {info.method for info in EVENTS.values()}
    assert public(Emitter) == EMITTER_NAMES | typed
    emitter = Emitter(f"sqlite:///{tmp_path / 'outbox.db'}", deliver=False)
    try:
        assert {n for n in vars(emitter) if not n.startswith("_")} == EMITTER_ATTRIBUTES
    finally:
        emitter.close()
