"""The generator on AsyncAPI documents other than ours: every one gives an importable, mypy-clean package."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, ValidationError

from generator.build import load
from tests.helpers import REPO, VALID_SPECS, build_site, python_blocks, run_generator, run_mypy, tree_digest


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every valid test document generated into its own directory: spec name -> output dir."""
    outs = {}
    for spec in VALID_SPECS:
        out = tmp_path_factory.mktemp(spec.stem)
        run = run_generator("generate", "--spec", spec, "--out", out)
        assert run.code == 0, run.stderr
        outs[spec.stem] = out
    return outs


@pytest.fixture(scope="session")
def packages(generated: dict[str, Path]) -> Iterator[dict[str, ModuleType]]:
    modules = {}
    for stem, out in generated.items():
        package = load(REPO / "tests/specs/valid" / f"{stem}.yaml").api.package
        sys.path.insert(0, str(out))
        modules[stem] = importlib.import_module(package)
    yield modules
    for out in generated.values():
        sys.path.remove(str(out))


def test_at_least_ten_documents_cover_both_versions() -> None:
    versions = {yaml.safe_load(p.read_text(encoding="utf-8"))["asyncapi"] for p in VALID_SPECS}
    assert len(VALID_SPECS) >= 10 and {"3.0.0", "3.1.0"} <= versions


def test_every_package_and_its_docs_snippets_pass_mypy_strict(generated: dict[str, Path], tmp_path: Path) -> None:
    snippets = 0
    for stem, out in generated.items():
        package = load(REPO / "tests/specs/valid" / f"{stem}.yaml").api.package
        folder = tmp_path / f"snippets-{stem}"
        folder.mkdir()
        for page in sorted((out / "docs" / "pages" / "en" / "events").glob("*.md")):
            for i, code in enumerate(python_blocks(page.read_text(encoding="utf-8"))):
                (folder / f"{page.stem.replace('-', '_')}_{i}.py").write_text(code, encoding="utf-8")
                snippets += 1
        done = run_mypy(package, tmp_path, cwd=out)
        assert done.returncode == 0, f"{stem}: {done.stdout}"
        done = run_mypy(folder, tmp_path, cwd=out)
        assert done.returncode == 0, f"{stem} docs snippets: {done.stdout}"
    assert snippets >= 20


def test_every_docs_site_builds_in_strict_mode(generated: dict[str, Path], tmp_path: Path) -> None:
    for stem, out in generated.items():
        result = build_site(tmp_path / stem, out / "docs" / "mkdocs.yml")
        assert result.returncode == 0, f"{stem}: {result.stderr}"


def test_every_message_is_registered_and_documented(
    generated: dict[str, Path], packages: dict[str, ModuleType]
) -> None:
    for stem, module in packages.items():
        api = load(REPO / "tests/specs/valid" / f"{stem}.yaml").api
        assert [str(name) for name in module.EVENTS] == [e.name for e in api.events]
        for event in api.events:
            for lang in ("en", "ru"):
                page = generated[stem] / "docs" / "pages" / lang / "events" / f"{event.slug}.md"
                assert f"`{event.name}`" in page.read_text(encoding="utf-8")


def test_every_example_parses_with_its_generated_model(packages: dict[str, ModuleType]) -> None:
    checked = 0
    for stem, module in packages.items():
        for event in load(REPO / "tests/specs/valid" / f"{stem}.yaml").api.events:
            for example in event.examples:
                module.parse_event(event.name, json.loads(example.payload_json))
                checked += 1
    assert checked >= 10


def model(packages: dict[str, ModuleType], stem: str, name: str) -> Any:
    return getattr(packages[stem].models, name)


def test_python_keywords_and_odd_names_become_aliases(packages: dict[str, ModuleType]) -> None:
    events = packages["awkward-names"].EVENTS
    info = next(iter(events.values()))
    fields = info.payload_type.model_fields
    aliases = {f.alias or name for name, f in fields.items()}
    assert {"class", "from", "import", "with-dash", "1st"} <= aliases
    assert all(name.isidentifier() for name in fields)


