"""The generator's commands as users run them: determinism, check, untouched files, the unchanged-spec fast path."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator.naming import package_name
from generator.stamp import STAMP_NAME
from tests.helpers import GENERATED, REPO, SPEC, run_generator, tree_digest


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A fresh generation of our spec in a temporary directory."""
    target = tmp_path / "generated"
    run = run_generator("generate", "--spec", SPEC, "--out", target)
    assert run.code == 0, run.stderr
    return target


def contents(root: Path) -> dict[str, str]:
    return {path: digest.split(":")[0] for path, digest in tree_digest(root).items() if path != STAMP_NAME}


def test_fresh_generation_equals_the_committed_golden_record(out: Path) -> None:
    assert contents(out) == contents(GENERATED)


def test_every_generated_file_has_a_do_not_edit_header(out: Path) -> None:
    for path in out.rglob("*"):
        if path.is_file() and path.name not in ("py.typed", STAMP_NAME):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert "DO NOT EDIT" in first and "salesman-events.asyncapi.yaml (sha256 " in first, path


def test_regeneration_of_an_unchanged_spec_touches_nothing(out: Path) -> None:
    before = tree_digest(out)
    run = run_generator("generate", "--spec", SPEC, "--out", out)
    assert run.code == 0 and "up to date" in run.stderr
    assert tree_digest(out) == before


def test_a_hand_edited_file_is_restored_and_only_it_is_rewritten(out: Path) -> None:
    models = out / "salesman_events" / "models.py"
    pristine = models.read_bytes()
    models.write_bytes(pristine + b"# hand edit\n")
    before = tree_digest(out)

    run = run_generator("generate", "--spec", SPEC, "--out", out)

    assert run.code == 0 and "1 written" in run.stderr
    assert models.read_bytes() == pristine
    after = tree_digest(out)
    changed = {path for path in after if after[path] != before.get(path)}
    assert changed == {"salesman_events/models.py", STAMP_NAME}


def test_check_names_stale_and_extra_files_without_writing(out: Path) -> None:
    (out / "docs" / "pages" / "en" / "index.md").write_text("stale\n", encoding="utf-8")
    (out / "salesman_events" / "leftover.py").write_text("", encoding="utf-8")
    before = tree_digest(out)

    run = run_generator("check", "--spec", SPEC, "--out", out)

    assert run.code == 1
    assert "docs/pages/en/index.md: stale or missing" in run.stderr
    assert "salesman_events/leftover.py: not produced by the spec" in run.stderr
    assert tree_digest(out) == before


def test_generate_removes_files_the_spec_no_longer_produces(out: Path) -> None:
    (out / "docs" / "pages" / "en" / "events" / "old-event.md").write_text("gone\n", encoding="utf-8")
    assert run_generator("generate", "--spec", SPEC, "--out", out).code == 0
    assert not (out / "docs" / "pages" / "en" / "events" / "old-event.md").exists()


def test_check_passes_on_a_fresh_generation(out: Path) -> None:
    run = run_generator("check", "--spec", SPEC, "--out", out)
    assert run.code == 0, run.stderr


def test_other_spec_gets_its_own_package_name(tmp_path: Path) -> None:
    spec = REPO / "tests/specs/valid/orders.yaml"
    run = run_generator("generate", "--spec", spec, "--out", tmp_path)
    assert run.code == 0, run.stderr
    assert (tmp_path / "order_service" / "__init__.py").is_file()
    assert (tmp_path / "order_service" / "pyproject.toml").is_file()
    assert (tmp_path / "docs" / "pages" / "ru" / "index.md").is_file()


@pytest.mark.parametrize(
    ("title", "package"),
    [
        ("IoT Sensor Telemetry", "iot_sensor_telemetry"),  # a word's inner capitals stay together
        ("SalesMan CRM events", "salesman_crm_events"),
        ('Support Tickets "Quoted" API', "support_tickets_quoted_api"),
        ("Événements", "evenements"),
        ("2024 feed", "api_2024_feed"),
        ("class", "class_"),
        ("…", "api"),
    ],
)
def test_package_name_from_the_title(title: str, package: str) -> None:
    assert package_name(title) == package


def test_x_python_package_overrides_the_name(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    text = (REPO / "tests/specs/valid/chat.yaml").read_text(encoding="utf-8")
    spec.write_text(text.replace("info:\n", "info:\n  x-python-package: my_chat\n", 1), encoding="utf-8")
    shutil.copytree(REPO / "tests/specs/valid/shared", tmp_path / "shared")
    run = run_generator("generate", "--spec", spec, "--out", tmp_path / "out")
    assert run.code == 0, run.stderr
    assert (tmp_path / "out" / "my_chat" / "models.py").is_file()


def test_validate_accepts_our_spec() -> None:
    run = run_generator("validate")
    assert run.code == 0 and "valid (36 events)" in run.stderr


def test_the_sdk_builds_into_a_wheel_on_its_own(tmp_path: Path) -> None:
    source = tmp_path / "salesman_events"
    shutil.copytree(GENERATED / "salesman_events", source, ignore=shutil.ignore_patterns("__pycache__"))
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", tmp_path, source],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("salesman_events-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    runtime = {f"salesman_events/{p.relative_to(source).as_posix()}" for p in (source / "_runtime").rglob("*.py")}
    assert "salesman_events/_runtime/events/payload.py" in runtime  # every folder of the runtime, not only its top
    assert {"salesman_events/__init__.py", "salesman_events/py.typed", *runtime} <= names
    assert not any(name.endswith("pyproject.toml") for name in names)
    metadata = next(n for n in names if n.endswith("METADATA"))
    requires = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "Requires-Dist: pydantic" in requires and "Requires-Dist: httpx" in requires
