"""One way to make a PDF: a Django template rendered by WeasyPrint with the shared print style.

Templates extend `pdf/base.html`, which sets the page (A4, margins, running header and footer with
page x of y), the bundled fonts and the document language. The PDF is tagged for screen readers.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

STATIC_DIR = settings.BASE_DIR / "static"


def render_pdf(
    template_name: str,
    context: dict,
    *,
    title: str,
    language: str | None = None,
    author: str = "Samenspel",
    subject: str = "",
) -> bytes:
    from weasyprint import HTML

    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        html = render_to_string(
            template_name,
            {
                "title": title,
                "author": author,
                "subject": subject,
                "language": language,
                "made_at": timezone.localtime(),
                "static_root": STATIC_DIR.as_uri(),
                **context,
            },
        )
    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/")
    return document.write_pdf(pdf_tags=True, custom_metadata=True)
