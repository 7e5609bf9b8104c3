# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Charts drawn on the server as inline SVG: no script library, nothing fetched by the browser."""

from __future__ import annotations

import time
from collections.abc import Sequence
from html import escape
from typing import Final

__all__ = ["bars", "lines"]

WIDTH: Final = 720
HEIGHT: Final = 160
PAD: Final = 28  # room for the axis labels


def _clock(moment: float) -> str:
    return time.strftime("%H:%M", time.localtime(moment))


def _frame(title: str, peak: float, unit: str, starts: Sequence[int], body: str) -> str:
    first, last = (_clock(starts[0]), _clock(starts[-1])) if starts else ("", "")
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT + PAD}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{body}"
        f'<line x1="{PAD}" y1="{HEIGHT}" x2="{WIDTH}" y2="{HEIGHT}" class="axis"/>'
        f'<text x="{PAD}" y="{HEIGHT + 18}" class="label">{first}</text>'
        f'<text x="{WIDTH}" y="{HEIGHT + 18}" class="label" text-anchor="end">{last}</text>'
        f'<text x="0" y="12" class="label">{escape(_number(peak))}{escape(unit)}</text></svg>'
    )


def _number(value: float) -> str:
    return f"{value:g}" if value >= 1 or value == 0 else f"{value * 1000:.0f} m"


def bars(title: str, starts: Sequence[int], stacks: Sequence[tuple[str, Sequence[int]]]) -> str:
    """Stacked bars, one per interval: `stacks` are (css class, values) drawn bottom up."""
    count = max(len(starts), 1)
    peak = max([sum(values[i] for _, values in stacks) for i in range(len(starts))] or [0]) or 1
    slot = (WIDTH - PAD) / count
    shapes = []
    for i, start in enumerate(starts):
        base = float(HEIGHT)
        for css, values in stacks:
            height = values[i] / peak * (HEIGHT - 10)
            if height > 0:
                x = PAD + i * slot
                shapes.append(
                    f'<rect class="{css}" x="{x:.1f}" y="{base - height:.1f}" width="{max(slot - 1, 1):.1f}" '
                    f'height="{height:.1f}"><title>{_clock(start)}: {values[i]}</title></rect>'
                )
                base -= height
    return _frame(title, peak, "", starts, "".join(shapes))


def lines(title: str, starts: Sequence[int], series: Sequence[tuple[str, Sequence[float | None]]], unit: str) -> str:
    """Lines, one point per interval with a value (gaps where there is none): `series` are (css class, values)."""
    count = max(len(starts) - 1, 1)
    values = [v for _, vs in series for v in vs if v is not None]
    peak = max(values or [0.0]) or 1.0
    paths = []
    for css, points in series:
        d, pen, dots = [], "M", []
        for i, value in enumerate(points):
            if value is None:
                pen = "M"
                continue
            x = PAD + i * (WIDTH - PAD) / count
            y = HEIGHT - value / peak * (HEIGHT - 10)
            d.append(f"{pen}{x:.1f},{y:.1f}")
            label = f"<title>{_number(value)}{unit}</title>"
            dots.append(f'<circle class="{css}" cx="{x:.1f}" cy="{y:.1f}" r="2.5">{label}</circle>')
            pen = "L"
        if d:
            paths.append(f'<path class="{css}" d="{" ".join(d)}"/>{"".join(dots)}')
    return _frame(title, peak, unit, starts, "".join(paths))
