"""Our own error pages: Dutch, in the portal's look, with a way back."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_unknown_page_says_so_in_dutch_with_a_way_back(client):
    response = client.get("/bestaat-niet/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "We kunnen deze pagina niet vinden" in html
    assert "Terug naar de vorige pagina" in html and 'href="/"' in html
    assert "Samenspel" in html  # the portal's own header


def test_a_forbidden_page_says_so_in_dutch(client):
    client.force_login(UserFactory())
    response = client.get(reverse("reminders"))  # staff only
    assert response.status_code == 403
    assert "Je mag deze pagina niet openen" in response.content.decode()


def test_a_stale_csrf_token_gets_a_dutch_page_or_the_editors_marker(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(UserFactory())
    page = strict.post(reverse("account_logout"))
    assert page.status_code == 403 and "Deze pagina was verouderd" in page.content.decode()
    editor = strict.post(reverse("account_logout"), HTTP_X_SAMENSPEL_EDITOR="1")
    assert editor.status_code == 403 and editor.json() == {"status": "csrf"}


def test_an_editor_request_without_a_session_gets_a_marker_not_a_login_page(client):
    response = client.post(reverse("proposals:autosave", args=[1, 1]), {"q_x": "tekst"})
    assert response.status_code == 401
    answer = response.json()
    assert answer["status"] == "logged_out"
    assert answer["message"] == "Je bent uitgelogd. Log opnieuw in; je tekst staat veilig."
    assert answer["login_url"].startswith(reverse("account_login"))
    assert client.get(reverse("editor_session")).status_code == 401
