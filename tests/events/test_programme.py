"""The programme of an event: sessions with slides, theme tables, the harvest with its
collaborative-draft rules, and events for learning groups."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from calls.models import Call, Stage
from coalitions.models import LearningGroup, LearningGroupMember
from events import services
from events.models import Event, Harvest, Session, ThemeTable
from events.queries import visible_events
from portal.files import files_of
from portal.models import ActivityEntry
from proposals.models import Proposal
from reflections.models import Theme
from tests.factories import OrganisationFactory, StaffFactory, UserFactory
from tests.helpers import assert_queries_do_not_grow

from .conftest import make_event, make_table, register

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def save(event, actor, text, *, table=None, revision, finish=True, **extra):
    return services.save_harvest(
        event=event, table=table, text=text, base_revision=revision, actor=actor,
        finish=finish, **extra,
    )  # fmt: skip


# --- Harvest: the collaborative-draft rules -------------------------------------------------
def test_first_save_makes_the_harvest_and_every_save_raises_the_revision(event, table, host):
    harvest = save(event, host, "- Eerste punt", table=table, revision=0, finish=False)
    assert (harvest.revision, harvest.saved_by, harvest.table) == (1, host, table)
    harvest = save(event, host, "- Eerste punt\n- Tweede punt", table=table, revision=1)
    assert harvest.revision == 2 and Harvest.objects.count() == 1
    assert ActivityEntry.objects.filter(verb="harvest.changed").count() == 1  # not the autosave


def test_a_save_from_an_older_revision_by_someone_else_is_refused(event, table, host):
    staff = StaffFactory()
    save(event, host, "Tekst van de gastvrouw", table=table, revision=0)
    with pytest.raises(services.HarvestConflict):
        save(event, staff, "Tekst van het fonds", table=table, revision=0)
    harvest = Harvest.objects.get()
    assert harvest.text == "Tekst van de gastvrouw" and harvest.revision == 1


def test_your_own_newer_autosave_is_not_a_conflict(event, table, host):
    save(event, host, "Eerste versie", table=table, revision=0, finish=False)
    save(event, host, "Tweede versie", table=table, revision=1, finish=False)
    # The page still carried revision 1 when the final save left: the writer's own save.
    harvest = save(event, host, "Derde versie", table=table, revision=1)
    assert harvest.text == "Derde versie" and harvest.revision == 3


def test_autosave_never_makes_a_harvest_public_the_final_save_does(event, table, host):
    harvest = save(event, host, "Tekst", table=table, revision=0, finish=False, is_public=True)
    assert not harvest.is_public
    harvest = save(event, host, "Tekst", table=table, revision=1, is_public=True)
    assert harvest.is_public


def test_the_plenary_close_has_one_harvest_per_event(event):
    staff = StaffFactory()
    theme = Theme.objects.create(name="Relatie met de gemeente")
    first = save(event, staff, "Plenair", revision=0, themes=[theme])
    second = save(event, staff, "Plenair, aangevuld", revision=first.revision)
    assert first.pk == second.pk and second.is_plenary
    assert list(second.themes.all()) == [theme]  # themes=None leaves them as they are


def autosave(client, event, key, **data):
    return client.post(reverse("events:harvest_autosave", args=[event.slug, key]), data)


def test_autosave_answers_with_a_status_and_the_new_revision(client, event, table, host):
    client.force_login(host)
    response = autosave(client, event, table.pk, text="Punt een", revision="0")
    html = response.content.decode()
    assert response.status_code == 200 and "Opgeslagen om" in html
    assert 'id="id_revision" name="revision" value="1" hx-swap-oob="true"' in html
    assert Harvest.objects.get().text == "Punt een"


def test_a_conflicting_final_save_keeps_the_text_on_the_page(client, event, table, host):
    save(event, StaffFactory(), "Van het fonds", table=table, revision=0)
    client.force_login(host)
    response = client.post(
        reverse("events:harvest", args=[event.slug, table.pk]),
        {"text": "Mijn eigen aantekeningen", "revision": "0"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Iemand anders heeft deze oogst opgeslagen" in html
    assert "Mijn eigen aantekeningen" in html
    assert Harvest.objects.get().text == "Van het fonds"
    conflict = autosave(client, event, table.pk, text="Nog eens", revision="0")
    assert "Iemand anders heeft deze oogst opgeslagen" in conflict.content.decode()


def test_the_final_save_goes_back_to_the_table_on_the_event_page(client, event, table, host):
    client.force_login(host)
    theme = Theme.objects.create(name="Vertrouwen")
    response = client.post(
        reverse("events:harvest", args=[event.slug, table.pk]),
        {"text": "- Samen leren werkt", "revision": "0", "themes": [theme.pk], "is_public": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/evenementen/{event.slug}/#tafel-{table.pk}"
    harvest = Harvest.objects.get()
    assert harvest.is_public and list(harvest.themes.all()) == [theme]


def test_the_harvest_markdown_is_sanitised_on_the_event_page(client, event, table, host):
    save(event, host, "**Vet** <script>alert(1)</script>", table=table, revision=0, is_public=True)
    html = client.get(reverse("events:detail", args=[event.slug])).content.decode()
    assert "<strong>Vet</strong>" in html and "<script>alert(1)</script>" not in html


# --- The programme on the event page and its staff page ------------------------------------
def test_event_page_shows_sessions_in_amsterdam_time_and_the_tables(client, event, table):
    start = datetime.datetime(2030, 3, 31, 9, 30, tzinfo=datetime.UTC)  # 11:30 summer time
    Session.objects.create(
        event=event, starts_at=start, ends_at=start + datetime.timedelta(minutes=20),
        title="Inleiding: Anders vasthouden", speaker="Thom Verheggen",
    )  # fmt: skip
    html = client.get(reverse("events:detail", args=[event.slug])).content.decode()
    assert "Inleiding: Anders vasthouden" in html and "Thom Verheggen" in html
    assert ">11:30</time>–<time" in html and ">11:50</time>" in html
    assert table.name in html and "Hoe boor je de passie aan van de professionals?" in html


def test_event_page_queries_do_not_grow_with_the_programme(client, event):
    staff = StaffFactory()
    client.force_login(staff)
    start = event.starts_at

    def add(count):
        for number in range(count):
            session = Session.objects.create(
                event=event, starts_at=start, title=f"Sessie {number}", speaker="Spreker"
            )
            upload = SimpleUploadedFile("dia.pdf", PDF_BYTES, content_type="application/pdf")
            from portal.files import store_private_file

            store_private_file(upload=upload, target=session, uploaded_by=staff, purpose="slides")
            table = make_table(event, name=f"Tafel {number}", host=UserFactory())
            table.participants.add(UserFactory())
            harvest = save(event, staff, f"Oogst {number}", table=table, revision=0)
            harvest.themes.add(Theme.objects.get_or_create(name=f"Thema {number}")[0])

    assert_queries_do_not_grow(client, reverse("events:detail", args=[event.slug]), add, many=8)


def test_staff_save_sessions_tables_and_slides_on_the_programme_page(client, event):
    staff = StaffFactory()
    participant = register(event, UserFactory(name="Henk Jansen"))
    client.force_login(staff)
    url = reverse("events:staff_programme", args=[event.slug])
    page = client.get(url)
    assert page.status_code == 200 and "Programma en thematafels" in page.content.decode()
    data = {
        "sessions-TOTAL_FORMS": "2", "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0", "sessions-MAX_NUM_FORMS": "1000",
        "sessions-0-starts_at": "2030-06-20T13:15", "sessions-0-ends_at": "2030-06-20T13:35",
        "sessions-0-title": "Inleiding", "sessions-0-speaker": "Nathan Rozema",
        "sessions-0-slides": SimpleUploadedFile("inleiding.pdf", PDF_BYTES),
        "tables-TOTAL_FORMS": "3", "tables-INITIAL_FORMS": "0",
        "tables-MIN_NUM_FORMS": "0", "tables-MAX_NUM_FORMS": "1000",
        "tables-0-name": "Tafel 1: Serieuze partners", "tables-0-order": "1",
        "tables-0-host": str(participant.pk), "tables-0-questions": "Vraag een\nVraag twee",
        "tables-0-participants": [str(participant.pk)], "tables-0-participant_names": "Jan",
        "tables-1-order": "0", "tables-2-order": "0",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    session = Session.objects.get()
    assert session.speaker == "Nathan Rozema"
    assert session.starts_at == timezone.make_aware(datetime.datetime(2030, 6, 20, 13, 15))
    assert files_of(session, purpose="slides").get().original_name == "inleiding.pdf"
    table = ThemeTable.objects.get()
    assert table.host == participant and table.question_list == ["Vraag een", "Vraag twee"]
    assert list(table.participants.all()) == [participant]


def test_slides_must_be_a_pdf_or_a_presentation(client, event):
    client.force_login(StaffFactory())
    data = {
        "sessions-TOTAL_FORMS": "1", "sessions-INITIAL_FORMS": "0",
        "sessions-0-starts_at": "2030-06-20T13:15", "sessions-0-title": "Inleiding",
        "sessions-0-slides": SimpleUploadedFile("virus.exe", b"MZ\x90\x00" + b"\x00" * 64),
        "tables-TOTAL_FORMS": "0", "tables-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = client.post(reverse("events:staff_programme", args=[event.slug]), data)
    assert response.status_code == 200
    assert "Dit soort bestand mag niet" in response.content.decode()
    assert not Session.objects.exists()


def test_a_table_with_a_written_harvest_cannot_be_removed(client, event, table, host):
    save(event, host, "Belangrijke oogst", table=table, revision=0)
    client.force_login(StaffFactory())
    data = {
        "sessions-TOTAL_FORMS": "0", "sessions-INITIAL_FORMS": "0",
        "tables-TOTAL_FORMS": "1", "tables-INITIAL_FORMS": "1",
        "tables-0-id": str(table.pk), "tables-0-name": table.name, "tables-0-order": "1",
        "tables-0-DELETE": "on",
    }  # fmt: skip
    response = client.post(reverse("events:staff_programme", args=[event.slug]), data)
    assert response.status_code == 200
    assert "hebben een oogst en kunnen niet weg" in response.content.decode()
    assert ThemeTable.objects.filter(pk=table.pk).exists()


def _with_slides(event, *, public):
    session = Session.objects.create(
        event=event, starts_at=event.starts_at, title="Inleiding", slides_public=public
    )
    from portal.files import store_private_file

    store_private_file(
        upload=SimpleUploadedFile("dia.pdf", PDF_BYTES), target=session,
        uploaded_by=StaffFactory(), purpose="slides",
    )  # fmt: skip
    return reverse("events:slides", args=[event.slug, session.pk])


def test_public_slides_are_for_everyone_who_may_see_the_event(client, programme):
    url = _with_slides(make_event(programme), public=True)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    members_only = make_event(programme, audience=Event.Audience.COALITIONS)
    assert client.get(_with_slides(members_only, public=True)).status_code == 302  # log in


def test_private_slides_are_for_participants_and_staff(client, event):
    url = _with_slides(event, public=False)
    assert client.get(url).status_code == 302  # anonymous: log in
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(register(event))
    assert client.get(url).status_code == 200
    client.force_login(StaffFactory())
    assert client.get(url).status_code == 200


# --- Events for a learning group ------------------------------------------------------------
def test_an_event_for_a_learning_group_is_for_the_people_of_its_registrations(programme):
    call = Call.objects.create(programme=programme, title="Leertraject", slug="leertraject")
    stage = Stage.objects.create(call=call, kind="registration", name="Aanmelding")
    group = LearningGroup.objects.create(call=call, name="Groep Oost")
    other_group = LearningGroup.objects.create(call=call, name="Groep West")
    in_group, in_other_group = UserFactory(), UserFactory()
    for person, learning_group in [(in_group, group), (in_other_group, other_group)]:
        proposal = Proposal.objects.create(
            call=call, stage=stage, title="Samen leren", lead_organisation=OrganisationFactory()
        )
        proposal.people.add(person)
        LearningGroupMember.objects.create(group=learning_group, proposal=proposal)
    event = make_event(programme, audience=Event.Audience.LEARNING_GROUPS)
    event.learning_groups.add(group)
    assert list(visible_events(in_group)) == [event]
    assert not visible_events(in_other_group).exists()
    assert in_group.has_perm("events.register_for_event", event)
    assert services.register(event=event, user=in_group).state == "registered"


def test_the_event_form_needs_a_learning_group_for_that_audience(client, programme):
    call = Call.objects.create(programme=programme, title="Leertraject", slug="leertraject")
    group = LearningGroup.objects.create(call=call, name="Groep Oost")
    client.force_login(StaffFactory())
    data = {
        "kind": "learning_meeting", "title": "Leergroep Oost", "starts_at": "2030-06-20T13:00",
        "ends_at": "2030-06-20T16:00", "programme": programme.pk, "audience": "learning_groups",
        "questions-TOTAL_FORMS": "0", "questions-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = client.post(reverse("events:staff_create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kies de leergroepen die mogen komen." in html and "Leertraject: Groep Oost" in html
    response = client.post(reverse("events:staff_create"), {**data, "learning_groups": group.pk})
    assert response.status_code == 302
    assert list(Event.objects.get(title="Leergroep Oost").learning_groups.all()) == [group]
