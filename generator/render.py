"""IR -> the text of every output file (before formatting)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jinja2

from .build import Loaded
from .changelog import Release
from .docs import render_docs
from .ir import Api, Param
from .models import Models, generate_models
from .naming import names_in

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
RUNTIME = HERE / "runtime"

# Template -> output path; `{pkg}` is the package name. The docs site is rendered by docs.py.
PACKAGE_TEMPLATES = {
    "__init__.py.jinja": "{pkg}/__init__.py",
    "events.py.jinja": "{pkg}/events.py",
    "handlers.py.jinja": "{pkg}/handlers.py",
    "receiver.py.jinja": "{pkg}/receiver.py",
    "emitter.py.jinja": "{pkg}/emitter.py",
    "cli.py.jinja": "{pkg}/cli.py",
    "__main__.py.jinja": "{pkg}/__main__.py",
    "pyproject.toml.jinja": "{pkg}/pyproject.toml",
    "README.md.jinja": "{pkg}/README.md",
}


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
    env.filters["yamlstr"] = lambda text: json.dumps(str(text), ensure_ascii=False)
    return env


def _markdown_text(text: object) -> str:
    """Spec text as Markdown prose: no raw HTML gets through to the published page."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _markdown_cell(text: object) -> str:
    """Spec text safe inside a Markdown table cell."""
    return _markdown_text(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render(loaded: Loaded, releases: tuple[Release, ...] = ()) -> tuple[dict[str, str], Models]:
    """Every output file, by path relative to the output directory."""
    models = generate_models(loaded)
    api = _with_model_kinds(loaded.api, models)
    env = environment()
    pkg = api.package
    files: dict[str, str] = {f"{pkg}/models.py": models.source, f"{pkg}/py.typed": ""}
    dependencies = [
        "pydantic[email]>=2.11,<3" if "EmailStr" in models.source else "pydantic>=2.11,<3",
        "httpx>=0.27,<1",
        "httpx-aiohttp>=0.2",
    ]
    for template, target in PACKAGE_TEMPLATES.items():
        files[target.format(pkg=pkg)] = env.get_template(template).render(
            api=api,
            dependencies=dependencies,
            extras=EXTRAS,
            connection_keyword=connection_keywords(api),
            signature_imports=signature_imports(api, models),
            runtime_packages=runtime_packages(pkg),
            runtime_data=RUNTIME_DATA,
        )
    for path in runtime_modules():
        source = f"# {api.header}\n{path.read_text(encoding='utf-8')}"
        files[f"{pkg}/_runtime/{path.relative_to(RUNTIME).as_posix()}"] = source
    for path in runtime_data_files():
        files[f"{pkg}/_runtime/{path.relative_to(RUNTIME).as_posix()}"] = _marked(path, api.header)
    files.update(render_docs(env, api, models, releases))
    return files, models


# Runtime files that are not Python, shipped as package data: the drop-in webhooks.php for SalesMan, the console's
# templates, style sheet and script.
RUNTIME_DATA = ("*.php", "templates/*.html", "static/*.css", "static/*.js")


def runtime_data_files() -> list[Path]:
    return sorted({p for pattern in RUNTIME_DATA for p in RUNTIME.rglob(pattern) if "__pycache__" not in p.parts})


def _marked(path: Path, header: str) -> str:
    """A data file with the generated-code header in its own kind of comment (PHP: on its first line, after `<?php`;
    a Jinja template: a comment that never reaches a page)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".php":
        opening, _, rest = text.partition("\n")
        return f"{opening} // {header}\n{rest}"
    comment = {".html": "{{# {} #}}", ".css": "/* {} */", ".js": "// {}"}[path.suffix]
    return comment.format(header) + "\n" + text


# The SDK's optional dependencies: `pip install salesman-events[postgres]` for the PostgreSQL outbox, …
EXTRAS = {
    "server": ["uvicorn>=0.30"],
    "redis": ["redis>=5"],
    "postgres": ["psycopg[binary]>=3.2,<4"],
    "mysql": ["pymysql>=1.1,<2"],  # SalesMan's database, read by `import-subscriptions`
    "console": ["jinja2>=3.1,<4", "uvicorn>=0.30", "prometheus-client>=0.20"],  # `salesman-events console`
    "metrics": ["prometheus-client>=0.20"],  # `--metrics` of the worker, the receiver and the relay
    "tracing": ["opentelemetry-api>=1.20", "opentelemetry-sdk>=1.20"],  # one trace from emit to the handler
}


def connection_keywords(api: Api) -> dict[str, str]:
    """Each typed emit method's keyword for the application's database connection: `connection`, unless the
    event has a field of that name (then `connection_`, with as many underscores as it takes)."""
    keywords = {}
    for event in api.events:
        fields, keyword = {p.name for p in event.params}, "connection"
        while keyword in fields:
            keyword += "_"
        keywords[event.name] = keyword
    return keywords


def runtime_modules() -> list[Path]:
    """The hand-written runtime's modules, copied into the package's `_runtime` unchanged but for the header."""
    return sorted(p for p in RUNTIME.rglob("*.py") if "__pycache__" not in p.parts)


def runtime_packages(pkg: str) -> list[str]:
    """The dotted names of `_runtime` and each of its subpackages, for the package's build configuration."""
    folders = sorted({p.parent.relative_to(RUNTIME) for p in runtime_modules() if p.name == "__init__.py"})
    return [".".join((pkg, "_runtime", *folder.parts)) for folder in folders]


# Where names that models.py imports (and so typed signatures may use) come from.
_IMPORTED_TYPES = {
    "date": "datetime",
    "datetime": "datetime",
    "time": "datetime",
    "timedelta": "datetime",
    "Decimal": "decimal",
    "UUID": "uuid",
    "Any": "typing",
    "Literal": "typing",
    "AnyUrl": "pydantic",
    "EmailStr": "pydantic",
    "AwareDatetime": "pydantic",
    "NaiveDatetime": "pydantic",
    "Json": "pydantic",
}
_BUILTINS = frozenset({"None", "list", "dict", "set", "tuple", "str", "int", "float", "bool", "bytes"})


def signature_imports(api: Api, models: Models) -> list[tuple[str, list[str]]]:
    """(module, names) to import for every name the typed emit signatures use."""
    used = {w for e in api.events for p in e.params for w in names_in(p.annotation)}
    by_module: dict[str, set[str]] = {}
    for name in sorted(used - _BUILTINS):
        module = ".models" if name in models.defined else _IMPORTED_TYPES.get(name)
        if module is None:
            raise SystemExit(f"internal error: don't know where {name!r} in a model signature comes from")
        by_module.setdefault(module, set()).add(name)
    return [(module, sorted(names)) for module, names in sorted(by_module.items())]


def _with_model_kinds(api: Api, models: Models) -> Api:
    events = tuple(
        dataclasses.replace(
            e,
            model_is_class=e.model in models.classes,
            params=tuple(Param(f.name, f.annotation, f.required) for f in models.fields.get(e.model, ())),
        )
        for e in api.events
    )
    by_name = {e.name: e for e in events}
    groups = tuple(dataclasses.replace(g, events=tuple(by_name[e.name] for e in g.events)) for g in api.groups)
    schemas = tuple(dataclasses.replace(s, used_by=tuple(by_name[e.name] for e in s.used_by)) for s in api.schemas)
    return dataclasses.replace(api, events=events, groups=groups, schemas=schemas)
