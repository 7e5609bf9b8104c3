"""Per-event code for the docs: a Python emit call and handler built from the spec's example, and the example as
the three things a SalesMan server puts on the wire. The tests run every snippet and decode every wire form."""

from __future__ import annotations

import ast
import json
import keyword
import re
from dataclasses import dataclass
from typing import Any

from .ir import Api, Event
from .models import Models
from .runtime.wire.encoding import encode_delivery

HOOK_PATH = "/hook"  # the receiver's path in the wire examples
ENVELOPE = ("event", "identity", "iduser1")
PRINTED_FIELDS = 3  # how many fields the handler snippet prints
_LIST = re.compile(r"^list\[(.+)\]$")
_MAP = re.compile(r"^dict\[str, (.+)\]$")


@dataclass(frozen=True)
class WireForms:
    """One example payload as a SalesMan server sends it: JSON POST, PHP form POST, GET."""

    json_request: str
    form_request: str
    get_request: str


def wire_forms(event: Event, payload: dict[str, Any]) -> WireForms:
    """Encoded as the emitter's `salesman` format sends it: the form body is the GET query, in the body."""
    body = encode_delivery(event.name, payload, fmt="salesman").body.decode()
    query = encode_delivery(event.name, payload, fmt="salesman", method="GET").query
    return WireForms(
        json_request=f"POST {HOOK_PATH} HTTP/1.1\nContent-Type: application/json\n\n{body}",
        form_request=f"POST {HOOK_PATH} HTTP/1.1\nContent-Type: application/x-www-form-urlencoded\n\n{query}",
        get_request=f"GET {HOOK_PATH}?{query} HTTP/1.1",
    )


