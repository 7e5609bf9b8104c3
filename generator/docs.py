"""IR -> the reference site: mkdocs.yml and, per language, the index, a page per event, the shared types and the
changelog. Language-independent parts (snippets, wire forms, links) are worked out here once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jinja2

from .changelog import Release
from .ir import LANGUAGES, Api, Event
from .labels import CHANGE_KINDS, LABELS
from .models import Models
from .naming import NAME
from .snippets import Snippets, WireForms, wire_forms

DOCS_ROOT = "docs"
PAGES = f"{DOCS_ROOT}/pages"  # mkdocs' docs_dir: one folder per language
TEMPLATES = {
    "index.md": "docs/index.md.jinja",
    "connect.md": "docs/connect.md.jinja",
    "schemas.md": "docs/schemas.md.jinja",
    "changelog.md": "docs/changelog.md.jinja",
}
EVENT_TEMPLATE = "docs/event.md.jinja"
MKDOCS_TEMPLATE = "docs/mkdocs.yml.jinja"


@dataclass(frozen=True)
class EventCode:
    """What an event page shows beyond the IR: Python snippets and each example as sent on the wire."""

    emit: str
    handler: str
    wires: tuple[WireForms | None, ...]  # one per example; None for a payload that is not an object


def render_docs(env: jinja2.Environment, api: Api, models: Models, releases: tuple[Release, ...]) -> dict[str, str]:
    """Every file of the docs site, by path below the output directory."""
    env = env.overlay()
    names = {s.name for s in api.schemas}
    env.filters["typelinks"] = lambda label, prefix: _link_types(label, names, prefix)
    snippets = Snippets(api, models)
    code = {e.name: _event_code(snippets, e) for e in api.events}
    files = {f"{DOCS_ROOT}/mkdocs.yml": env.get_template(MKDOCS_TEMPLATE).render(api=api, labels=LABELS)}
    event_page = env.get_template(EVENT_TEMPLATE)
    for lang in LANGUAGES:
        context: dict[str, Any] = {
            "api": api,
            "lang": lang,
            "t": LABELS[lang],
            "kinds": CHANGE_KINDS[lang],
            "releases": releases,
        }
        for page, template in TEMPLATES.items():
            files[f"{PAGES}/{lang}/{page}"] = env.get_template(template).render(context)
        for event in api.events:
            page = event_page.render(context, event=event, code=code[event.name])
            files[f"{PAGES}/{lang}/events/{event.slug}.md"] = page
    return files


def _event_code(snippets: Snippets, event: Event) -> EventCode:
    payloads = [example.payload for example in event.examples]
    return EventCode(
        emit=snippets.emit(event),
        handler=snippets.handler(event),
        wires=tuple(wire_forms(event, p) if isinstance(p, dict) else None for p in payloads),
    )


def _link_types(label: str, names: set[str], prefix: str) -> str:
    """A type label with every shared type's name linked to its entry on the schemas page."""
    return NAME.sub(lambda m: f"[{m[0]}]({prefix}schemas.md#{m[0]})" if m[0] in names else m[0], label)
