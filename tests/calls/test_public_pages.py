"""The public call list and call page: who sees what, the timeline, the start link, queries."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from calls.models import (
    Call,
    EligibilityRule,
    Milestone,
    Programme,
    Question,
    QuickCheckQuestion,
    Section,
    Stage,
)
from tests.factories import StaffFactory
from tests.helpers import assert_queries_do_not_grow, count_queries

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def en_client():
    """UI strings are English msgids; asserting on English keeps tests stable when the Dutch
    translation changes."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def programme():
    return Programme.objects.create(name="Betrokken buurten", slug="betrokken-buurten")


def make_call(programme, slug, *, status=Call.Status.PUBLISHED, deadline=None, **fields):
    call = Call.objects.create(
        programme=programme,
        slug=slug,
        title=fields.pop("title", f"Oproep {slug}"),
        status=status,
        **fields,
    )
    if deadline is not None:
        Stage.objects.create(
            call=call, kind=Stage.Kind.PROPOSAL, name="Voorstel", order=1, deadline=deadline
        )
    return call


def add_form(call, *, stages=1, questions=3, start_order=None):
    """Stages with one section each and some questions, after the call's existing stages."""
    first = start_order or (call.stages.count() + 1)
    for order in range(first, first + stages):
        stage = Stage.objects.create(
            call=call,
            kind=Stage.Kind.FULL_PLAN,
            name=f"Fase {order}",
            order=order,
            deadline=timezone.now() + timedelta(days=order),
        )
        section = Section.objects.create(stage=stage, title="Deel")
        Question.objects.bulk_create(
            Question(section=section, key=f"vraag-{n}", text="Vraag?", kind="long_text", order=n)
            for n in range(questions)
        )


def test_draft_call_is_404_when_public(client, programme):
    make_call(programme, "geheim", status=Call.Status.DRAFT, deadline=timezone.now())
    QuickCheckQuestion.objects.create(call=Call.objects.get(), text="Klopt dit?")
    assert client.get(reverse("calls:detail", args=["geheim"])).status_code == 404
    assert client.get(reverse("calls:quick_check", args=["geheim"])).status_code == 404
    assert "geheim" not in client.get(reverse("calls:list")).content.decode()


def test_draft_call_is_visible_when_staff(client, programme):
    make_call(programme, "concept-oproep", status=Call.Status.DRAFT, title="Nieuwe oproep")
    client.force_login(StaffFactory())
    response = client.get(reverse("calls:detail", args=["concept-oproep"]))
    assert response.status_code == 200
    assert "Nieuwe oproep" in response.content.decode()
    assert "start/" not in response.content.decode()


def test_unknown_call_is_404_when_slug_does_not_exist(client):
    assert client.get("/oproepen/bestaat-niet/").status_code == 404


def test_call_list_splits_open_and_past_calls_when_both_exist(en_client, programme):
    soon = timezone.now() + timedelta(days=10)
    make_call(programme, "open-een", title="Open oproep", deadline=soon)
    make_call(
        programme,
        "oud",
        title="Oude oproep",
        status=Call.Status.CLOSED,
        deadline=datetime(2021, 9, 15, 23, 59, tzinfo=AMSTERDAM),
    )
    make_call(programme, "archief", title="Archief", status=Call.Status.ARCHIVED)
    make_call(programme, "concept", title="Concept", status=Call.Status.DRAFT)
    html = en_client.get("/oproepen/").content.decode()
    open_at, past_at = html.index('<h2 id="open-calls"'), html.index('<h2 id="past-calls"')
    assert open_at < html.index("Open oproep") < past_at
    assert past_at < html.index("Oude oproep") and past_at < html.index("Archief")
    assert "Concept" not in html
    assert 'href="/oproepen/open-een/"' in html
    assert "Betrokken buurten" in html
    assert "15 September 2021" in html


def test_call_list_shows_dutch_headings_by_default(client, programme):
    html = client.get("/oproepen/").content.decode()
    assert "Open oproepen" in html


def test_call_page_shows_timeline_eligibility_and_faq_when_published(client, programme):
    call = make_call(
        programme,
        "experimenten",
        title="Samenwerkingsexperimenten",
        deadline=timezone.now() + timedelta(days=30),
        body="## Wat bedoelen we?\n\nEen **experiment**.<script>alert(1)</script>",
        faq="### Mag ik hulp vragen?\n\nJa.",
        contact_email="betrokkenbuurten@vsbfonds.nl",
        max_amount=25000,
    )
    for kind in ("bewonersinitiatief", "welzijnsorganisatie"):
        EligibilityRule.objects.create(call=call, organisation_kind=kind, minimum=1)
    Milestone.objects.create(
        call=call,
        name="Bericht over de selectie",
        at=datetime(2021, 9, 30, 12, 0, tzinfo=AMSTERDAM),
        kind="announcement",
    )
    Milestone.objects.create(
        call=call,
        name="Deadline voorstellen",
        at=datetime(2021, 9, 15, 23, 59, tzinfo=AMSTERDAM),
        kind="deadline",
    )
    html = client.get("/oproepen/experimenten/").content.decode()
    assert "<h1" in html and "Samenwerkingsexperimenten" in html
    # The timeline is an ordered list, in date order, in Amsterdam time, Dutch month names.
    first, second = html.index("15 september 2021, 23:59"), html.index("30 september 2021, 12:00")
    assert html.index('<ol class="timeline">') < first < second
    # The sentence itself is checked in English below; the kinds come in the UI language.
    assert "1 bewonersinitiatief" in html and "1 welzijnsorganisatie" in html
    assert "<strong>experiment</strong>" in html and "<script>" not in html
    assert "25.000,00" in html
    assert "Mag ik hulp vragen?" in html
    assert 'href="mailto:betrokkenbuurten@vsbfonds.nl"' in html


