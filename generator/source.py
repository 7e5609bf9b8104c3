"""Load spec files (YAML or JSON) keeping the position of every value, and follow `$ref`s between them."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml

from .errors import Location, SpecError, SpecInvalid, did_you_mean

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """YAML 1.2-ish scalars: dates stay strings and only true/false are booleans."""


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def escape_token(token: str) -> str:
    """Escape one JSON pointer segment."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape_token(token: str) -> str:
    return unquote(token).replace("~1", "/").replace("~0", "~")


def join(pointer: str, token: str | int) -> str:
    return f"{pointer}/{escape_token(str(token))}"


@dataclass
class SourceFile:
    """One parsed file: its data and the position of each JSON pointer inside it."""

    path: Path
    display: str
    text: bytes
    data: Any = None
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)

    def location(self, pointer: str) -> Location:
        probe = pointer
        while probe not in self.positions and probe:
            probe = probe.rsplit("/", 1)[0]
        line, col = self.positions.get(probe, (1, 1))
        return Location(self.display, line, col, pointer)

    def error(self, pointer: str, message: str) -> SpecError:
        return SpecError(self.location(pointer), message)


@dataclass(frozen=True)
class Node:
    """A value inside a spec file, with the pointer that reaches it."""

    file: SourceFile
    pointer: str
    value: Any

    def child(self, key: str | int) -> Node:
        return Node(self.file, join(self.pointer, key), self.value[key])

    def get(self, key: str) -> Node | None:
        if isinstance(self.value, dict) and key in self.value:
            return self.child(key)
        return None

    def items(self) -> list[tuple[str, Node]]:
        if not isinstance(self.value, dict):
            return []
        return [(key, self.child(key)) for key in self.value]

    def elements(self) -> list[Node]:
        if not isinstance(self.value, list):
            return []
        return [self.child(i) for i in range(len(self.value))]

    def error(self, message: str) -> SpecError:
        return self.file.error(self.pointer, message)

    def warning(self, message: str) -> SpecError:
        return SpecError(self.file.location(self.pointer), message, "warning")

    @property
    def key(self) -> tuple[str, str]:
        """Identity of the place this node came from (file, pointer)."""
        return (str(self.file.path), self.pointer)


def _scalar(node: yaml.ScalarNode) -> Any:
    tag = node.tag
    text = node.value
    if tag == "tag:yaml.org,2002:int":
        return int(text.replace("_", ""), 0) if text[:2] in ("0x", "0o") else int(text.replace("_", ""))
    if tag == "tag:yaml.org,2002:float":
        lowered = text.lower().replace("_", "")
        if lowered in (".inf", "+.inf"):
            return float("inf")
        if lowered == "-.inf":
            return float("-inf")
        if lowered == ".nan":
            return float("nan")
        return float(lowered)
    if tag == "tag:yaml.org,2002:bool":
        return text.lower() == "true"
    if tag == "tag:yaml.org,2002:null":
        return None
    return text


