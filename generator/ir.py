"""The intermediate model: everything templates print, worked out in Python. Frozen and ordered."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

LANGUAGES = ("en", "ru")
_PEP440 = re.compile(r"^\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?$")


def anchor(name: str) -> str:
    """A heading id made of a name: lower case letters, digits and dashes."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "section"


@dataclass(frozen=True)
class Text:
    """English text with its Russian translation (English where the spec gives none)."""

    en: str = ""
    ru: str = ""

    def __getitem__(self, lang: str) -> str:
        return self.ru if lang == "ru" and self.ru else self.en

    def __bool__(self) -> bool:
        return bool(self.en or self.ru)


@dataclass(frozen=True)
class EnumValue:
    value: str  # JSON text of the value
    name: str  # Python member name, if the spec gives one
    meaning: Text


@dataclass(frozen=True)
class Field:
    """One property of an event payload."""

    name: str  # as on the wire
    type_label: str  # for people: "integer", "array of ClientId", "string (date)"
    schema_name: str  # the shared schema the field refers to, or ""
    required: bool
    constraints: tuple[str, ...]
    enum: tuple[EnumValue, ...]
    description: Text
    notes: tuple[Text, ...]
    inherited_from: str  # the allOf base the field comes from, or ""
    deprecated: bool
    aliases: tuple[str, ...] = ()  # other keys the field may arrive under (`x-aliases`)


@dataclass(frozen=True)
class Param:
    """A keyword argument of a typed emit method: a model field by its Python name."""

    name: str
    annotation: str
    required: bool


@dataclass(frozen=True)
class Example:
    name: str
    summary: str
    payload_json: str  # pretty-printed JSON

    @property
    def payload(self) -> Any:
        """The example payload as a Python value."""
        return json.loads(self.payload_json)


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str


@dataclass(frozen=True)
class Event:
    """One message of the spec: what the SDK calls an event."""

    name: str  # the event name: message `name`, else its key (`deal.close`)
    member: str  # EventName member (`DEAL_CLOSE`)
    method: str  # Python method/attribute name (`deal_close`)
    model: str  # payload class or alias in models.py (`DealClose`)
    model_is_class: bool  # an object payload becomes a class; other payloads a type alias
    headers_model: str  # class of the message headers, or ""
    group: str
    title: str
    summary: Text
    description: Text
    notes: tuple[Text, ...]
    address: str  # channel address
    parameters: tuple[Parameter, ...]
    action: str  # "send", "receive" or "" when no operation names it
    content_type: str
    fields: tuple[Field, ...]
    examples: tuple[Example, ...]
    deprecated: bool
    params: tuple[Param, ...] = ()  # set once the models exist: the payload class's fields

    @property
    def own_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if not f.inherited_from)

    @property
    def base_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.inherited_from)

    @property
    def slug(self) -> str:
        return self.method.replace("_", "-")

    @property
    def group_anchor(self) -> str:
        """The id of the event's group heading on the index page."""
        return anchor(self.group)

    @property
    def example_json(self) -> str:
        """The first example payload as compact JSON ("" when the spec gives none)."""
        if not self.examples:
            return ""
        return json.dumps(self.examples[0].payload, ensure_ascii=False, separators=(",", ":"))

    @property
    def example_python(self) -> str:
        """The first example payload as a Python literal."""
        return repr(self.examples[0].payload) if self.examples else "{}"


@dataclass(frozen=True)
class Group:
    name: str
    description: Text
    events: tuple[Event, ...]

    @property
    def title(self) -> Text:
        """A heading for the group: its description without the final full stop, else its name."""
        return Text(self.description.en.rstrip(".") or self.name, self.description.ru.rstrip("."))

    @property
    def anchor(self) -> str:
        """The id of the group's heading on the index page."""
        return anchor(self.name)


@dataclass(frozen=True)
class Schema:
    """A shared type: a components schema that is not an event's payload (ClientId, Money, the envelope)."""

    name: str
    type_label: str
    constraints: tuple[str, ...]
    enum: tuple[EnumValue, ...]
    description: Text
    fields: tuple[Field, ...]
    used_by: tuple[Event, ...]  # events whose field tables mention it


@dataclass(frozen=True)
class Api:
    """A whole spec, ready to render."""

    title: Text
    version: str
    description: Text
    package: str  # import and distribution name
    spec_name: str  # file name of the spec, for headers
    spec_hash: str  # sha256 of every spec file
    groups: tuple[Group, ...]
    events: tuple[Event, ...]
    schemas: tuple[Schema, ...] = ()

    @property
    def model_names(self) -> tuple[str, ...]:
        return tuple(sorted({e.model for e in self.events}))

    @property
    def class_events(self) -> tuple[Event, ...]:
        """Events with a class payload, the first event of each class only."""
        first: dict[str, Event] = {}
        for event in self.events:
            if event.model_is_class:
                first.setdefault(event.model, event)
        return tuple(first.values())

    @property
    def distribution(self) -> str:
        return self.package.replace("_", "-")

    @property
    def dist_version(self) -> str:
        """The spec version if it is a valid Python package version, else 0.0.0."""
        return self.version if _PEP440.match(self.version) else "0.0.0"

    @property
    def header(self) -> str:
        """The first line of every generated file. It names the spec but not its hash (that is `__spec_sha256__` in
        the package's `__init__.py`), so a file changes only when its own content does."""
        return f"DO NOT EDIT: generated from {self.spec_name} by the generator"
