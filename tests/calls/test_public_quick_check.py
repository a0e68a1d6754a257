"""The quick check: a few yes/no questions tell a visitor whether the call fits."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from calls.models import Call, Programme, QuickCheckQuestion, Stage

pytestmark = pytest.mark.django_db

URL = "/oproepen/experimenten/past-het/"


@pytest.fixture
def en_client():
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def questions():
    programme = Programme.objects.create(name="Betrokken buurten", slug="betrokken-buurten")
    call = Call.objects.create(
        programme=programme,
        slug="experimenten",
        title="Samenwerkingsexperimenten",
        status=Call.Status.PUBLISHED,
    )
    Stage.objects.create(
        call=call,
        kind=Stage.Kind.PROPOSAL,
        name="Voorstel",
        order=1,
        deadline=timezone.now() + timedelta(days=30),
    )
    welfare = QuickCheckQuestion.objects.create(
        call=call,
        text="Werken jullie samen met een welzijnsorganisatie?",
        fitting_answer=True,
        explanation="Zoek eerst een welzijnsorganisatie.",
        order=1,
    )
    regular = QuickCheckQuestion.objects.create(
        call=call,
        text="Zoek je geld voor gewone activiteiten die al lopen?",
        fitting_answer=False,
        explanation="Kijk bij de reguliere aanvraagprocedure.",
        order=2,
    )
    return welfare, regular


def _answers(welfare, regular, first, second):
    return {f"vraag-{welfare.pk}": first, f"vraag-{regular.pk}": second, "controleer": "1"}


def test_quick_check_shows_form_with_fieldsets_when_opened(en_client, questions):
    html = en_client.get(URL).content.decode()
    assert html.count("<fieldset") == 2 and html.count("<legend") == 2
    welfare, _ = questions
    assert f'<label class="form-check-label" for="vraag-{welfare.pk}-yes">Yes</label>' in html
    assert "Result" not in html


def test_quick_check_says_it_fits_when_all_answers_fit(en_client, questions):
    html = en_client.get(URL, _answers(*questions, "yes", "no")).content.decode()
    assert "Your proposal seems to fit." in html
    assert 'href="/oproepen/experimenten/start/"' in html
    assert "Zoek eerst" not in html
    # The answers stay checked.
    welfare, regular = questions
    assert f'id="vraag-{welfare.pk}-yes" value="yes" checked' in html
    assert f'id="vraag-{regular.pk}-no" value="no" checked' in html


def test_quick_check_lists_explanations_when_answers_do_not_fit(en_client, questions):
    html = en_client.get(URL, _answers(*questions, "no", "yes")).content.decode()
    assert "Your proposal seems to fit." not in html
    assert "Zoek eerst een welzijnsorganisatie." in html
    assert "Kijk bij de reguliere aanvraagprocedure." in html


def test_quick_check_lists_only_the_answer_that_does_not_fit_when_one_is_wrong(
    en_client, questions
):
    html = en_client.get(URL, _answers(*questions, "yes", "yes")).content.decode()
    assert "Zoek eerst" not in html
    assert "Kijk bij de reguliere aanvraagprocedure." in html


def test_quick_check_asks_for_all_answers_when_one_is_missing(en_client, questions):
    welfare, _ = questions
    html = en_client.get(URL, {f"vraag-{welfare.pk}": "yes", "controleer": "1"}).content.decode()
    assert "You did not answer every question." in html
    assert "Your proposal seems to fit." not in html
    assert "Choose yes or no." in html


def test_quick_check_is_404_when_call_has_no_questions(client, questions):
    QuickCheckQuestion.objects.all().delete()
    assert client.get(URL).status_code == 404


def test_quick_check_stores_nothing_when_submitted(en_client, questions, django_assert_num_queries):
    # Only reads: the call (with programme) and its questions and stages.
    with django_assert_num_queries(3):
        en_client.get(URL, _answers(*questions, "yes", "no"))
