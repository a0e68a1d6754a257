"""Markdown written by staff (call texts, FAQ) rendered to HTML that is safe to show, or to
plain text where HTML cannot go (calendar files)."""

import re
from html.parser import HTMLParser

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote", "code",
    "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def render_markdown(text: str) -> str:
    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"])
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


# Blocks stand apart by an empty line; inside a list, items follow each other line by line.
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "hr"}
_INDENT = "\x01"  # kept through the clean-up, turned into two spaces at the end


class _PlainText(HTMLParser):
    """Our sanitised HTML (render_markdown) written out as plain text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.lists: list[list] = []  # per open list: [kind, next number]
        self.links: list[str | None] = []
        self.link_start = 0
        self.in_pre = 0
        self.cells = 0

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self.parts.append("\n\n")
            self.in_pre += tag == "pre"
        elif tag in ("ul", "ol"):
            if not self.lists:
                self.parts.append("\n\n")
            start = dict(attrs).get("start") or "1"
            self.lists.append([tag, int(start) if start.isdigit() else 1])
        elif tag == "li":
            kind, number = self.lists[-1] if self.lists else ("ul", 1)
            if self.lists:
                self.lists[-1][1] += 1
            bullet = f"{number}. " if kind == "ol" else "- "
            self.parts.append("\n" + _INDENT * (max(len(self.lists), 1) - 1) + bullet)
        elif tag in ("br", "tr"):
            self.parts.append("\n")
            self.cells = 0
        elif tag in ("td", "th"):
            if self.cells:
                self.parts.append(" | ")
            self.cells += 1
        elif tag == "a":
            self.links.append(dict(attrs).get("href"))
            self.link_start = len(self.parts)

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self.parts.append("\n\n")
            self.in_pre -= tag == "pre"
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            if not self.lists:
                self.parts.append("\n\n")
        elif tag == "a" and self.links:
            href = self.links.pop()
            shown = "".join(self.parts[self.link_start :]).strip()
            if href and href not in (shown, f"mailto:{shown}"):
                self.parts.append(f" ({href})")

    def handle_data(self, data):
        self.parts.append(data if self.in_pre else re.sub(r"\s+", " ", data))

    def text(self) -> str:
        lines = [line.strip(" ") for line in "".join(self.parts).split("\n")]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
        return text.replace(_INDENT, "  ")


def markdown_to_text(text: str) -> str:
    """Markdown (or the HTML in it) as plain text: no markup, paragraphs apart by an empty line,
    list items as "- " or "1. ", a link as "text (address)". For calendar files and plain mail."""
    writer = _PlainText()
    writer.feed(render_markdown(text))
    writer.close()
    return writer.text()
