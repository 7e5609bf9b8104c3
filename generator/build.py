"""Spec -> checked IR: structure, schemas, operations, names, examples."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .consistency import name_clashes, usage_warnings
from .describe import Describer, notes_of, text_of
from .errors import SpecError, SpecInvalid
from .ir import Api, Event, Example, Field, Group, Parameter, Schema, Text
from .naming import constant, names_in, package_name, snake
from .schemas import Bundle, check_example, check_schema, unwrap
from .shape import check_document
from .source import Node, Spec

DEFAULT_GROUP = "events"
_PACKAGE = re.compile(r"^[a-z_][a-z0-9_]*$")


@dataclass(frozen=True)
class Loaded:
    """A checked spec: its IR and the schema bundle the models are made from."""

    api: Api
    bundle: Bundle
    spec: Spec
    warnings: tuple[SpecError, ...] = ()  # what generates, but is likely a mistake


def load(path: Path, display: str | None = None) -> Loaded:
    """Load, check and describe a spec; raises SpecInvalid with every problem found."""
    spec = Spec(path, display)
    errors = check_document(spec)
    if errors:
        raise SpecInvalid(errors)
    return _Builder(spec).build()


@dataclass
class _Message:
    node: Node  # the Message Object, traits applied
    key: str  # its own key (components/messages/<key> or channels/x/messages/<key>)
    channel: Node
    action: str


class _Builder:
    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.bundle = Bundle(spec)
        self.describe = Describer(self.bundle)
        self.errors: list[SpecError] = []
        self.warnings: list[SpecError] = []

    def build(self) -> Loaded:
        top = self.spec.top
        components = top.get("components")
        schemas = components.get("schemas") if components else None
        for key, node in schemas.items() if schemas else []:
            self._guard(lambda n=node, k=key: self.bundle.add(unwrap(n), k))
        messages = self._guard(self._messages) or []
        events = [e for m in messages if (e := self._guard(lambda m=m: self._event(m))) is not None]
        self.errors.extend(self.bundle.errors)
        for origin in list(self.bundle.origin.values()):
            if isinstance(origin.value, dict):
                self._sort(check_schema(origin))
        if len(events) == len(messages):
            self.errors.extend(name_clashes([m.node for m in messages], events))
        if not self.errors:
            for message, event in zip(messages, events, strict=True):
                self._check_examples(message, event)
        if self.errors:
            raise SpecInvalid(self.errors)
        self.warnings += usage_warnings(self.spec, [(m.node, m.action) for m in messages])
        return Loaded(self._api(events), self.bundle, self.spec, tuple(self.warnings))

    def _sort(self, found: Iterable[SpecError]) -> None:
        for problem in found:
            (self.warnings if problem.severity == "warning" else self.errors).append(problem)

    def _guard(self, work: Any) -> Any:
        try:
            return work()
        except SpecInvalid as exc:
            self.errors.extend(exc.errors)
            return None

    def _messages(self) -> list[_Message]:
        """Every message of every channel, once, in document order, with the operation that uses it."""
        actions: dict[tuple[str, str], str] = {}
        operations = self.spec.top.get("operations")
        for _, op_node in operations.items() if operations else []:
            op = self.spec.deref(op_node)
            channel = self.spec.resolve(op.child("channel").child("$ref"))
            listed = op.get("messages")
            for ref in listed.elements() if listed else []:
                entry = self.spec.resolve(ref.child("$ref"))
                if entry.file is not channel.file or entry.pointer.rsplit("/", 1)[0] != channel.pointer + "/messages":
                    raise SpecInvalid(
                        [
                            ref.error(
                                f"operation message '{ref.value['$ref']}' is not one of the "
                                f"messages of its channel '{op.value['channel']['$ref']}'"
                            )
                        ]
                    )
                actions.setdefault(self.spec.deref(entry).key, str(op.value["action"]))
            if listed is None:
                channel_messages = self.spec.deref(channel).get("messages")
                for _, entry in channel_messages.items() if channel_messages else []:
                    actions.setdefault(self.spec.deref(entry).key, str(op.value["action"]))
        found: list[_Message] = []
        seen: set[tuple[str, str]] = set()
        channels = self.spec.top.get("channels")
        for _, ch_node in channels.items() if channels else []:
            channel = self.spec.deref(ch_node)
            self._check_address(channel)
            listed = channel.get("messages")
            for entry_key, entry in listed.items() if listed else []:
                node = self.spec.deref(entry)
                if node.key in seen:
                    continue
                seen.add(node.key)
                own_key = node.pointer.rsplit("/", 1)[-1] if node.pointer else entry_key
                found.append(_Message(self._with_traits(node), own_key, channel, actions.get(node.key, "")))
        return found

    def _with_traits(self, node: Node) -> Node:
        traits = node.get("traits")
        if traits is None:
            return node
        merged: dict[str, Any] = {}
        for trait in traits.elements():
            merged.update(self.spec.deref(trait).value)
        merged.update({k: v for k, v in node.value.items() if k != "traits"})
        return Node(node.file, node.pointer, merged)

    def _check_address(self, channel: Node) -> None:
        address = channel.value.get("address")
        params = channel.value.get("parameters") or {}
        for name in re.findall(r"{([^}]*)}", address or ""):
            if name not in params:
                self.errors.append(
                    channel.child("address").error(
                        f"address parameter '{{{name}}}' is not defined in the channel's parameters"
                    )
                )

    def _event(self, message: _Message) -> Event:
        node, key = message.node, message.key
        value = node.value
        name = str(value.get("name") or key)
        payload = node.get("payload")
        if payload is None:
            model = self.bundle.add(Node(node.file, node.pointer + "/payload", {"type": "object"}), key)
            fields: tuple[Field, ...] = ()
        else:
            model = self._payload_model(payload, key)
            fields = self.describe.fields(self.describe.target(payload) if "$ref" in payload.value else unwrap(payload))
        headers = node.get("headers")
        headers_model = self._payload_model(headers, key + "Headers") if headers is not None else ""
        channel = message.channel
        params = channel.get("parameters")
        return Event(
            name=name,
            member=constant(name),
            method=snake(name),
            model=model,
            model_is_class=True,
            headers_model=headers_model,
            group=self._group(node, channel),
            title=str(value.get("title") or ""),
            summary=text_of(value, "summary"),
            description=text_of(value, "description"),
            notes=notes_of(value),
            address=str(channel.value.get("address") or ""),
            parameters=tuple(
                Parameter(k, str(self.spec.deref(p).value.get("description", ""))) for k, p in params.items()
            )
            if params
            else (),
            action=message.action,
            content_type=str(value.get("contentType") or self.spec.top.value.get("defaultContentType") or ""),
            fields=fields,
            examples=tuple(self._examples(node)),
            deprecated=bool(value.get("deprecated", False)),
        )

    def _payload_model(self, payload: Node, key: str) -> str:
        if isinstance(payload.value, dict) and set(payload.value) == {"$ref"}:
            target = unwrap(self.spec.resolve(payload.child("$ref")))
            return self.bundle.add(target, target.pointer.rsplit("/", 1)[-1] or key)
        wanted = key if self.bundle.name_of(payload) is None and key not in self.bundle.defs else key + "Payload"
        return self.bundle.add(unwrap(payload), wanted)

    def _group(self, message: Node, channel: Node) -> str:
        for owner in (message, channel):
            tags = owner.value.get("tags")
            for tag in tags if isinstance(tags, list) else []:
                tag_value = self.spec.deref(Node(owner.file, owner.pointer, tag)).value if "$ref" in tag else tag
                if isinstance(tag_value, dict) and isinstance(tag_value.get("name"), str):
                    return str(tag_value["name"])
        return DEFAULT_GROUP

    def _examples(self, message: Node) -> list[Example]:
        examples = message.get("examples")
        found = []
        for i, example in enumerate(examples.elements() if examples else []):
            if isinstance(example.value, dict) and "payload" in example.value:
                found.append(
                    Example(
                        name=str(example.value.get("name") or f"example {i + 1}"),
                        summary=str(example.value.get("summary") or ""),
                        payload_json=json.dumps(example.value["payload"], ensure_ascii=False, indent=2),
                    )
                )
        return found

    def _check_examples(self, message: _Message, event: Event) -> None:
        examples = message.node.get("examples")
        for example in examples.elements() if examples else []:
            payload = example.get("payload")
            if payload is not None:  # the official validator doesn't check examples: a mismatch only warns
                self.warnings += check_example(self.bundle, event.model, payload)

    def _api(self, events: list[Event]) -> Api:
        info = self.spec.top.value["info"]
        package = info.get("x-python-package") or package_name(str(info["title"]))
        if not isinstance(package, str) or not _PACKAGE.match(package):
            raise SpecInvalid(
                [self.spec.top.child("info").error(f"x-python-package '{package}' is not a valid Python package name")]
            )
        group_text = {
            str(t.get("name")): text_of(t, "description") for t in info.get("tags") or [] if isinstance(t, dict)
        }
        order = list(group_text) + [e.group for e in events]
        groups = tuple(
            Group(name, group_text.get(name, Text()), tuple(e for e in events if e.group == name))
            for name in dict.fromkeys(order)
            if any(e.group == name for e in events)
        )
        return Api(
            title=Text(str(info["title"]), str(info.get("x-ru-title") or "")),
            version=str(info["version"]),
            description=text_of(info, "description"),
            package=package,
            spec_name=self.spec.path.name,
            spec_hash=self.spec.digest(),
            groups=groups,
            events=tuple(events),
            schemas=self._schemas(events),
        )

    def _schemas(self, events: list[Event]) -> tuple[Schema, ...]:
        """The shared types: components schemas that no event has as its payload, in document order."""
        components = self.spec.top.get("components")
        schemas = components.get("schemas") if components else None
        payloads = {e.model for e in events}
        mentions = {e.name: _mentioned(e) for e in events}
        found = []
        for _, node in schemas.items() if schemas else []:
            target = unwrap(node)
            name = self.bundle.name_of(target)
            if name is None or name in payloads:
                continue
            is_object = isinstance(target.value, dict) and ("properties" in target.value or "allOf" in target.value)
            found.append(
                Schema(
                    name=name,
                    type_label=self.describe.label(target),
                    constraints=self.describe.constraints(target),
                    enum=self.describe.enum(target),
                    description=self.describe.description(target),
                    fields=self.describe.fields(target) if is_object else (),
                    used_by=tuple(e for e in events if name in mentions[e.name]),
                )
            )
        return tuple(found)


def _mentioned(event: Event) -> set[str]:
    """Names a field table of the event shows: type labels' words, referenced schemas, allOf bases."""
    words = {w for f in event.fields for w in names_in(f.type_label)}
    return words | {f.schema_name for f in event.fields} | {f.inherited_from for f in event.fields}
