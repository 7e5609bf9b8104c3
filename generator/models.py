"""Payload models, made by datamodel-code-generator from the schema bundle with pinned options."""

from __future__ import annotations

import ast
import json
import re
import sys
import warnings
from dataclasses import dataclass
from typing import Any

from .build import Loaded
from .errors import SpecError
from .naming import names_in
from .wire_shapes import RUNTIME_KEYS, model_input


@dataclass(frozen=True)
class ModelField:
    """A field of a generated class, as a keyword argument: its Python name, annotation, and whether required."""

    name: str
    annotation: str
    required: bool
    wire: str = ""  # the key on the wire when it differs from the name (the field's alias)
    none_values: tuple[object, ...] = ()  # wire values that mean the field is absent (`x-means-none`)


@dataclass(frozen=True)
class Models:
    source: str
    classes: frozenset[str]  # names defined as classes (the rest are type aliases)
    defined: frozenset[str]  # every class and alias models.py defines
    warnings: tuple[SpecError, ...]
    fields: dict[str, tuple[ModelField, ...]]  # class -> its own fields, then inherited ones


def generate_models(loaded: Loaded) -> Models:
    """The source of models.py and which names in it are classes."""
    from datamodel_code_generator import generate
    from datamodel_code_generator.enums import DataModelType, DefaultValueType, InputFileType
    from datamodel_code_generator.format import PythonVersion

    api, bundle = loaded.api, loaded.bundle
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        source = generate(
            json.dumps(_declare_required(model_input(bundle.document())), ensure_ascii=False),
            input_file_type=InputFileType.JsonSchema,
            output_model_type=DataModelType.PydanticV2BaseModel,
            target_python_version=PythonVersion.PY_311,
            base_class=f"{api.package}._runtime.events.PayloadModel",
            custom_file_header=f'# {api.header}\n"""Payload models of every event."""',
            disable_timestamp=True,
            formatters=[],
            use_annotated=True,
            field_constraints=True,
            use_standard_collections=True,
            use_union_operator=True,
            use_subclass_enum=True,
            use_type_alias=True,
            skip_root_model=True,
            use_field_description=True,
            use_schema_description=True,
            capitalise_enum_members=True,
            use_double_quotes=True,
            deserialize_default_values=(DefaultValueType.Decimal, DefaultValueType.Enum),
            field_extra_keys_without_x_prefix=set(RUNTIME_KEYS),
        )
    assert isinstance(source, str)
    tree = ast.parse(source)
    classes = frozenset(node.name for node in tree.body if isinstance(node, ast.ClassDef))
    defined = classes | {
        t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets if isinstance(t, ast.Name)
    }
    missing = sorted({e.model for e in api.events} - defined)
    if missing:
        sys.exit(f"internal error: datamodel-code-generator did not define {', '.join(missing)}")
    warned = tuple(_warning(loaded, str(w.message)) for w in caught)
    return Models(source, classes, frozenset(defined), warned, _class_fields(tree))


def _declare_required(node: Any, part_of_all_of: bool = False) -> Any:
    """Every name in a `required` list among the `properties` too (as `{}`, any type, where it is missing): valid
    JSON Schema, which the model generator would otherwise leave out of the model. Not in a part of an `allOf`,
    whose other parts may define the name. Changes `node` in place."""
    if isinstance(node, list):
        for item in node:
            _declare_required(item, part_of_all_of)
    elif isinstance(node, dict):
        required, properties = node.get("required"), node.get("properties")
        combined = part_of_all_of or any(k in node for k in ("allOf", "anyOf", "oneOf", "$ref", "patternProperties"))
        if isinstance(required, list) and isinstance(properties, dict) and not combined:
            for name in required:
                if isinstance(name, str):
                    properties.setdefault(name, {})
        for key, value in node.items():
            _declare_required(value, key == "allOf")
    return node


# Types pydantic also parses from text; typed emit methods accept a string for them too (`summa="10340.00"`).
_TEXT_PARSED = frozenset(
    {"Decimal", "date", "datetime", "time", "UUID", "AwareDatetime", "NaiveDatetime", "AnyUrl", "HttpUrl", "AnyHttpUrl"}
)


