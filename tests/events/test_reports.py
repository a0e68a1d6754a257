"""The harvest as a publication (PDF), the presence list through the report registry, the staff
page's reports box, and the events attended in the coalition dossier."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from events import services
from events.models import AgendaItem, Event, Harvest, Registration, Session
from portal import reports
from tests.factories import StaffFactory, UserFactory
from tests.helpers import ALLOWED, DENIED, check_permission_matrix

from .conftest import make_event, make_table, register

pytestmark = pytest.mark.django_db

SYMPOSIUM = "symposium-gemeenschapskracht-2019"


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def make(kind, event, maker=None):
    return reports.make_pdf(reports.get_report(kind), event, maker, language="nl")


def flat(text):
    return " ".join(text.split())


@pytest.fixture
def harvested(event):
    """An event with two sessions, three tables with a harvest each (one not public), the
    plenary close and a knowledge-agenda item."""
    staff = StaffFactory()
    Session.objects.create(
        event=event, starts_at=event.starts_at, title="Inleiding", speaker="Nathan Rozema"
    )
    tables = []
    for number, (name, public) in enumerate(
        [("Serieuze partners", True), ("Nieuwe rollen in de wijk", True),
         ("Iedereen bereiken", False)], start=1,
    ):  # fmt: skip
        table = make_table(event, name=f"Tafel {number}: {name}", order=number,
                           questions=f"Vraag van tafel {number}")  # fmt: skip
        services.save_harvest(
            event=event, table=table, text=f"- Oogstpunt van tafel {number}", base_revision=0,
            actor=staff, is_public=public,
        )  # fmt: skip
        tables.append(table)
    services.save_harvest(
        event=event, text="Plenaire oogst: kennis beter delen.", base_revision=0, actor=staff,
        is_public=True,
    )  # fmt: skip
    AgendaItem.objects.create(
        programme=event.programme, text="Hoe bereik je de bewoners?", source_table=tables[2],
        event=event, owner_name="Netwerk Omzien naar elkaar",
    )  # fmt: skip
    return tables


def test_harvest_report_holds_every_table_its_harvest_and_the_agenda(event, harvested):
    text = flat("\n".join(pdf_pages(make("harvest", event))))
    assert "Wat hebben we geoogst?" in text and "Nathan Rozema" in text
    for number, table in enumerate(harvested, start=1):
        assert table.name in text and f"Vraag van tafel {number}" in text
        assert f"Oogstpunt van tafel {number}" in text
    assert "Plenaire oogst: kennis beter delen." in text
    assert "Hoe bereik je de bewoners?" in text and "Netwerk Omzien naar elkaar" in text


def test_harvest_contents_page_numbers_point_at_the_tables(event, harvested):
    pages = pdf_pages(make("harvest", event))
    toc = next(page for page in pages if "Inhoud" in page)
    for title in [table.name for table in harvested] + ["Plenaire afsluiting", "Kennisagenda"]:
        entry = re.search(rf"^{re.escape(title)}[^\n]*?\.+ ?(\d+)$", toc, re.M)
        assert entry, f"{title} missing from the contents:\n{toc!r}"
        target = pages[int(entry.group(1)) - 1]
        assert title in target and target is not toc, title
    assert f"/ {len(pages)}" in pages[-1]


def test_a_non_participant_gets_the_public_harvest_only(event, harvested):
    participant, outsider = register(event), UserFactory()
    full = flat("\n".join(pdf_pages(make("harvest", event, participant))))
    public = flat("\n".join(pdf_pages(make("harvest", event, outsider))))
    assert "Oogstpunt van tafel 3" in full and "Oogstpunt van tafel 3" not in public
    assert "Oogstpunt van tafel 1" in public and "alleen de openbare oogst" in public
    assert "Hoe bereik je de bewoners?" not in public  # the agenda is for staff and members


def test_who_may_make_the_harvest_report(event, harvested, host):
    harvested[0].host = host
    harvested[0].save()
    url = reverse("make_report", args=["harvest", event.slug])
    matrix = {
        None: DENIED, StaffFactory(): ALLOWED, register(event): ALLOWED, host: ALLOWED,
        UserFactory(): ALLOWED,  # the event is public and so are some of its harvests
    }  # fmt: skip
    assert check_permission_matrix(url, matrix) == []
    Harvest.objects.update(is_public=False)
    assert check_permission_matrix(url, {UserFactory(): DENIED}) == []
    members_only = make_event(event.programme, audience=Event.Audience.COALITIONS)
    services.save_harvest(
        event=members_only, text="Alleen voor ons", base_revision=0, actor=StaffFactory(),
        is_public=True,
    )  # fmt: skip
    url = reverse("make_report", args=["harvest", members_only.slug])
    assert check_permission_matrix(url, {UserFactory(): DENIED}) == []


def test_export_report_makes_the_symposium_harvest_and_presence_list(tmp_path):
    call_command("seed_demo")
    harvest_file, presence_file = tmp_path / "oogst.pdf", tmp_path / "presentie.pdf"
    call_command("export_report", "harvest", "--event", SYMPOSIUM, "-o", str(harvest_file))
    call_command("export_report", "presence", "--event", SYMPOSIUM, "-o", str(presence_file))
    text = flat("\n".join(pdf_pages(harvest_file.read_bytes())))
    symposium = Event.objects.get(slug=SYMPOSIUM)
    assert symposium.tables.count() == 8
    for table in symposium.tables.all():
        assert table.name in text
        first_point = table.harvests.get().text.splitlines()[0].lstrip("- ").split(".")[0]
        assert flat(first_point) in text, table.name
    assert "Thom Verheggen" in text and "Plenaire afsluiting" in text
    assert "Hoe boor je de passie aan van de professionals?" in text
    presence = flat("\n".join(pdf_pages(presence_file.read_bytes())))
    assert "Presentielijst" in presence and "Fatima Ouali" in presence
    listed = io.StringIO()
    call_command("export_report", "--list", stdout=listed)
    assert re.search(rf"^harvest +--event .*{SYMPOSIUM}", listed.getvalue(), re.M)
    assert re.search(r"^presence +--event ", listed.getvalue(), re.M)


def test_staff_event_page_offers_the_harvest_report_and_keeps_the_presence_link(client, event):
    client.force_login(StaffFactory())
    html = client.get(reverse("events:staff_registrations", args=[event.slug])).content.decode()
    assert reverse("make_report", args=["harvest", event.slug]) in html
    assert reverse("events:staff_presence_list", args=[event.slug]) in html
    presence = client.get(reverse("make_report", args=["presence", event.slug]))
    assert presence.status_code == 200 and presence["Content-Type"] == "application/pdf"


def test_coalition_dossier_lists_the_events_its_members_attended(coalition, member):
    came = make_event(coalition.programme, title="Gezamenlijke start")
    missed = make_event(coalition.programme, title="Tweede leerbijeenkomst")
    Registration.objects.create(event=came, user=member, attended=True)
    Registration.objects.create(event=missed, user=member, attended=False)
    Registration.objects.create(event=missed, user=UserFactory(), attended=True)  # not a member
    pages = pdf_pages(reports.make_pdf(reports.get_report("dossier"), coalition, member))
    text = flat("\n".join(pages))
    assert "Evenementen waar leden van de coalitie bij waren" in text
    assert "Gezamenlijke start" in text and member.name in text
    assert "Tweede leerbijeenkomst" not in text
    toc = next(page for page in pages if "Inhoud" in page)
    assert re.search(r"^Evenementen[^\n]*?\.+ ?\d+$", toc, re.M)
