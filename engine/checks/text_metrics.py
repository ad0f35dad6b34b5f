"""How bpmn-js sets text, estimated without a browser.

bpmn-js draws names in "Arial, sans-serif": 12px inside tasks (padding 7), 11px for external labels
(events, gateways, flows), line height 1.2, and breaks lines at spaces; a word wider than the box is cut
mid-word. Chromium on Linux maps Arial to Liberation Sans, which has Arial's metrics, so the Arial
advance widths below (1/1000 em) predict the browser. SAFETY makes every estimate err on the wide side.
"""

from __future__ import annotations

import math

TASK_FONT = 12
LABEL_FONT = 11
LINE_HEIGHT = 1.2
TASK_PADDING = 7
SAFETY = 1.08

_WIDTHS: dict[str, int] = {" ": 278, "!": 278, '"': 355, "#": 556, "$": 556, "%": 889, "&": 667, "'": 191,
                           "(": 333, ")": 333, "*": 389, "+": 584, ",": 278, "-": 333, ".": 278, "/": 278,
                           ":": 278, ";": 278, "<": 584, "=": 584, ">": 584, "?": 556, "@": 1015, "[": 278,
                           "]": 278, "_": 556, "|": 260, "–": 556, "—": 1000}
_WIDTHS.update({c: 556 for c in "0123456789"})
_WIDTHS.update(dict(zip("abcdefghijklmnopqrstuvwxyz",
                        (556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333,
                         500, 278, 556, 500, 722, 500, 500, 500))))
_WIDTHS.update(dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                        (667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722,
                         667, 611, 722, 667, 944, 667, 667, 611))))
_UNKNOWN = 1000  # anything outside the table counts as a full em: never too narrow


def text_width(text: str, font: float) -> float:
    """Conservative rendered width of ``text`` in pixels."""
    return sum(_WIDTHS.get(c, _UNKNOWN) for c in text) * font / 1000 * SAFETY


def words(text: str) -> list[str]:
    return [w for w in text.split() if w]


def longest_word(text: str, font: float) -> float:
    return max((text_width(w, font) for w in words(text)), default=0.0)


def wrap(text: str, width: float, font: float) -> list[str]:
    """Lines as bpmn-js breaks them at spaces within ``width`` (a too-long word stays whole here)."""
    lines: list[str] = []
    for paragraph in (text or "").splitlines() or [""]:
        line = ""
        for word in words(paragraph):
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate, font) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def text_height(lines: int, font: float) -> float:
    return math.ceil(lines * font * LINE_HEIGHT)


def label_box(text: str, max_width: float = 90) -> tuple[float, float]:
    """Width and height of an external label: at least as wide as its longest word, so no word is cut."""
    width = max(max_width, math.ceil(longest_word(text, LABEL_FONT)) + 2)
    lines = wrap(text, width, LABEL_FONT)
    used = max((text_width(line, LABEL_FONT) for line in lines), default=0)
    return float(math.ceil(min(width, used) + 2)), float(text_height(len(lines), LABEL_FONT) + 2)


def task_size(name: str, min_width: float = 100, min_height: float = 80, max_width: float = 160) -> tuple[float, float]:
    """A task box wide enough for the longest word of its name and tall enough for all its lines.

    It widens (up to ``max_width``) until the name takes at most two lines, so the text stays clear of
    the task-type icon in the top left corner; a longer name makes the box taller instead.
    """
    step = 20
    width = max(min_width, math.ceil((longest_word(name, TASK_FONT) + 2 * TASK_PADDING + 4) / step) * step)
    while True:
        lines = wrap(name, width - 2 * TASK_PADDING, TASK_FONT)
        if len(lines) <= 2 or width >= max_width:
            break
        width += step
    height = text_height(len(lines), TASK_FONT) + 2 * TASK_PADDING + 2 * 16  # room for the icon row
    return float(width), float(max(min_height, math.ceil(height / 10) * 10))