class _Builder:
    """Turns a composed YAML node tree into plain data, recording positions and duplicate keys."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.errors: list[SpecError] = []
        self._active: set[int] = set()

    def build(self, node: yaml.Node, pointer: str, mark: yaml.Mark | None = None) -> Any:
        start = mark or node.start_mark
        self.source.positions.setdefault(pointer, (start.line + 1, start.column + 1))
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node)
        if id(node) in self._active:
            self.errors.append(self.source.error(pointer, "recursive YAML alias"))
            return None
        self._active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, join(pointer, i)) for i, item in enumerate(node.value)]
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.errors.append(self.source.error(pointer, "YAML merge keys (<<) are not supported"))
                    continue
                key = str(_scalar(key_node)) if isinstance(key_node, yaml.ScalarNode) else None
                if key is None:
                    self.errors.append(self.source.error(pointer, "mapping keys must be plain scalars"))
                    continue
                child = join(pointer, key)
                if key in result:
                    line = key_node.start_mark.line + 1
                    col = key_node.start_mark.column + 1
                    self.errors.append(
                        SpecError(Location(self.source.display, line, col, child), f"duplicate key '{key}'")
                    )
                    continue
                result[key] = self.build(value_node, child, key_node.start_mark)
            return result
        finally:
            self._active.discard(id(node))


def parse(path: Path, display: str) -> SourceFile:
    """Parse one file; raise SpecInvalid with its position on any syntax problem."""
    source = SourceFile(path=path, display=display, text=b"")
    try:
        source.text = path.read_bytes()
    except OSError as exc:
        raise SpecInvalid([SpecError(Location(display, 1, 1, ""), f"cannot read file: {exc.strerror}")]) from None
    try:
        text = source.text.decode("utf-8")
        root = yaml.compose(text, Loader=_Loader)
    except UnicodeDecodeError as exc:
        raise SpecInvalid([source.error("", f"file is not UTF-8 (byte {exc.start})")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(str(exc.problem or exc.context or "syntax error").split())
        if exc.context and exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
            problem += f" ({exc.context} at line {exc.context_mark.line + 1})"
        raise SpecInvalid([SpecError(Location(display, line, col, ""), f"YAML syntax error: {problem}")]) from None
    if root is None:
        raise SpecInvalid([source.error("", "file is empty")])
    builder = _Builder(source)
    source.data = builder.build(root, "")
    if builder.errors:
        raise SpecInvalid(builder.errors)
    return source


class Spec:
    """The root document and every file its `$ref`s reach."""

    def __init__(self, path: Path, display: str | None = None) -> None:
        """`display` names the root file in errors (default: its file name)."""
        self.path = path.resolve()
        self.base = self.path.parent
        self._files: dict[Path, SourceFile] = {}
        self.root = self._file(self.path, display or path.name)

    def _file(self, path: Path, display: str) -> SourceFile:
        if path not in self._files:
            self._files[path] = parse(path, display)
        return self._files[path]

    @property
    def files(self) -> list[SourceFile]:
        return sorted(self._files.values(), key=lambda f: f.display)

    def digest(self) -> str:
        """sha256 over every loaded file, in a stable order."""
        h = hashlib.sha256()
        for source in self.files:
            h.update(source.display.encode() + b"\0" + source.text + b"\0")
        return h.hexdigest()

    @property
    def top(self) -> Node:
        return Node(self.root, "", self.root.data)

    def resolve(self, ref_node: Node) -> Node:
        """The node a `$ref` string points to; raises SpecInvalid naming the nearest existing key."""
        ref = ref_node.value
        if not isinstance(ref, str):
            raise SpecInvalid([ref_node.error("$ref must be a string")])
        file_part, _, fragment = ref.partition("#")
        source = ref_node.file
        if file_part:
            if re.match(r"^[a-z][a-z0-9+.-]*://", file_part):
                raise SpecInvalid([ref_node.error(f"remote $ref '{ref}' is not supported; use a relative file")])
            target = (source.path.parent / unquote(file_part)).resolve()
            try:
                display = target.relative_to(self.base).as_posix()
            except ValueError:
                display = target.as_posix()
            try:
                source = self._file(target, display)
            except SpecInvalid as exc:
                if not target.exists():
                    raise SpecInvalid([ref_node.error(f"$ref '{ref}': file '{file_part}' not found")]) from None
                raise exc
        if fragment and not fragment.startswith("/"):
            raise SpecInvalid([ref_node.error(f"$ref '{ref}': fragment must be a JSON pointer starting with '/'")])
        node = Node(source, "", source.data)
        for token in fragment.split("/")[1:]:
            key = unescape_token(token)
            if isinstance(node.value, dict) and key in node.value:
                node = node.child(key)
            elif isinstance(node.value, list) and key.isdigit() and int(key) < len(node.value):
                node = node.child(int(key))
            else:
                where = node.pointer or "the document root"
                hint = did_you_mean(key, node.value) if isinstance(node.value, dict) else ""
                raise SpecInvalid([ref_node.error(f"unresolved $ref '{ref}': no '{key}' in {where}{hint}")])
        return node

    def deref(self, node: Node) -> Node:
        """Follow `$ref` until a value that is not a reference; a cycle is an error."""
        seen: set[tuple[str, str]] = set()
        while isinstance(node.value, dict) and "$ref" in node.value:
            if node.key in seen:
                raise SpecInvalid([node.error("$ref cycle never reaches a value")])
            seen.add(node.key)
            node = self.resolve(node.child("$ref"))
        return node
