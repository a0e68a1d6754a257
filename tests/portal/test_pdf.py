import io

import pytest
from pypdf import PdfReader

from portal.pdf import render_pdf


@pytest.fixture
def sample_pdf(tmp_path, settings):
    template_dir = tmp_path / "templates"
    (template_dir / "pdf").mkdir(parents=True)
    (template_dir / "pdf" / "sample.html").write_text(
        '{% extends "pdf/base.html" %}{% block body %}'
        "<h1>Overzicht aanmeldingen</h1>"
        "<table><thead><tr><th>Nr.</th><th>Aanvrager</th></tr></thead><tbody>"
        "{% for row in rows %}<tr><td>{{ forloop.counter }}</td><td>{{ row }}</td></tr>{% endfor %}"
        "</tbody></table>{% endblock %}"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [template_dir, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    rows = [f"Bewonersinitiatief {n}" for n in range(120)] + ["Łukasz Öztürk-Şahin, Curaçao"]
    return render_pdf(
        "pdf/sample.html", {"rows": rows}, title="Overzicht", language="nl", author="VSBfonds"
    )


def test_render_pdf_contains_the_rendered_text_over_several_pages(sample_pdf):
    reader = PdfReader(io.BytesIO(sample_pdf))
    assert len(reader.pages) >= 2
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Overzicht aanmeldingen" in text
    assert "Bewonersinitiatief 119" in text
    assert f"2 / {len(reader.pages)}" in text  # page x of y in the footer


def test_render_pdf_sets_title_author_and_language(sample_pdf):
    reader = PdfReader(io.BytesIO(sample_pdf))
    assert reader.metadata.title == "Overzicht"
    assert reader.metadata.author == "VSBfonds"
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged PDF


def test_render_pdf_uses_only_the_bundled_font_also_for_accented_names(sample_pdf):
    reader = PdfReader(io.BytesIO(sample_pdf))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("Atkinson" in name for name in fonts), fonts


def test_table_header_repeats_on_every_page(sample_pdf):
    reader = PdfReader(io.BytesIO(sample_pdf))
    for page in reader.pages:
        assert "Aanvrager" in page.extract_text()
