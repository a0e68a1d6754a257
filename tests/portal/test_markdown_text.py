"""portal.markdown.markdown_to_text: Markdown as plain text (calendar files, plain mail)."""

from portal.markdown import markdown_to_text


def test_markdown_to_text_drops_the_markup_and_keeps_paragraphs():
    text = "# Titel\n\nEen **vette** en _schuine_ zin\nop twee regels.\n\nTweede alinea."
    assert markdown_to_text(text) == (
        "Titel\n\nEen vette en schuine zin op twee regels.\n\nTweede alinea."
    )


def test_markdown_to_text_writes_lists_links_and_line_breaks_as_text():
    text = (
        "- een\n- twee\n    - genest\n\n"
        "3. drie\n4. vier\n\n"
        "Zie [de site](https://example.org) of <https://example.org/b>.  \nNieuwe regel."
    )
    assert markdown_to_text(text) == (
        "- een\n- twee\n  - genest\n\n"
        "1. drie\n2. vier\n\n"  # numbered as the HTML page shows them
        "Zie de site (https://example.org) of https://example.org/b.\nNieuwe regel."
    )


def test_markdown_to_text_removes_html_and_unescapes_entities():
    text = 'Tom &amp; Jerry <span onclick="x()">hier</span><script>alert(1)</script> &lt;3'
    assert markdown_to_text(text) == "Tom & Jerry hier <3"


def test_markdown_to_text_of_nothing_is_empty():
    assert markdown_to_text("") == "" and markdown_to_text(None) == ""
