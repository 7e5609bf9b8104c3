"""What a typed model must hold once SalesMan's PHP arguments have crossed the wire: each value PHP sent, coerced to
the field's type (ids ints, money a Decimal, a document's datum a naive datetime), `0` for "none" of an id field
read as None, `task.add`'s `tid` read as `id`, keys beyond the spec kept in `model_extra` as the strings PHP made of
them, and SalesMan's `ses` nowhere."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import BaseModel

# Fields (and lists) of ids: every real id is 1 or more, SalesMan sends 0 (or "0") for "none".
ID_FIELDS = frozenset(
    {"id", "tid", "clid", "pid", "did", "payer", "autor", "user", "olduser", "newuser", "coordinator", "iduser"}
    | {"clids", "pids", "dids"}
)
# The type a declared field must have, whatever the spec's wording: SalesMan's money and document dates.
FIELD_TYPES: dict[str, type] = {"summa": Decimal, "summaNew": Decimal, "datum": datetime}
# Keys SalesMan sends under another name than the spec's field.
RENAMED = {("task.add", "tid"): "id"}
IDENTITY, IDUSER1 = 1, 3  # the tenant and the acting user send.php fires as
SESSION_KEY = "ses"


def php_text(value: Any) -> str:
    """A PHP scalar as `http_build_query` writes it (and `$_REQUEST` reads it back): 10340.0 is "10340"."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def php_omits(value: Any) -> bool:
    """Whether `http_build_query` writes nothing of `value`: null, or an array of nothing but such values."""
    return value is None or (isinstance(value, (list, dict)) and all(php_omits(v) for _, v in _php_items(value)))


def _php_items(value: list[Any] | dict[str, Any]) -> list[tuple[str, Any]]:
    """A PHP array's (key, value) pairs: a JSON list is one keyed from 0, a JSON object one keyed otherwise."""
    return [(str(i), v) for i, v in enumerate(value)] if isinstance(value, list) else list(value.items())


def _members(model: BaseModel) -> dict[str, tuple[Any, bool]]:
    """A model's values by wire name, each with whether the spec declares it (else it is one of `model_extra`)."""
    members = {(field.alias or name): (getattr(model, name), True) for name, field in type(model).model_fields.items()}
    members.update((key, (value, False)) for key, value in (model.model_extra or {}).items())
    return members


def mismatches(sent: Any, got: Any, where: str, key: str, declared: bool) -> list[str]:
    """Where the received value `got` differs from what PHP `sent` under `key`, one line each."""
    if isinstance(sent, (list, dict)):
        return _array_mismatches(sent, got, where, key, declared)
    if isinstance(got, (BaseModel, list, dict)):
        return [f"{where}: sent {sent!r}, got {got!r}"]
    if key in ID_FIELDS and php_text(sent) == "0" and not isinstance(got, str):
        return [] if got is None else [f"{where}: 0 (none) sent, got {got!r}, expected None"]
    if declared and key in ID_FIELDS and isinstance(sent, int) and type(got) is not int:
        return [f"{where}: the id {sent!r} came as {got!r} ({type(got).__name__}), not an int"]
    wanted = FIELD_TYPES.get(key) if declared else None
    if wanted is not None and not isinstance(got, wanted):
        return [f"{where}: sent {sent!r}, got {got!r} ({type(got).__name__}), expected a {wanted.__name__}"]
    expected = _coerced(sent, got)
    if type(expected) is not type(got) or expected != got:
        return [f"{where}: sent {sent!r}, got {got!r} ({type(got).__name__}), expected {expected!r}"]
    if isinstance(got, datetime) and got.tzinfo is not None:
        return [f"{where}: {got!r} is not a naive (local) datetime"]
    return []


def _array_mismatches(sent: list[Any] | dict[str, Any], got: Any, where: str, key: str, declared: bool) -> list[str]:
    items = _php_items(sent)
    if isinstance(got, list):  # a typed list: PHP's keys (from 0, from 1, any) are gone, the order stays
        if len(got) != len(items):
            return [f"{where}: sent {len(items)} items, got {len(got)}: {got!r}"]
        pairs = enumerate(zip(items, got, strict=True))
        children = [(f"{where}[{i}]", key, v, g, declared) for i, ((_, v), g) in pairs]
    elif isinstance(got, (BaseModel, dict)):
        members = _members(got) if isinstance(got, BaseModel) else {k: (v, False) for k, v in got.items()}
        present = {k for k, (v, _) in members.items() if v is not None}
        if present - {k for k, _ in items} or {k for k, v in items if not php_omits(v)} - set(members):
            return [f"{where}: sent keys {[k for k, _ in items]}, got {sorted(present)}"]
        children = [(f"{where}.{k}", k, v, *members[k]) for k, v in items if k in members]
    else:
        return [f"{where}: sent {sent!r}, got {got!r}"]
    return [line for path, k, v, g, typed in children for line in mismatches(v, g, path, k, typed)]


def _coerced(sent: Any, got: Any) -> Any:
    """What `sent` must have become, judged by the type the model gave it (a str where the spec keeps text)."""
    text = php_text(sent)
    if isinstance(got, bool) or got is None or isinstance(got, str):
        return text
    if isinstance(got, int):  # IntEnum members too: compared by value and type
        return type(got)(int(text)) if text.lstrip("-").isdigit() else text
    if isinstance(got, Decimal):
        try:
            return Decimal(text)
        except InvalidOperation:
            return text
    if isinstance(got, datetime):
        return datetime.fromisoformat(text)
    if isinstance(got, date):
        return date.fromisoformat(text)
    return text


def model_mismatches(event: str, model: BaseModel, args: Mapping[str, Any]) -> list[str]:
    """Every difference between a typed `model` of `event` and the PHP `args` it was fired with."""
    members = _members(model)
    problems = [
        f"{key}: got {members.get(key, (None,))[0]!r}, expected {want!r}"
        for key, want in {"event": event, "identity": IDENTITY, "iduser1": IDUSER1}.items()
        if members.get(key, (None,))[0] != want
    ]
    for key, sent in args.items():
        name = RENAMED.get((event, key), key)
        got, declared = members.get(name, (None, False))
        if php_omits(sent):  # http_build_query leaves out null and empty arrays: nothing arrives
            if got not in (None, [], {}):
                problems.append(f"{key}: PHP sent nothing, got {got!r}")
        elif name not in members:
            problems.append(f"{key}: neither a field of {type(model).__name__} nor kept in model_extra")
        else:
            problems += mismatches(sent, got, name, name, declared)
    if SESSION_KEY in members:
        problems.append("ses reached the model")
    never_sent = {k for k, (v, declared) in members.items() if not declared} - set(args)
    problems += [f"{key}: in model_extra, never sent: {members[key][0]!r}" for key in sorted(never_sent)]
    return problems
