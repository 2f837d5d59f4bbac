"""Charts drawn on the server as SVG (the content security policy forbids inline script and
inline styles, so colours are SVG attributes). Every chart sits beside an accessible table with
the same figures; the SVG is marked as an image with a text alternative."""

from __future__ import annotations

from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# GOV.UK colours that keep contrast on white.
PALETTE = ["#1d70b8", "#00703c", "#d4351c", "#4c2c92", "#f47738", "#003078", "#505a5f"]
LABEL_WIDTH = 260
BAR_AREA = 360
ROW = 18
GAP = 10


def _bar_chart(title: str, groups: list[tuple[str, list[tuple[str, float | None]]]], maximum: float, series: list[str]) -> SafeString:
    """Horizontal grouped bars: one group per label, one bar per series (for example per cycle)."""
    height = sum(len(bars) * ROW + GAP for _label, bars in groups) + 30 + 20 * ((len(series) + 2) // 3)
    width = LABEL_WIDTH + BAR_AREA + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cylch-chart" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{escape(title)}" focusable="false">'
    ]
    y = 10
    colour = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(series)}
    for label, bars in groups:
        parts.append(
            f'<text x="0" y="{y + ROW * len(bars) / 2 + 5:.0f}" font-size="13" fill="#0b0c0c">{escape(label[:40])}</text>'
        )
        for name, value in bars:
            length = 0 if value is None else BAR_AREA * value / maximum
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{length:.1f}" height="{ROW - 4}" fill="{colour[name]}"></rect>'
            )
            text = _("not rated") if value is None else f"{value:g}"
            parts.append(f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{y + ROW - 5}" font-size="12" fill="#0b0c0c">{escape(text)}</text>')
            y += ROW
        y += GAP
    # Legend.
    y += 10
    for i, name in enumerate(series):
        x = (i % 3) * 220
        row_y = y + 20 * (i // 3)
        parts.append(f'<rect x="{x}" y="{row_y}" width="12" height="12" fill="{colour[name]}"></rect>')
        parts.append(f'<text x="{x + 16}" y="{row_y + 11}" font-size="12" fill="#0b0c0c">{escape(name)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def progress_chart(data: Any, *, by: str) -> SafeString:
    cycles = data.cycles[-4:]
    series = [str(c) for c in cycles]
    if by == "standard":
        groups = [
            (s.title, [(str(c), data.by_standard.get((c.pk, s.pk))) for c in cycles]) for s in data.standards
        ]
        title = _("Average rating per standard in each cycle, from 1 to 4")
    else:
        groups = [(a.name, [(str(c), data.by_agency.get((c.pk, a.pk))) for c in cycles]) for a in data.agencies]
        title = _("Average rating per agency in each cycle, from 1 to 4")
    return _bar_chart(title, groups, 4.0, series)


def national_chart(data: Any) -> SafeString:
    series = [s.title for s in data.standards]
    groups = [(row.partnership.name, [(s.title, row.averages.get(s.pk)) for s in data.standards]) for row in data.rows if row.averages]
    return _bar_chart(_("Average rating per standard in each partnership's latest signed-off cycle, from 1 to 4"), groups, 4.0, series)
