"""Python names for things named in a spec."""

from __future__ import annotations

import keyword
import re
import unicodedata

# Names models.py imports or defines itself; a schema with one of these names gets a suffix.
RESERVED_CLASS_NAMES = frozenset(
    {
        "Annotated",
        "Any",
        "AnyUrl",
        "AwareDatetime",
        "BaseModel",
        "ConfigDict",
        "Decimal",
        "EmailStr",
        "Enum",
        "Field",
        "IntEnum",
        "Literal",
        "Model",
        "PayloadModel",
        "RootModel",
        "StrEnum",
        "TypeAliasType",
        "UUID",
        "date",
        "datetime",
        "time",
        "timedelta",
        "annotations",
    }
)


NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # an identifier inside a type label or annotation


def names_in(text: str) -> list[str]:
    """The identifiers in a type label or annotation, in order: `list[ClientId] | None` -> list, ClientId, None."""
    return NAME.findall(text)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _words(text: str) -> list[str]:
    """Words of a name, camelCase split too: `dealChangeStep` -> deal, Change, Step."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", _ascii(text))
    spaced = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", spaced)
    return [w for w in re.split(r"[^A-Za-z0-9]+", spaced) if w]


def pascal(text: str, fallback: str = "Model") -> str:
    """`deal.change.step` -> `DealChangeStep`; always a valid, non-reserved class name."""
    name = "".join(w[:1].upper() + w[1:] for w in _words(text)) or fallback
    if name[0].isdigit():
        name = fallback + name
    if name in RESERVED_CLASS_NAMES or keyword.iskeyword(name):
        name += fallback
    return name


def snake(text: str, fallback: str = "event") -> str:
    """`deal.change.step` -> `deal_change_step`; always a valid identifier."""
    name = "_".join(w.lower() for w in _words(text)) or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_"
    return name


def constant(text: str) -> str:
    """`deal.change.step` -> `DEAL_CHANGE_STEP`."""
    name = snake(text).upper()
    return name.rstrip("_") if keyword.iskeyword(name.rstrip("_").lower()) else name


def package_name(title: str) -> str:
    """A distribution/import name for a spec without `info.x-python-package`: the title's words, lower case.

    A title is prose, so a word keeps its inner capitals together: "IoT Sensor Telemetry" -> `iot_sensor_telemetry`.
    """
    words = [w.lower() for w in re.split(r"[^A-Za-z0-9]+", _ascii(title)) if w]
    return snake("_".join(words), fallback="api")


def unique(name: str, taken: set[str]) -> str:
    """`name`, or `name2`, `name3`… — the first not in `taken`; adds it to `taken`."""
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name}{n}", n + 1
    taken.add(candidate)
    return candidate
