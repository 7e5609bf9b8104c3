"""The generator's commands as users run them: determinism, check, untouched files, the unchanged-spec fast path."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from generator.naming import package_name
from generator.output import existing_files
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
    """The sha256 of every file the generator owns below `root` (not a build's leftovers, not its stamp)."""
    return {rel: hashlib.sha256((root / rel).read_bytes()).hexdigest() for rel in existing_files(root, ROOTS)}


ROOTS = ("salesman_events", "docs")


def test_fresh_generation_equals_the_committed_golden_record(out: Path) -> None:
    assert contents(out) == contents(GENERATED)


HEADER = "DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator"


def test_every_generated_file_has_a_do_not_edit_header(out: Path) -> None:
    for path in out.rglob("*"):
        if path.is_file() and path.name not in ("py.typed", STAMP_NAME):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert HEADER in first and "sha256" not in first, path


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
    events = len(yaml.safe_load(SPEC.read_text(encoding="utf-8"))["components"]["messages"])
    run = run_generator("validate")
    assert run.code == 0 and f"valid ({events} events)" in run.stderr


def test_installing_the_sdk_from_its_folder_leaves_the_golden_record_intact(tmp_path: Path) -> None:
    """`pip install ./generated/salesman_events` builds in place (setuptools' build/ and egg-info): the golden
    record and `check` compare only what the generator owns."""
    copy = tmp_path / "generated"
    shutil.copytree(GENERATED, copy, ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info"))
    install = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation"]
    done = subprocess.run([*install, "--target", tmp_path / "site", copy / "salesman_events"], capture_output=True)
    assert done.returncode == 0, done.stderr
    leftovers = {p.name for p in (copy / "salesman_events").iterdir()} - {
        p.name for p in (GENERATED / "salesman_events").iterdir()
    }
    assert leftovers, "the install left nothing behind: this test no longer shows what it means to"
    assert contents(copy) == contents(GENERATED)
    assert run_generator("check", "--spec", SPEC, "--out", copy).code == 0


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


def test_generated_files_get_an_ordinary_files_mode_and_keep_their_own(out: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    modes = {stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*") if p.is_file() and p.name != STAMP_NAME}
    assert modes == {0o666 & ~umask}
    models = out / "salesman_events" / "models.py"
    models.chmod(0o640)
    models.write_text("# edited by hand\n", encoding="utf-8")
    assert run_generator("generate", "--spec", SPEC, "--out", out).code == 0
    assert stat.S_IMODE(models.stat().st_mode) == 0o640 and "edited by hand" not in models.read_text("utf-8")


def test_a_spec_edit_rewrites_only_the_files_whose_content_it_changes(tmp_path: Path) -> None:
    spec = tmp_path / "spec" / SPEC.name
    spec.parent.mkdir()
    text = SPEC.read_text(encoding="utf-8")
    spec.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert run_generator("generate", "--spec", spec, "--out", out).code == 0
    before = contents(out)
    old = "description: Fires when a deal is closed as won or lost, with the actual amount."
    assert text.count(old) == 1
    spec.write_text(text.replace(old, old[:-1] + " (edited)."), encoding="utf-8")
    assert run_generator("generate", "--spec", spec, "--out", out).code == 0
    after = contents(out)
    changed = sorted(path for path in after if after[path] != before.get(path))
    assert "salesman_events/__init__.py" in changed  # __spec_sha256__, the one place that names the spec's hash
    assert "docs/pages/en/events/deal-close.md" in changed
    assert len(changed) <= 4, changed
