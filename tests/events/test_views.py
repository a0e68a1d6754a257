"""The event pages, registering through them, the staff pages, the exports and the presence
list, and the workspace section."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from events import services
from events.models import Event, EventQuestion, Registration
from portal.models import Membership, OutboxMessage
from portal.registry import timeline
from tests.factories import OrganisationFactory, StaffFactory, UserFactory
from tests.helpers import assert_queries_do_not_grow

from .conftest import make_event

pytestmark = pytest.mark.django_db


def logged_in(client, user):
    client.force_login(user)
    return client


def test_public_list_shows_coming_events_first_and_earlier_ones_below(client, programme):
    now = timezone.now()
    make_event(programme, title="Volgende maand", starts_at=now + timedelta(days=30),
               ends_at=now + timedelta(days=30, hours=2))  # fmt: skip
    make_event(programme, title="Volgende week", starts_at=now + timedelta(days=7),
               ends_at=now + timedelta(days=7, hours=2))  # fmt: skip
    make_event(programme, title="Vorig jaar", starts_at=now - timedelta(days=365),
               ends_at=now - timedelta(days=365, hours=-2))  # fmt: skip
    make_event(programme, title="Nog geheim", is_published=False)
    make_event(programme, title="Alleen coalities", audience=Event.Audience.COALITIONS)
    html = client.get(reverse("events:list")).content.decode()
    assert html.index("Volgende week") < html.index("Volgende maand") < html.index("Vorig jaar")
    assert html.index("Komende evenementen") < html.index("Volgende week")
    assert html.index("Eerdere evenementen") < html.index("Vorig jaar")
    assert "Nog geheim" not in html and "Alleen coalities" not in html


def test_public_list_queries_do_not_grow(client, programme):
    def add(count):
        for _ in range(count):
            event = make_event(programme, capacity=10)
            services.register(event=event, user=UserFactory())

    assert_queries_do_not_grow(client, reverse("events:list"), add)


def test_event_page_shows_markdown_and_asks_anonymous_visitors_to_log_in(client, programme):
    event = make_event(programme, description="Met **acht thematafels**.", capacity=10)
    html = client.get(reverse("events:detail", args=[event.slug])).content.decode()
    assert "<strong>acht thematafels</strong>" in html
    assert "Log in om je aan te melden" in html
    assert "10 plaatsen over" in html


def test_member_registers_through_the_page_with_the_event_questions(client, programme, member):
    event = make_event(
        programme, audience=Event.Audience.COALITIONS, ask_role=True, ask_dietary=True
    )
    question = EventQuestion.objects.create(event=event, text="Met wie kom je?", required=True)
    logged_in(client, member)
    url = reverse("events:register", args=[event.slug])
    response = client.post(url, {"organisation": "Kracht van Zuilen", "role": ""})
    html = response.content.decode()
    assert response.status_code == 200 and "data-error-summary" in html
    assert not Registration.objects.exists()
    response = client.post(url, {
        "organisation": "Kracht van Zuilen", "role": "Kerngroep", "dietary": "vegetarisch",
        question.key: "Met Dock",
    }, follow=True)  # fmt: skip
    assert "Je bent aangemeld." in response.content.decode()
    registration = Registration.objects.get(user=member)
    assert registration.answers == {
        "organisation": "Kracht van Zuilen", "role": "Kerngroep", "dietary": "vegetarisch",
        question.key: "Met Dock",
    }  # fmt: skip
    html = client.get(reverse("events:detail", args=[event.slug])).content.decode()
    assert "Afmelden" in html


def test_full_event_page_offers_the_waiting_list(client, programme):
    event = make_event(programme, capacity=1, ask_organisation=False)
    services.register(event=event, user=UserFactory())
    person = UserFactory()
    logged_in(client, person)
    html = client.get(reverse("events:detail", args=[event.slug])).content.decode()
    assert "Op de wachtlijst" in html
    response = client.post(reverse("events:register", args=[event.slug]))
    assert "Dit evenement is vol." in response.content.decode()
    assert not Registration.objects.filter(user=person).exists()
    response = client.post(
        reverse("events:register", args=[event.slug]), {"waiting_list": "1"}, follow=True
    )
    assert "Je staat op de wachtlijst (nummer 1)" in response.content.decode()


def test_register_after_the_deadline_shows_the_deadline(client, programme):
    event = make_event(programme, ask_organisation=False)
    logged_in(client, UserFactory())
    page = client.get(reverse("events:detail", args=[event.slug]))
    event.registration_deadline = timezone.now() - timedelta(minutes=1)
    event.save()
    response = client.post(reverse("events:register", args=[event.slug]), follow=True)
    html = response.content.decode()
    assert page.status_code == 200
    assert "Je kon je aanmelden tot" in html and "Die tijd is voorbij." in html


def test_cancelling_through_the_page(client, programme):
    event = make_event(programme, capacity=1)
    person, waiting = UserFactory(), UserFactory()
    services.register(event=event, user=person)
    services.register(event=event, user=waiting, waiting_list=True)
    logged_in(client, person)
    response = client.post(reverse("events:cancel", args=[event.slug]), follow=True)
    assert "Je bent afgemeld." in response.content.decode()
    assert Registration.objects.get(user=waiting).state == "registered"


def test_my_events_lists_registrations_and_events_open_to_me(client, programme, member):
    mine = make_event(programme, title="Mijn bijeenkomst")
    services.register(event=mine, user=member)
    make_event(programme, title="Voor de coalities", audience=Event.Audience.COALITIONS)
    make_event(programme, title="Voor genodigden", audience=Event.Audience.INVITED)
    html = logged_in(client, member).get(reverse("events:mine")).content.decode()
    assert "Mijn bijeenkomst" in html and "Voor de coalities" in html
    assert "Voor genodigden" not in html


def test_my_events_queries_do_not_grow(client, programme, member):
    logged_in(client, member)

    def add(count):
        for _ in range(count):
            services.register(event=make_event(programme), user=member)
            make_event(programme, audience=Event.Audience.COALITIONS)

    assert_queries_do_not_grow(client, reverse("events:mine"), add)


# --- Staff ---------------------------------------------------------------------------------
def test_staff_event_list_queries_do_not_grow(client, programme):
    logged_in(client, StaffFactory())

    def add(count):
        for _ in range(count):
            services.register(event=make_event(programme), user=UserFactory())

    assert_queries_do_not_grow(client, reverse("events:staff_list"), add)


def _registered(event, count, **answers):
    for _ in range(count):
        person = UserFactory()
        Membership.objects.create(user=person, organisation=OrganisationFactory())
        services.register(event=event, user=person, answers=answers, waiting_list=True)


def test_staff_registration_list_queries_do_not_grow(client, programme):
    event = make_event(programme, capacity=5, ask_role=True)
    EventQuestion.objects.create(event=event, text="Met wie kom je?")
    logged_in(client, StaffFactory())
    assert_queries_do_not_grow(
        client,
        reverse("events:staff_registrations", args=[event.slug]),
        lambda count: _registered(event, count, role="Kerngroep"),
    )


def test_staff_create_an_event_with_questions_and_invitations(client, programme):
    staff = StaffFactory()
    logged_in(client, staff)
    start = timezone.localtime() + timedelta(days=20)
    response = client.post(reverse("events:staff_create"), {
        "kind": "webinar", "title": "Webinar voor genodigden", "slug": "", "description": "",
        "starts_at": start.strftime("%Y-%m-%dT14:00"), "ends_at": start.strftime("%Y-%m-%dT15:00"),
        "place": "", "online_url": "https://example.org/live", "programme": programme.pk,
        "call": "", "audience": "invited", "capacity": "20", "registration_deadline": "",
        "is_published": "on", "ask_organisation": "on", "ask_dietary": "on",
        "invited": "Gast@Example.org\ntweede@example.org",
        "questions-TOTAL_FORMS": "2", "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0", "questions-MAX_NUM_FORMS": "1000",
        "questions-0-text": "Wat wil je vragen?", "questions-0-required": "on",
        "questions-1-text": "",
    })  # fmt: skip
    event = Event.objects.get(title="Webinar voor genodigden")
    assert response.status_code == 302
    assert event.slug == "webinar-voor-genodigden"
    assert event.starts_at.astimezone(timezone.get_current_timezone()).hour == 14
    assert [q.text for q in event.questions.all()] == ["Wat wil je vragen?"]
    assert sorted(event.invitations.values_list("email", flat=True)) == [
        "gast@example.org", "tweede@example.org",
    ]  # fmt: skip
    invited = OutboxMessage.objects.filter(kind="events/mail/invited")
    assert sorted(invited.values_list("to_email", flat=True)) == [
        "gast@example.org", "tweede@example.org",
    ]  # fmt: skip


def test_staff_form_refuses_an_end_before_the_start_and_applicants_without_a_call(
    client, programme
):
    logged_in(client, StaffFactory())
    response = client.post(reverse("events:staff_create"), {
        "kind": "pitstop", "title": "Verkeerd", "starts_at": "2030-05-01T14:00",
        "ends_at": "2030-05-01T13:00", "programme": programme.pk, "audience": "applicants",
        "questions-TOTAL_FORMS": "0", "questions-INITIAL_FORMS": "0",
    })  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200 and "data-error-summary" in html
    assert "Het einde moet na het begin zijn." in html
    assert "Kies de oproep" in html
    assert not Event.objects.exists()


def test_staff_raising_the_capacity_moves_the_waiting_list_up(client, programme):
    event = make_event(programme, capacity=1, ask_organisation=False)
    services.register(event=event, user=UserFactory())
    waiting = UserFactory()
    services.register(event=event, user=waiting, waiting_list=True)
    logged_in(client, StaffFactory())
    form = client.get(reverse("events:staff_edit", args=[event.slug])).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value not in (None, False) and name not in {"coalitions", "organisers"}
    }
    data.update({
        "starts_at": timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(event.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "programme": programme.pk, "capacity": "2", "is_published": "on",
        "questions-TOTAL_FORMS": "0", "questions-INITIAL_FORMS": "0",
    })  # fmt: skip
    data.pop("registration_deadline", None)
    response = client.post(reverse("events:staff_edit", args=[event.slug]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Registration.objects.get(user=waiting).state == "registered"
    assert OutboxMessage.objects.filter(kind="events/mail/moved_up", recipient=waiting).exists()
    event.refresh_from_db()
    assert event.sequence == 1


def test_staff_record_attendance(client, programme):
    event = make_event(programme)
    came = services.register(event=event, user=UserFactory())
    away = services.register(event=event, user=UserFactory())
    logged_in(client, StaffFactory())
    client.post(reverse("events:staff_registrations", args=[event.slug]), {"present": [came.pk]})
    came.refresh_from_db()
    away.refresh_from_db()
    assert (came.attended, away.attended) == (True, False)
    html = client.get(reverse("events:staff_registrations", args=[event.slug])).content.decode()
    assert f'value="{came.pk}" id="present-{came.pk}" checked' in html


def _event_with_people(programme):
    event = make_event(programme, title="Symposium", capacity=2, ask_role=True, ask_dietary=True)
    question = EventQuestion.objects.create(event=event, text="Aan welke thematafel?")
    people = [
        ("Anna de Boer", {"organisation": "Kracht van Zuilen", "role": "Bewoner",
                          "dietary": "vegetarisch", question.key: "Tafel 3"}),
        ("Bram Visser", {"organisation": "Dock", "role": "=HYPERLINK(\"x\")"}),
        ("Cor Jansen", {"organisation": "Stimenz"}),
    ]  # fmt: skip
    for name, answers in people:
        services.register(
            event=event, user=UserFactory(name=name), answers=answers, waiting_list=True
        )
    return event


def test_export_csv_holds_every_registration_with_its_answers(client, programme):
    event = _event_with_people(programme)
    logged_in(client, StaffFactory())
    response = client.get(reverse("events:staff_export", args=[event.slug]), {"formaat": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"aanmeldingen-{event.slug}.csv" in response["Content-Disposition"]
    rows = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )  # Dutch Excel
    assert rows[0] == ["Naam", "E-mailadres", "Status", "Plek op de wachtlijst", "Aangemeld op",
                       "Aanwezig", "Organisatie", "Rol", "Dieetwensen",
                       "Aan welke thematafel?"]  # fmt: skip
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Anna de Boer"][2] == "Aangemeld"
    assert by_name["Anna de Boer"][6:] == ["Kracht van Zuilen", "Bewoner", "vegetarisch", "Tafel 3"]
    assert by_name["Bram Visser"][7] == '\'=HYPERLINK("x")'  # never a formula
    assert by_name["Cor Jansen"][2:4] == ["Op de wachtlijst", "1"]


def test_export_xlsx_holds_the_same_rows(client, programme):
    event = _event_with_people(programme)
    logged_in(client, StaffFactory())
    response = client.get(reverse("events:staff_export", args=[event.slug]), {"formaat": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["Naam", "E-mailadres", "Status"]
    assert {row[0] for row in rows[1:]} == {"Anna de Boer", "Bram Visser", "Cor Jansen"}
    anna = next(row for row in rows if row[0] == "Anna de Boer")
    assert anna[6:10] == ["Kracht van Zuilen", "Bewoner", "vegetarisch", "Tafel 3"]


def test_presence_list_pdf_has_the_registered_people_and_a_signature_column(client, programme):
    event = _event_with_people(programme)
    for number in range(60):  # more than one page: the header row repeats
        Registration.objects.create(
            event=event, user=UserFactory(name=f"Deelnemer {number:02d}"),
            answers={"organisation": "Buurtcentrum"},
        )  # fmt: skip
    logged_in(client, StaffFactory())
    response = client.get(reverse("events:staff_presence_list", args=[event.slug]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    pages = [page.extract_text() for page in reader.pages]
    text = "\n".join(pages)
    assert "Presentielijst" in text and "Symposium" in text
    assert "Anna de Boer" in text and "Kracht van Zuilen" in text
    assert "Cor Jansen" not in text  # on the waiting list: no place, not on the list
    assert len(pages) > 1
    assert all("Handtekening" in page for page in pages)


# --- The coalition's workspace ---------------------------------------------------------------
def test_workspace_lists_the_coalitions_coming_events(client, programme, coalition, member):
    linked = make_event(programme, title="Pitstop Zuilen", audience=Event.Audience.COALITIONS)
    linked.coalitions.add(coalition)
    make_event(programme, title="Leerbijeenkomst alle coalities",
               audience=Event.Audience.COALITIONS)  # fmt: skip
    other = make_event(programme, title="Pitstop elders", audience=Event.Audience.COALITIONS)
    other.coalitions.add(
        coalition.__class__.objects.create(
            programme=programme, name="Elders", slug="elders", municipality="Ede"
        )
    )
    services.register(event=linked, user=member)
    html = (
        logged_in(client, member)
        .get(reverse("coalitions:workspace", args=[coalition.slug]))
        .content.decode()
    )
    assert "Pitstop Zuilen" in html and "Leerbijeenkomst alle coalities" in html
    assert "Pitstop elders" not in html
    assert "Je bent aangemeld" in html


def test_workspace_timeline_has_the_coalitions_events(rf, programme, coalition, member):
    past = make_event(programme, title="Start", audience=Event.Audience.COALITIONS,
                      starts_at=timezone.now() - timedelta(days=40),
                      ends_at=timezone.now() - timedelta(days=40, hours=-3))  # fmt: skip
    make_event(programme, title="Leerbijeenkomst", audience=Event.Audience.COALITIONS)
    request = rf.get("/")
    request.user = member
    items = timeline("coalition", request, coalition)
    events = [item for item in items if item.url.startswith("/evenementen/")]
    assert [(item.title, item.done) for item in events] == [
        ("Start", True), ("Leerbijeenkomst", False),
    ]  # fmt: skip
    assert events[0].url == reverse("events:detail", args=[past.slug])
    assert events[0].kind == "Gezamenlijke leerbijeenkomst"
