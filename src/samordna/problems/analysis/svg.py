"""The problem analysis triangle and the fishbone as server-side SVG.

Drawn by hand (plain lines and text, no matplotlib: the content is words, not numbers).
The drawing shows short excerpts; the full texts stand beside it as lists, which is
what screen readers read (the SVG has a `<title>` and `role="img"`). Every text from
the database passes `escape()` here, so `as_safe` is the one place where the drawings
are trusted as markup — the same rule as situation.chart_svg.safe_svgs.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

INK = "#1b1f24"
MUTED = "#4a5560"
# Okabe–Ito: told apart by colour-blind readers too, and every part is also labelled.
COLOURS = {"offender": "#0072b2", "target": "#d55e00", "place": "#009e73", "victim": "#d55e00"}


def _lines(text: str, width: int, max_lines: int) -> list[str]:
    lines = textwrap.wrap(" ".join(text.split()), width) or []
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(width - 1, 1)].rstrip() + "…"
    return lines


def _text(
    x: float, y: float, lines: Sequence[str], *, anchor: str = "start", bold: bool = False
) -> str:
    weight = ' font-weight="bold"' if bold else ""
    spans = "".join(
        f'<tspan x="{x:.0f}" dy="{0 if n == 0 else 15}">{escape(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    return (
        f'<text x="{x:.0f}" y="{y:.0f}" text-anchor="{anchor}" fill="{INK}"{weight}>{spans}</text>'
    )


def _svg(key: str, title: str, width: int, height: int, body: list[str]) -> str:
    title_id = f"figur-{key}-titel"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{title_id}" '
        f'class="diagram diagram--{key}" viewBox="0 0 {width} {height}" '
        f'font-family="DejaVu Sans, sans-serif" font-size="12">'
        f'<title id="{title_id}">{escape(title)}</title>' + "".join(body) + "</svg>"
    )


def triangle_svg(corners: list[dict[str, Any]]) -> str:
    """The inner triangle (offender, target, place) inside its controllers' triangle.

    As in the POP literature each side is one element: the left side the offender (with
    the handler outside it), the right the target (guardian), the base the place (manager).
    """
    outer = {"top": (320.0, 20.0), "left": (170.0, 310.0), "right": (470.0, 310.0)}
    inner = {"top": (320.0, 100.0), "left": (225.0, 275.0), "right": (415.0, 275.0)}
    sides = {"offender": ("top", "left"), "target": ("top", "right"), "place": ("left", "right")}
    body = []
    for key, (a, b) in sides.items():
        body.append(_line(outer[a], outer[b], COLOURS[key], 2, dashed=True))
        body.append(_line(inner[a], inner[b], COLOURS[key], 4))
    # The side names, along their sides: the element inside, its controller outside.
    body += [
        _side_label(262, 192, -61, _("gärningsperson")),
        _side_label(378, 192, 61, _("mål/offer")),
        _side_label(320, 266, 0, _("plats")),
        _side_label(232, 160, -63, _("påverkare")),
        _side_label(408, 160, 63, _("väktare")),
        _side_label(320, 328, 0, _("förvaltare")),
    ]
    # Where each corner's block of text stands: left, right and under the triangle.
    blocks = {
        "offender": (8, 90, "start"),
        "target": (632, 90, "end"),
        "place": (320, 355, "middle"),
    }
    for corner in corners:
        x, y, anchor = blocks[corner["key"]]
        wide = 64 if corner["key"] == "place" else 22
        lines = _lines(corner["text"] or "–", wide, 4 if wide < 30 else 2)
        controller = _lines(corner["controller"] or "–", wide, 3 if wide < 30 else 2)
        body.append(_text(x, y, [str(corner["label"])], anchor=anchor, bold=True))
        body.append(_text(x, y + 16, lines, anchor=anchor))
        dy = y + 16 + 15 * len(lines) + 8
        body.append(_text(x, dy, [_controller_name(corner["key"])], anchor=anchor, bold=True))
        body.append(_text(x, dy + 16, controller, anchor=anchor))
    title = _("Problemanalystriangeln: gärningsperson, mål och plats med sina kontrollanter")
    return _svg("triangel", title, 640, 465, body)


def _line(
    a: tuple[float, float],
    b: tuple[float, float],
    colour: str,
    width: float,
    *,
    dashed: bool = False,
) -> str:
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    return (
        f'<line x1="{a[0]:.0f}" y1="{a[1]:.0f}" x2="{b[0]:.0f}" y2="{b[1]:.0f}" '
        f'stroke="{colour}" stroke-width="{width}"{dash}/>'
    )


def _side_label(x: float, y: float, angle: float, text: str) -> str:
    return (
        f'<text x="{x}" y="{y}" text-anchor="middle" fill="{MUTED}" font-size="11" '
        f'transform="rotate({angle} {x} {y})">{escape(text)}</text>'
    )


def _controller_name(key: str) -> str:
    return {"offender": _("Påverkare"), "target": _("Väktare"), "place": _("Förvaltare")}[key]


def fishbone_svg(head: str, bones: list[dict[str, Any]]) -> str:
    """The spine to the problem (the head), a bone per group with its causes on it."""
    width, height, spine = 640, 420, 210
    body = [
        f'<line x1="10" y1="{spine}" x2="500" y2="{spine}" stroke="{INK}" stroke-width="3"/>',
        f'<rect x="500" y="{spine - 45}" width="136" height="90" rx="6" fill="#f3f5f7" '
        f'stroke="{INK}"/>',
        _text(568, spine - 20, _lines(head, 18, 4), anchor="middle", bold=True),
    ]
    for n, bone in enumerate(bones):
        up = n != 1  # victim and place above the spine, offender below
        root_x = 125 + n * 125
        tip_x, tip_y = root_x - 110, (spine - 180) if up else (spine + 180)
        colour = COLOURS.get(bone["key"], INK)
        body.append(
            f'<line x1="{root_x}" y1="{spine}" x2="{tip_x}" y2="{tip_y}" '
            f'stroke="{colour}" stroke-width="2.5"/>'
        )
        label_y = tip_y - 8 if up else tip_y + 18
        # Kept clear of the left edge, where the first bone ends.
        label_x = max(tip_x, 50)
        body.append(_text(label_x, label_y, [str(bone["label"])], anchor="middle", bold=True))
        items = list(bone["items"])[:6]
        for m, item in enumerate(items):
            t = (m + 1) / (len(items) + 1)
            x, y = tip_x + (root_x - tip_x) * t, tip_y + (spine - tip_y) * t
            body.append(
                f'<line x1="{x - 8:.0f}" y1="{y:.0f}" x2="{x:.0f}" y2="{y:.0f}" stroke="{colour}"/>'
            )
            body.append(_text(x + 4, y + 4, _lines(item, 20, 1)))
        if len(bone["items"]) > 6:
            more = _("och %(n)d till") % {"n": len(bone["items"]) - 6}
            body.append(_text(root_x - 20, spine + (14 if up else -6), [more], anchor="end"))
    title = _("Fiskbensdiagram: orsaker hos offer, gärningsperson och objekt eller plats")
    return _svg("fiskben", title, width, height, body)


def drawings(title: str, reading: Any) -> dict[str, SafeString | None]:
    """The triangle and the fishbone of an analysis.selectors.Reading, for a template
    (None where the tool is empty)."""
    return {
        "triangle_svg": as_safe(triangle_svg(reading.triangle)) if reading.triangle else None,
        "fishbone_svg": as_safe(fishbone_svg(title, reading.fishbone))
        if reading.fishbone
        else None,
    }


def as_safe(svg: str) -> SafeString:
    """A drawing of this module, marked safe for a template (every text in it escaped)."""
    return mark_safe(svg)  # noqa: S308  # nosec B308 B703
