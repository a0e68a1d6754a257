"""Read back what a PDF shows: the words and lines of each page with their boxes, and bookmarks.

Words come from poppler's `pdftotext -bbox-layout` (it reports text a clip hides too, so text cut
off at a page or chart edge shows up as lying outside); pages and bookmarks come from pypdf.
Coordinates are PDF points with the origin at the top left of the page, y growing downwards.
"""

import io
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from pypdf import PdfReader

MM = 72 / 25.4
SIDE_MARGIN = 20 * MM  # static/css/print.css: @page margin left and right
TOLERANCE = 1.0  # points: glyph boxes may stick out a hair past the margin


@dataclass(frozen=True)
class Box:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    def __str__(self):
        return f"{self.text!r} at x {self.x0:.0f}–{self.x1:.0f}, y {self.y0:.0f}–{self.y1:.0f}"


@dataclass
class Page:
    number: int  # from 1
    width: float
    height: float
    words: list[Box]
    lines: list[Box]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def outside_the_printable_width(self) -> list[Box]:
        """Words not between the left and right page margins, or not on the page at all."""
        left, right = SIDE_MARGIN - TOLERANCE, self.width - SIDE_MARGIN + TOLERANCE
        return [
            word
            for word in self.words
            if word.x0 < left or word.x1 > right or word.y0 < 0 or word.y1 > self.height
        ]

    def lines_with(self, text: str) -> list[Box]:
        return [line for line in self.lines if text in line.text]

    def words_on_line_of(self, word: Box) -> list[Box]:
        """Words at the same height as this one (a table row), left to right."""
        middle = (word.y0 + word.y1) / 2
        return sorted(
            (other for other in self.words if other.y0 <= middle <= other.y1),
            key=lambda other: other.x0,
        )


def _box(element, text) -> Box:
    return Box(
        text,
        float(element.get("xMin")),
        float(element.get("yMin")),
        float(element.get("xMax")),
        float(element.get("yMax")),
    )


def read_pages(pdf: bytes) -> list[Page]:
    """Every page's words and lines with their boxes."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout
    namespace = {"x": "http://www.w3.org/1999/xhtml"}
    pages = []
    for number, page in enumerate(ET.fromstring(xhtml).iterfind(".//x:page", namespace), 1):
        words, lines = [], []
        for line in page.iterfind(".//x:line", namespace):
            in_line = [_box(word, word.text or "") for word in line.iterfind("x:word", namespace)]
            words.extend(in_line)
            lines.append(_box(line, " ".join(word.text for word in in_line)))
        pages.append(
            Page(number, float(page.get("width")), float(page.get("height")), words, lines)
        )
    return pages


def assert_everything_fits(pages: list[Page]):
    """No word runs past a side margin or off the page."""
    outside = [f"page {page.number}: {word}" for page in pages
               for word in page.outside_the_printable_width()]  # fmt: skip
    assert outside == [], "text outside the printable area:\n" + "\n".join(outside[:20])


def bookmarks(pdf: bytes) -> list[tuple[int, str]]:
    """The PDF's outline as (depth, title), in order; depth 0 is the top level."""
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title))

    walk(PdfReader(io.BytesIO(pdf)).outline, 0)
    return found