def test_closed_object_rejects_unknown_keys_and_open_ones_keep_them(packages: dict[str, ModuleType]) -> None:
    closed = [
        m
        for m in vars(packages["payments"].models).values()
        if isinstance(m, type) and issubclass(m, BaseModel) and m.model_config.get("extra") == "forbid"
    ]
    assert closed, "additionalProperties: false must give extra='forbid'"


def test_message_without_payload_is_a_model_with_no_fields(packages: dict[str, ModuleType]) -> None:
    module = packages["user-accounts"]
    empty = [info for info in module.EVENTS.values() if not info.payload_type.model_fields]
    assert empty
    parsed = empty[0].parse({"anything": "kept"})
    assert parsed.model_extra == {"anything": "kept"}


def test_message_and_schema_may_share_a_name(packages: dict[str, ModuleType]) -> None:
    module = packages["orders"]
    payload = module.EVENTS[module.EventName("OrderPlaced")].payload_type
    assert payload.__name__ == "OrderPlacedPayload"
    assert module.models.OrderPlaced is not payload
    assert set(payload.model_fields) != set(module.models.OrderPlaced.model_fields)


def test_recursive_schema_validates_nested_data(packages: dict[str, ModuleType]) -> None:
    node = model(packages, "recursive-tree", "CategoryNode")
    tree = node.model_validate({"id": 1, "name": "root", "children": [{"id": "2", "name": "leaf", "children": []}]})
    assert tree.children[0].name == "leaf"
    with pytest.raises(ValidationError):
        node.model_validate({"id": 1, "name": "root", "children": [{"id": 2, "name": "x", "children": "nope"}]})


def test_output_is_byte_identical_across_runs(generated: dict[str, Path], tmp_path: Path) -> None:
    spec = REPO / "tests/specs/valid/escaping.yaml"
    again = tmp_path / "again"
    assert run_generator("generate", "--spec", spec, "--out", again).code == 0
    first = {k: v.split(":")[0] for k, v in tree_digest(generated["escaping"]).items()}
    second = {k: v.split(":")[0] for k, v in tree_digest(again).items()}
    assert first == second


def test_php_wire_shapes_are_undone_before_validation(packages: dict[str, ModuleType]) -> None:
    """`x-means-none` (0 for "none"), `x-aliases` and `date-time-local`, from any of the three wire forms."""
    moved = packages["wire-shapes"].EVENTS["ticket.moved"]
    typed = moved.parse(
        {
            "id": "7",
            "queue": "3",
            "agent": "0",
            "at": "2026-12-02 23:22:08",
            "watchers": {"1": {"agent": "0"}, "2": {"agent": 4}},
        }
    )
    assert (typed.id, typed.queue, typed.agent) == (7, 3, None)
    assert typed.at == datetime(2026, 12, 2, 23, 22, 8) and typed.at.tzinfo is None
    assert [w.agent for w in typed.watchers] == [None, 4]
    assert typed.model_dump() == {
        "id": 7,
        "queue": 3,
        "at": datetime(2026, 12, 2, 23, 22, 8),
        "watchers": [{}, {"agent": 4}],
    }
    old = moved.parse({"ticket": 8, "queue": 0, "agent": 5, "at": "2026-12-02"})
    assert (old.id, old.queue, old.agent, old.at) == (8, None, 5, datetime(2026, 12, 2))
    assert "ticket" not in (old.model_extra or {})
    both = moved.parse({"id": 9, "ticket": 10})
    assert both.id == 9 and both.model_extra == {"ticket": 10}  # the field's own key wins; the other is kept
    with pytest.raises(ValidationError):
        moved.parse({"agent": -1})  # only the none value is dropped: the id's own constraint still holds
    with pytest.raises(ValidationError):
        moved.parse({"at": "2026-12-02T23:22:08+03:00"})  # a local datetime has no zone
