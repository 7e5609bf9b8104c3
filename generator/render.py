"""IR -> the text of every output file (before formatting)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jinja2

from .build import Loaded
from .ir import LANGUAGES, Api
from .labels import LABELS
from .models import Models, generate_models

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
RUNTIME = HERE / "runtime"

# Template -> output path; `{pkg}` is the package name. Docs templates are rendered once per language.
PACKAGE_TEMPLATES = {
    "__init__.py.jinja": "{pkg}/__init__.py",
    "events.py.jinja": "{pkg}/events.py",
    "receiver.py.jinja": "{pkg}/receiver.py",
    "cli.py.jinja": "{pkg}/cli.py",
    "__main__.py.jinja": "{pkg}/__main__.py",
    "pyproject.toml.jinja": "{pkg}/pyproject.toml",
    "README.md.jinja": "{pkg}/README.md",
}
DOCS_INDEX = "docs/index.md.jinja"
DOCS_EVENT = "docs/event.md.jinja"


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["pystr"] = lambda text: json.dumps(str(text), ensure_ascii=False)
    env.filters["md"] = _markdown_cell
    env.filters["mdtext"] = _markdown_text
    return env


def _markdown_text(text: object) -> str:
    """Spec text as Markdown prose: no raw HTML gets through to the published page."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _markdown_cell(text: object) -> str:
    """Spec text safe inside a Markdown table cell."""
    return _markdown_text(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render(loaded: Loaded) -> tuple[dict[str, str], Models]:
    """Every output file, by path relative to the output directory."""
    models = generate_models(loaded)
    api = _with_model_kinds(loaded.api, models)
    env = environment()
    pkg = api.package
    files: dict[str, str] = {f"{pkg}/models.py": models.source, f"{pkg}/py.typed": ""}
    dependencies = [
        "pydantic[email]>=2.11,<3" if "EmailStr" in models.source else "pydantic>=2.11,<3",
        "httpx>=0.27,<1",
    ]
    for template, target in PACKAGE_TEMPLATES.items():
        files[target.format(pkg=pkg)] = env.get_template(template).render(api=api, dependencies=dependencies)
    for path in sorted(RUNTIME.glob("*.py")):
        files[f"{pkg}/_runtime/{path.name}"] = f"# {api.header}\n{path.read_text(encoding='utf-8')}"
    for lang in LANGUAGES:
        files[f"docs/{lang}/index.md"] = env.get_template(DOCS_INDEX).render(api=api, lang=lang, t=LABELS[lang])
        for event in api.events:
            page = env.get_template(DOCS_EVENT).render(api=api, event=event, lang=lang, t=LABELS[lang])
            files[f"docs/{lang}/events/{event.slug}.md"] = page
    return files, models


def _with_model_kinds(api: Api, models: Models) -> Api:
    events = tuple(dataclasses.replace(e, model_is_class=e.model in models.classes) for e in api.events)
    by_name = {e.name: e for e in events}
    groups = tuple(dataclasses.replace(g, events=tuple(by_name[e.name] for e in g.events)) for g in api.groups)
    return dataclasses.replace(api, events=events, groups=groups)
