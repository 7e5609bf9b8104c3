"""The changelog page: made from the release copies kept next to the spec, each compared with the one before."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers import REPO, run_generator, tree_digest

DIFF_CASES = REPO / "tests" / "specs" / "diff"


def versioned(case: str, side: str, version: str) -> str:
    """One side of a diff case, with its info.version set."""
    text = (DIFF_CASES / case / f"{side}.yaml").read_text(encoding="utf-8")
    return re.sub(r"^  version: .*$", f"  version: {version}", text, count=1, flags=re.M)


def project(tmp_path: Path, releases: dict[str, str], spec: str) -> Path:
    """A spec folder with its releases/ copies; returns the spec's path."""
    (tmp_path / "spec" / "releases").mkdir(parents=True)
    for name, text in releases.items():
        (tmp_path / "spec" / "releases" / name).write_text(text, encoding="utf-8")
    path = tmp_path / "spec" / "api.yaml"
    path.write_text(spec, encoding="utf-8")
    return path


def sections(page: str) -> list[str]:
    return re.findall(r"^## (.+)$", page, re.M)


def test_every_release_is_compared_with_the_one_before_and_the_working_spec_with_the_newest(tmp_path: Path) -> None:
    spec = project(
        tmp_path,
        {
            "1.0.0.yaml": versioned("event-added", "old", "1.0.0"),
            "1.10.0.yaml": versioned("field-removed", "new", "1.10.0"),  # sorts after 1.9.0 as a version
            "1.9.0.yaml": versioned("event-added", "new", "1.9.0"),
        },
        versioned("field-removed", "new", "2.0.0-dev"),
    )
    out = tmp_path / "out"
    run = run_generator("generate", "--spec", spec, "--out", out)
    assert run.code == 0, run.stderr
    page = (out / "docs" / "pages" / "en" / "changelog.md").read_text(encoding="utf-8")
    assert sections(page) == ["Unreleased: 2.0.0-dev (changes since 1.10.0)", "1.10.0", "1.9.0", "1.0.0"]
    unreleased, v110, v19, v100 = re.split(r"^## .+$", page, flags=re.M)[1:]
    assert "No changes to events or payloads." in unreleased
    assert "### Breaking" in v110 and "field removed" in v110 and "event removed" in v110
    assert (
        "### Breaking" not in v19 and "| `deal.reopen` | the event | event added | event 'deal.reopen' added |" in v19
    )
    assert "First release: 2 events." in v100
    russian = (out / "docs" / "pages" / "ru" / "changelog.md").read_text(encoding="utf-8")
    assert "### Несовместимые" in russian and "поле удалено" in russian
    assert "| событие | событие добавлено | событие 'deal.reopen' добавлено |" in russian
    assert "added |" not in russian and "removed |" not in russian  # no English sentences on the Russian page


def test_changes_without_a_new_version_are_unreleased_since_the_last_release(tmp_path: Path) -> None:
    spec = project(
        tmp_path, {"1.0.0.yaml": versioned("event-added", "old", "1.0.0")}, versioned("event-added", "new", "1.0.0")
    )
    out = tmp_path / "out"
    assert run_generator("generate", "--spec", spec, "--out", out).code == 0
    page = (out / "docs" / "pages" / "en" / "changelog.md").read_text(encoding="utf-8")
    assert sections(page) == ["Unreleased (changes since 1.0.0; raise info.version to release them)", "1.0.0"]


def test_without_releases_the_working_spec_is_the_first_release(tmp_path: Path) -> None:
    spec = project(tmp_path, {}, versioned("event-added", "new", "0.1.0"))
    out = tmp_path / "out"
    assert run_generator("generate", "--spec", spec, "--out", out).code == 0
    page = (out / "docs" / "pages" / "en" / "changelog.md").read_text(encoding="utf-8")
    assert sections(page) == ["Unreleased: 0.1.0"]
    assert "First release: 3 events." in page


def test_a_release_added_later_regenerates_the_changelog(tmp_path: Path) -> None:
    spec = project(tmp_path, {}, versioned("event-added", "new", "1.1.0"))
    out = tmp_path / "out"
    assert run_generator("generate", "--spec", spec, "--out", out).code == 0
    (spec.parent / "releases" / "1.0.0.yaml").write_text(versioned("event-added", "old", "1.0.0"), encoding="utf-8")
    run = run_generator("generate", "--spec", spec, "--out", out)
    assert run.code == 0 and "up to date" not in run.stderr
    page = (out / "docs" / "pages" / "en" / "changelog.md").read_text(encoding="utf-8")
    assert sections(page) == ["Unreleased: 1.1.0 (changes since 1.0.0)", "1.0.0"]


def test_a_version_released_twice_is_one_precise_error_and_writes_nothing(tmp_path: Path) -> None:
    spec = project(
        tmp_path,
        {"a.yaml": versioned("event-added", "old", "1.0.0"), "b.yaml": versioned("event-added", "new", "1.0.0")},
        versioned("event-added", "new", "1.1.0"),
    )
    out = tmp_path / "out"
    out.mkdir()
    before = tree_digest(out)
    run = run_generator("generate", "--spec", spec, "--out", out)
    assert run.code == 2
    assert run.stderr.strip().splitlines() == [
        "releases/b.yaml:5:3: error: release 1.0.0 is kept twice (also in a.yaml) (at /info/version)"
    ]
    assert tree_digest(out) == before


def test_a_broken_release_copy_is_reported_at_its_own_line(tmp_path: Path) -> None:
    broken = versioned("event-added", "old", "1.0.0").replace("action: send", "action: sned")
    spec = project(tmp_path, {"1.0.0.yaml": broken}, versioned("event-added", "new", "1.1.0"))
    run = run_generator("generate", "--spec", spec, "--out", tmp_path / "out")
    assert run.code == 2
    assert "releases/1.0.0.yaml:" in run.stderr and "/operations/publishDealEvents/action" in run.stderr
    assert not (tmp_path / "out").exists()


def test_a_copy_of_the_working_spec_is_named_as_the_copy_in_errors(tmp_path: Path) -> None:
    """A copy that is the working spec's very text is not loaded twice, yet an error in it names the copy."""
    working = versioned("event-added", "new", "1.0.0")
    spec = project(tmp_path, {"a.yaml": versioned("event-added", "old", "1.0.0"), "b.yaml": working}, working)
    run = run_generator("generate", "--spec", spec, "--out", tmp_path / "out")
    assert run.code == 2
    assert run.stderr.strip().splitlines() == [
        "releases/b.yaml:5:3: error: release 1.0.0 is kept twice (also in a.yaml) (at /info/version)"
    ]