def test_call_page_eligibility_in_english_when_language_is_english(en_client, programme):
    call = make_call(programme, "en", deadline=timezone.now() + timedelta(days=3))
    EligibilityRule.objects.create(call=call, organisation_kind="bewonersinitiatief", minimum=2)
    EligibilityRule.objects.create(call=call, organisation_kind="welzijnsorganisatie", minimum=1)
    html = en_client.get("/oproepen/en/").content.decode()
    assert (
        "At least 2 organisations of the kind resident initiative and at least 1 welfare "
        "organisation"
    ) in html


def test_call_page_shows_start_link_when_published_before_deadline(en_client, programme):
    make_call(programme, "open", deadline=timezone.now() + timedelta(hours=1))
    html = en_client.get("/oproepen/open/").content.decode()
    assert 'href="/oproepen/open/start/"' in html
    assert "This call is closed." not in html


def test_call_page_hides_start_link_when_deadline_passed(en_client, programme):
    make_call(
        programme,
        "te-laat",
        deadline=datetime(2021, 9, 15, 23, 59, tzinfo=AMSTERDAM),
    )
    html = en_client.get("/oproepen/te-laat/").content.decode()
    assert "start/" not in html
    assert "This call is closed." in html
    assert "15 September 2021, 23:59" in html


def test_call_page_hides_start_link_when_closed(en_client, programme):
    make_call(
        programme,
        "gesloten",
        status=Call.Status.CLOSED,
        deadline=timezone.now() + timedelta(days=5),
    )
    html = en_client.get("/oproepen/gesloten/").content.decode()
    assert "start/" not in html
    assert "This call is closed." in html


def test_call_page_links_quick_check_when_call_has_questions(en_client, programme):
    call = make_call(programme, "met-check", deadline=timezone.now() + timedelta(days=5))
    make_call(programme, "zonder-check", deadline=timezone.now() + timedelta(days=5))
    QuickCheckQuestion.objects.create(call=call, text="Werken jullie samen?")
    assert (
        'href="/oproepen/met-check/past-het/"'
        in en_client.get("/oproepen/met-check/").content.decode()
    )
    assert "past-het" not in en_client.get("/oproepen/zonder-check/").content.decode()


def test_home_page_links_call_titles_when_calls_are_open(client, programme):
    make_call(programme, "open", title="Open oproep")
    assert 'href="/oproepen/open/"' in client.get("/").content.decode()


def test_call_list_queries_do_not_grow_when_calls_have_forms(client, programme):
    def add_calls(count):
        start = Call.objects.count()
        for n in range(start, start + count):
            status = Call.Status.PUBLISHED if n % 2 else Call.Status.CLOSED
            call = make_call(programme, f"oproep-{n}", status=status)
            add_form(call, stages=2, questions=3)
            Milestone.objects.create(call=call, name="Deadline", at=timezone.now(), kind="deadline")
            QuickCheckQuestion.objects.create(call=call, text="Past het?")

    count = assert_queries_do_not_grow(client, "/oproepen/", add_calls, many=10)
    assert count <= 3


def test_call_page_queries_do_not_grow_when_call_grows(client, programme):
    call = make_call(programme, "groot", deadline=timezone.now() + timedelta(days=1))
    EligibilityRule.objects.create(call=call, organisation_kind="bewonersinitiatief")

    def add_rows(count):
        add_form(call, stages=count, questions=count)
        for n in range(count):
            Milestone.objects.create(call=call, name=f"Datum {n}", at=timezone.now(), kind="event")
            QuickCheckQuestion.objects.create(call=call, text=f"Vraag {n}?")

    count = assert_queries_do_not_grow(client, "/oproepen/groot/", add_rows, many=15)
    assert count <= 5  # DESIGN.md §7: public call page ≤ 5 queries


def test_quick_check_queries_do_not_grow_when_questions_are_added(client, programme):
    call = make_call(programme, "check", deadline=timezone.now() + timedelta(days=1))

    def add_questions(count):
        for n in range(count):
            QuickCheckQuestion.objects.create(call=call, text=f"Vraag {n}?", order=n)

    assert_queries_do_not_grow(client, "/oproepen/check/past-het/?controleer=1", add_questions)


def test_call_page_runs_at_most_five_queries_when_anonymous(client, programme):
    make_call(programme, "klein", deadline=timezone.now() + timedelta(days=1))
    with count_queries() as queries:
        assert client.get("/oproepen/klein/").status_code == 200
    assert len(queries) <= 5
