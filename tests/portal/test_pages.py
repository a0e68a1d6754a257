import pytest
from django.urls import reverse

from calls.models import Call, Programme
from tests.helpers import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def test_home_page_is_dutch_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Welkom bij Samenspel" in html
    assert "Er is nu geen open oproep." in html


def test_home_page_switches_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Welcome to Samenspel" in html


def test_home_page_lists_only_published_calls(client):
    programme = Programme.objects.create(name="Betrokken buurten", slug="betrokken-buurten")
    Call.objects.create(
        programme=programme,
        title="Open oproep",
        slug="open",
        summary="Doe mee",
        status=Call.Status.PUBLISHED,
    )
    Call.objects.create(
        programme=programme, title="Nog geheim", slug="geheim", status=Call.Status.DRAFT
    )
    html = client.get("/").content.decode()
    assert "Open oproep" in html
    assert "Nog geheim" not in html


def test_home_page_queries_do_not_grow_with_calls(client):
    programme = Programme.objects.create(name="Betrokken buurten", slug="betrokken-buurten")

    def add_calls(count):
        start = Call.objects.count()
        Call.objects.bulk_create(
            Call(
                programme=programme,
                title=f"Oproep {n}",
                slug=f"oproep-{n}",
                status=Call.Status.PUBLISHED,
            )
            for n in range(start, start + count)
        )

    assert_queries_do_not_grow(client, "/", add_calls)


def test_base_layout_has_skip_link_and_landmarks(client):
    html = client.get("/").content.decode()
    assert 'href="#inhoud"' in html
    assert '<main id="inhoud"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html


def test_static_assets_are_vendored_not_from_a_cdn(client):
    html = client.get("/").content.decode()
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert "/static/vendor/htmx/htmx.min.js" in html
    assert "cdn" not in html.lower()
