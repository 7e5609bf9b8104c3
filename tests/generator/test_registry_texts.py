"""Spec text that lands in the generated event registry stays text: quotes, backslashes, line breaks and code-like
Russian descriptions can't break the module or run as code."""

from __future__ import annotations

import ast
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from tests.helpers import run_generator

PACKAGE = "registry_texts_sdk"
# Each text would end the string literal, the call or the line of a naively quoted module, or run code in it.
HOSTILE = (
    "Кавычки \" и ' и \"\"\"тройные\"\"\" и '''тройные'''",
    "Обратная косая в конце \\",
    'Строка первая\nвторая\r\nтретья\tс табуляцией, "\\n" буквально',
    '"), fields=()); import os; os._exit(3)  # ("',
    "f\"{__import__('os').getcwd()}\" и {{ jinja }} {% tag %} {# note #}",
    "Разделители строк\u2028\u2029\x85\x0c и нулевой символ \x00",
)


def hostile_spec() -> dict[str, Any]:
    """One event whose Russian (and English) texts are the hostile ones, on the event and on its fields."""
    properties = {
        f"field{i}": {
            "type": "string",
            "description": text.replace("Кавычки", "Quotes"),
            "x-ru-description": text,
            "x-aliases": [f"old{i}", f"older{i}"],
        }
        for i, text in enumerate(HOSTILE)
    }
    return {
        "asyncapi": "3.0.0",
        "info": {"title": "Registry texts", "version": "1.0.0", "x-python-package": PACKAGE},
        "channels": {
            "things": {"address": "thing.done", "messages": {"ThingDone": {"$ref": "#/components/messages/ThingDone"}}}
        },
        "operations": {
            "sendThings": {
                "action": "send",
                "channel": {"$ref": "#/channels/things"},
                "messages": [{"$ref": "#/channels/things/messages/ThingDone"}],
            }
        },
        "components": {
            "messages": {
                "ThingDone": {
                    "name": "thing.done",
                    "title": HOSTILE[0],
                    "summary": HOSTILE[1],
                    "description": HOSTILE[2],
                    "x-ru-summary": HOSTILE[3],
                    "x-ru-description": "\n".join(HOSTILE),
                    "payload": {"type": "object", "required": ["field0"], "properties": properties},
                    "examples": [{"name": "one", "payload": {"field0": HOSTILE[3]}}],
                }
            }
        },
    }


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The `events` module generated from the hostile spec, imported."""
    root = tmp_path_factory.mktemp("registry-texts")
    spec, out = root / "hostile.yaml", root / "out"
    spec.write_text(yaml.safe_dump(hostile_spec(), allow_unicode=False), encoding="utf-8")
    run = run_generator("generate", "--spec", spec, "--out", out)
    assert run.code == 0, run.stderr
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(f"{PACKAGE}.events")
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def test_hostile_event_texts_arrive_unchanged(events: ModuleType) -> None:
    info = events.EVENTS["thing.done"]
    assert (info.title, info.summary, info.description) == HOSTILE[:3]
    assert (info.summary_ru, info.description_ru) == (HOSTILE[3], "\n".join(HOSTILE))


def test_hostile_field_texts_arrive_unchanged(events: ModuleType) -> None:
    fields = events.EVENTS["thing.done"].fields
    assert [f.name for f in fields] == [f"field{i}" for i in range(len(HOSTILE))]
    assert [f.description_ru for f in fields] == list(HOSTILE)
    assert [f.description for f in fields] == [text.replace("Кавычки", "Quotes") for text in HOSTILE]
    assert [f.aliases for f in fields] == [(f"old{i}", f"older{i}") for i in range(len(HOSTILE))]
    assert [f.required for f in fields] == [True] + [False] * (len(HOSTILE) - 1)


def test_no_text_became_code(events: ModuleType) -> None:
    tree = ast.parse(Path(events.__file__ or "").read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    called = {
        node.func.attr for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    assert "os" not in imported and "_exit" not in called