def _class_fields(tree: ast.Module) -> dict[str, tuple[ModelField, ...]]:
    """Fields of every class in models.py, following bases defined in the same module."""
    aliases = _alias_values(tree)
    own: dict[str, list[ModelField]] = {}
    bases: dict[str, list[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            bases[node.name] = [b.id for b in node.bases if isinstance(b, ast.Name)]
            own[node.name] = [
                ModelField(
                    item.target.id,
                    _widen(_plain_annotation(item.annotation), aliases),
                    item.value is None,
                    _alias_of(item) or item.target.id,
                    _none_values_of(item),
                )
                for item in node.body
                if isinstance(item, ast.AnnAssign)
                and isinstance(item.target, ast.Name)
                and not item.target.id.startswith("_")
                and not _is_classvar(item.annotation)
            ]

    def collect(name: str) -> list[ModelField]:
        inherited = [f for base in bases.get(name, []) if base in own for f in collect(base)]
        names = {f.name for f in own[name]}
        return own[name] + [f for f in inherited if f.name not in names]

    return {name: tuple(collect(name)) for name in own}


def _field_keyword(item: ast.AnnAssign, name: str) -> object:
    """The literal value of keyword `name` of the field's `Field(...)`, in its annotation or as its value; None
    without one."""
    for node in ast.walk(ast.Module(body=[item], type_ignores=[])):
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "Field":
            for keyword in node.keywords:
                if keyword.arg == name:
                    try:
                        return ast.literal_eval(keyword.value)
                    except ValueError:
                        return None
    return None


def _alias_of(item: ast.AnnAssign) -> str:
    """The `alias=` of the field's `Field(...)`; "" without one."""
    alias = _field_keyword(item, "alias")
    return alias if isinstance(alias, str) else ""


def _none_values_of(item: ast.AnnAssign) -> tuple[object, ...]:
    """The field's wire values that mean "absent" (`json_schema_extra={"none-values": [...]}`)."""
    extra = _field_keyword(item, "json_schema_extra")
    values = extra.get("none-values") if isinstance(extra, dict) else None
    return tuple(values) if isinstance(values, list) else ()


def _alias_values(tree: ast.Module) -> dict[str, str]:
    """`X = TypeAliasType("X", V)` -> {"X": "V"}."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and len(node.value.args) == 2:
            target = node.targets[0]
            if isinstance(target, ast.Name) and ast.unparse(node.value.func) == "TypeAliasType":
                found[target.id] = ast.unparse(node.value.args[1])
    return found


def _widen(annotation: str, aliases: dict[str, str]) -> str:
    """`annotation | str` when what it names is parsed from text."""
    seen: set[str] = set()
    pending = names_in(annotation)
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        pending += names_in(aliases.get(name, ""))
    return f"{annotation} | str" if seen & _TEXT_PARSED and not annotation.startswith("list[") else annotation


def _plain_annotation(annotation: ast.expr) -> str:
    """`Annotated[X, Field(...)]` -> `X`; anything else unchanged."""
    if (
        isinstance(annotation, ast.Subscript)
        and isinstance(annotation.value, ast.Name)
        and annotation.value.id == "Annotated"
        and isinstance(annotation.slice, ast.Tuple)
    ):
        return ast.unparse(annotation.slice.elts[0])
    return ast.unparse(annotation)


def _is_classvar(annotation: ast.expr) -> bool:
    text = ast.unparse(annotation)
    return text.startswith(("ClassVar", "model_config"))


def _warning(loaded: Loaded, message: str) -> SpecError:
    """A model-generator warning, placed at the schema (and property) it names."""
    origin = loaded.bundle.origin
    for name, prop in re.findall(r"\b([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?\b", message):
        if name in origin:
            pointer = origin[name].pointer + (f"/properties/{prop}" if prop else "")
            return SpecError(origin[name].file.location(pointer), message, "warning")
    return SpecError(loaded.spec.root.location(""), message, "warning")