class Snippets:
    """Writes the emit and handler snippets of an API's events as Python source."""

    def __init__(self, api: Api, models: Models) -> None:
        self.api = api
        self.models = models
        self.imports: set[str] = set()
        self.enums = _enums(models.source)
        self.typed_methods = {e.name for e in api.class_events}  # events the Emitter has a typed method for

    def emit(self, event: Event) -> str:
        """An emit of the first example: the typed method, else `emitter.emit(...)`; "" without an example."""
        if not event.examples:
            return ""
        payload = event.examples[0].payload
        self.imports = {"Emitter"}
        if event.name in self.typed_methods and isinstance(payload, dict):
            call = self._method_call(event, payload)
        elif event.model_is_class and isinstance(payload, dict):
            self.imports.add(event.model)
            model = self._construct(event.model, {k: v for k, v in payload.items() if k != "event"})
            call = [f"event_id = emitter.emit({model}, event={_json_literal(event.name)})"]
        else:
            call = [f"event_id = emitter.emit({_json_literal(payload)}, event={_json_literal(event.name)})"]
        return "\n".join(
            [
                self._import_line(),
                "",
                "# Records events durably; a background thread delivers them to the subscribers.",
                'emitter = Emitter("sqlite:///outbox.db")',
                *call,
                "",
            ]
        )

    def _method_call(self, event: Event, payload: dict[str, Any]) -> list[str]:
        """`event_id = emitter.<method>(...)`, one keyword per line, the envelope's keys last."""
        fields = {f.wire: f for f in self.models.fields.get(event.model, ())}
        python_names = {f.name for f in fields.values()}
        named, extra = [], {}
        for key in sorted(payload, key=lambda key: key in ENVELOPE):
            if key == "event":
                continue  # the method names the event itself
            field = fields.get(key)
            if field is not None and _means_none(payload[key], field.none_values):
                continue  # SalesMan's 0 for "none": the keyword is left out
            if field is not None:
                named.append(f"    {field.name}={self._literal(payload[key], field.annotation)},")
            elif _is_name(key) and key not in python_names:
                named.append(f"    {key}={_json_literal(payload[key])},")  # an unknown key, kept as is
            else:
                extra[key] = payload[key]
        lines = []
        if extra:  # keys that can't be keywords, typed Any so that mypy lets them through **
            self.imports.add("Any")
            lines.append(f"extra: dict[str, Any] = {_json_literal(extra)}")
            named.append("    **extra,")
        if not named:
            return [*lines, f"event_id = emitter.{event.method}()"]
        return [*lines, f"event_id = emitter.{event.method}(", *named, ")"]

    def handler(self, event: Event) -> str:
        """A typed handler registered on a Receiver that prints a few of the event's fields."""
        self.imports = {"Receiver", event.model}
        if event.model_is_class:
            shown = [p.name for p in event.params if p.name not in ENVELOPE and _is_name(p.name)]
            if event.examples:
                present = event.examples[0].payload
                shown = [name for name in shown if name in present] or shown
            printed = ", ".join(f"event.{name}" for name in shown[:PRINTED_FIELDS]) or "event"
        else:
            printed = "event"
        return "\n".join(
            [
                self._import_line(),
                "",
                "# SalesMan can't sign its webhooks: it calls https://your-service/hook?token=…",
                'receiver = Receiver(token="long-random-string")',
                "",
                "",
                f"@receiver.on.{event.method}",
                f"def on_{event.method}(event: {event.model}) -> None:",
                f"    print({printed})",
                "",
            ]
        )

    def _import_line(self) -> str:
        """The snippet's imports: the SDK's own names from the package, shared types from its models module."""
        exported = {"Emitter", "Receiver", *self.api.model_names}
        lines = ["from typing import Any", ""] if "Any" in self.imports else []
        for module, names in (
            (self.api.package, self.imports & exported),
            (f"{self.api.package}.models", self.imports - exported - {"Any"}),
        ):
            if names:
                lines.append(f"from {module} import {', '.join(sorted(names, key=str.lower))}")
        return "\n".join(lines)

    def _literal(self, value: Any, annotation: str) -> str:
        """`value` as Python source that type-checks as `annotation` (a model field's annotation)."""
        types = [t for t in _alternatives(annotation) if t != "None"]
        if value is None:
            return "None"
        if isinstance(value, str) and "str" in types:
            return _json_literal(value)
        kind = self._best_type(types, value)
        element = _LIST.match(kind)
        if element and isinstance(value, list):
            return "[" + ", ".join(self._literal(v, element.group(1)) for v in value) + "]"
        mapped = _MAP.match(kind)
        if mapped and isinstance(value, dict):
            items = (f"{_json_literal(str(k))}: {self._literal(v, mapped.group(1))}" for k, v in value.items())
            return "{" + ", ".join(items) + "}"
        if kind in self.enums:
            self.imports.add(kind)
            return self._enum_member(kind, value)
        if kind in self.models.fields and isinstance(value, dict):
            self.imports.add(kind)
            return self._construct(kind, value)
        return _json_literal(value)

    def _best_type(self, types: list[str], value: Any) -> str:
        """The alternative of a union that fits the value: for an object, the model whose fields match best."""
        if isinstance(value, dict):
            models = [t for t in types if t in self.models.fields]
            if models:
                return max(models, key=lambda t: self._fit(t, value))
        if isinstance(value, list):
            return next((t for t in types if _LIST.match(t)), types[0] if types else "Any")
        return types[0] if types else "Any"

    def _fit(self, cls: str, value: dict[str, Any]) -> tuple[bool, int]:
        """(every required field present, how many keys are fields) of a payload object against a model."""
        fields = self.models.fields[cls]
        wires = {f.wire for f in fields}
        return all(f.wire in value for f in fields if f.required), len(wires & set(value))

    def _construct(self, cls: str, value: dict[str, Any]) -> str:
        """`Cls(key=...)`, or `Cls.model_validate({...})` when a key is not its field's Python name."""
        fields = {f.name: f for f in self.models.fields[cls]}
        if not all(_is_name(k) and (k not in fields or fields[k].wire == k) for k in value):
            return f"{cls}.model_validate({_json_literal(value)})"
        parts = [f"{k}={self._literal(v, fields[k].annotation if k in fields else 'Any')}" for k, v in value.items()]
        return f"{cls}({', '.join(parts)})"

    def _enum_member(self, cls: str, value: Any) -> str:
        """`Cls.MEMBER` for the member with this value, else `Cls(value)`."""
        for name, member_value in self.enums[cls]:
            if member_value == value and type(member_value) is type(value):
                return f"{cls}.{name}"
        return f"{cls}({_json_literal(value)})"


def _enums(source: str) -> dict[str, list[tuple[str, Any]]]:
    """Enum classes of models.py -> their (member name, value) pairs."""
    found = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef) and any(ast.unparse(b).endswith("Enum") for b in node.bases):
            found[node.name] = [
                (item.targets[0].id, item.value.value)
                for item in node.body
                if isinstance(item, ast.Assign)
                and isinstance(item.targets[0], ast.Name)
                and isinstance(item.value, ast.Constant)
            ]
    return found


def _alternatives(annotation: str) -> list[str]:
    """The members of a union annotation, split at the top level only (`list[A | B] | None` has two)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(annotation):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if char == "|" and depth == 0:
            parts.append(annotation[start:i].strip())
            start = i + 1
    return [*parts, annotation[start:].strip()]


def _is_name(key: str) -> bool:
    return key.isidentifier() and not keyword.iskeyword(key)


def _json_literal(value: Any) -> str:
    """JSON text of a value as a Python literal (true/false/null spelled the Python way)."""
    if isinstance(value, bool):
        return repr(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_json_literal(str(k))}: {_json_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_json_literal(v) for v in value) + "]"
    if value is None:
        return "None"
    return json.dumps(value, ensure_ascii=False)


def _means_none(value: Any, none_values: tuple[object, ...]) -> bool:
    """Whether an example's value is one the field takes as absent (0 and "0" alike, as the receiver does)."""
    return not isinstance(value, bool) and str(value) in {str(v) for v in none_values}
