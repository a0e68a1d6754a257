"""Demo: the joint events of the five coalitions' programme and the symposium of the domain folder.

From ../shared/domain/aanpak-expeditie-interview.txt: a joint start with the core groups of all
five coalitions in January 2022, joint learning meetings in autumn 2022 and June 2023, and a
national event in autumn 2023. The documents give the month, not the day: the days and times
below are assumed. The symposium "Beter benutten van gemeenschapskracht" (symposium-oogst.txt)
was on 19 September 2019 at the Krachtstation, with 90–100 people; it belongs to the network of
its organisers (KUS and Omzien), so it gets a programme of its own. Its programme follows the
text: three keynotes (Nathan Rozema, Raf Janssen, Thom Verheggen), eight theme tables on six
questions, a plenary close. The text gives the harvest as a whole ("Constateringen") and the
knowledge agenda with the proposals of Omzien; the tables' names, which question each table had
and its harvest are a condensed division of that text (assumed), as are the owners, statuses and
follow-up dates of the knowledge-agenda items.

Two coming events make the demo show registering: a public webinar and the first learning
meeting of the registration call "Leertraject Lokaal Samenspel" (at its milestone's date).

Idempotent: events are found by slug; registrations by (event, person).
"""

import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from calls.models import Call, Milestone, Programme
from coalitions.models import Coalition
from events.models import (
    AgendaItem,
    Event,
    EventQuestion,
    Harvest,
    Registration,
    Session,
    ThemeTable,
)
from portal.demo import register_demo_loader
from portal.models import User
from reflections.models import Reflection, Theme

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
Kind, Audience = Event.Kind, Event.Audience


def _at(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


EXPEDITION = [
    {
        "slug": "gezamenlijke-start-2022",
        "kind": Kind.KICK_OFF,
        "title": "Gezamenlijke start van de expeditie",
        "starts_at": _at(2022, 1, 27, 13, 30),
        "ends_at": _at(2022, 1, 27, 16, 30),
        "place": "Utrecht",
        "audience": Audience.COALITIONS,
        "capacity": 40,
        "registration_deadline": _at(2022, 1, 20, 23, 59),
        "description": (
            "De start van de expeditie met de kerngroepen van alle vijf coalities.\n\n"
            "- Kennismaken met elkaar en met het ondersteuningsteam.\n"
            "- Kennismaken met de inspiratiewijzer **Lokaal Samenspel** van LSA Bewoners en "
            "Movisie.\n"
            "- Vooruitkijken: pitstops, leerbijeenkomsten en de landelijke bijeenkomst."
        ),
    },
    {
        "slug": "eerste-leerbijeenkomst-2022",
        "kind": Kind.LEARNING_MEETING,
        "title": "Eerste gezamenlijke leerbijeenkomst",
        "starts_at": _at(2022, 10, 6, 13, 0),
        "ends_at": _at(2022, 10, 6, 17, 0),
        "place": "Utrecht",
        "audience": Audience.COALITIONS,
        "capacity": 40,
        "registration_deadline": _at(2022, 9, 29, 23, 59),
        "description": (
            "De vijf coalities reflecteren samen op hun lokale ervaringen en de rode draden uit "
            "de eerste pitstops: de schuurplekken en de flow in hun samenwerking."
        ),
    },
    {
        "slug": "tweede-leerbijeenkomst-2023",
        "kind": Kind.LEARNING_MEETING,
        "title": "Tweede gezamenlijke leerbijeenkomst",
        "starts_at": _at(2023, 6, 15, 13, 0),
        "ends_at": _at(2023, 6, 15, 17, 0),
        "place": "Utrecht",
        "audience": Audience.COALITIONS,
        "capacity": 40,
        "registration_deadline": _at(2023, 6, 8, 23, 59),
        "description": (
            "Aan het eind van het ondersteuningstraject kijken de vijf coalities samen terug. "
            "Wat zijn de werkzame factoren van een soepele samenwerking? Wat betekent dat voor de "
            "buurt?"
        ),
    },
    {
        "slug": "landelijke-bijeenkomst-2023",
        "kind": Kind.NATIONAL,
        "title": "Landelijke bijeenkomst: de kracht van samenwerking",
        "starts_at": _at(2023, 11, 9, 13, 0),
        "ends_at": _at(2023, 11, 9, 17, 30),
        "place": "Utrecht",
        "audience": Audience.PUBLIC,
        "capacity": 150,
        "registration_deadline": _at(2023, 11, 2, 23, 59),
        "description": (
            "VSBfonds, de vijf lokale coalities en drie landelijke partners delen de inzichten, "
            "resultaten en veranderingen van de experimenten. Met ervaringen uit andere "
            "landelijke programma's over samenwerken met bewonersinitiatieven."
        ),
    },
]

SYMPOSIUM = {
    "slug": "symposium-gemeenschapskracht-2019",
    "kind": Kind.SYMPOSIUM,
    "title": "Symposium Beter benutten van gemeenschapskracht",
    "starts_at": _at(2019, 9, 19, 13, 0),
    "ends_at": _at(2019, 9, 19, 17, 30),
    "place": "Krachtstation, Kanaleneiland, Utrecht",
    "audience": Audience.PUBLIC,
    "capacity": 100,
    "registration_deadline": _at(2019, 9, 12, 23, 59),
    "description": (
        "Het eerste gezamenlijke symposium van het Kennisplatform Utrecht Sociaal (KUS) en het "
        "netwerk Omzien naar elkaar. Centraal staat de samenwerking tussen bewonersinitiatieven "
        "en sociale professionals, gemeenten en kennisinstellingen.\n\n"
        "Met inleidingen door Nathan Rozema (Krachtstation Kanaleneiland), Raf Janssen "
        "(oud-wethouder gemeente Peel en Maas) en Thom Verheggen (medeauteur van *Anders "
        "Vasthouden*). Daarna praat je aan acht thematafels over zes vraagstukken, en sluiten we "
        "plenair af."
    ),
}


def _event(programme, data, *, call=None) -> Event:
    defaults = {**data, "programme": programme, "call": call, "is_published": True}
    return Event.objects.get_or_create(slug=data["slug"], defaults=defaults)[0]


# Demo people and the events they registered for (past events: they came).
REGISTRATIONS = {
    "gezamenlijke-start-2022": [
        ("bewoner@samenspel.demo", "Reisgenoten Zuid Doet Samen", "Kerngroep"),
        ("welzijn@samenspel.demo", "Stimenz", "Opbouwwerker"),
        ("coalitie@samenspel.demo", "Kracht van Zuilen", "Kerngroep"),
        ("ondersteuning@samenspel.demo", "Ondersteuningsteam", "Begeleider"),
    ],
    "eerste-leerbijeenkomst-2022": [
        ("bewoner@samenspel.demo", "Reisgenoten Zuid Doet Samen", "Kerngroep"),
        ("coalitie@samenspel.demo", "Kracht van Zuilen", "Kerngroep"),
    ],
    "tweede-leerbijeenkomst-2023": [
        ("welzijn@samenspel.demo", "Stimenz", "Opbouwwerker"),
        ("coalitie@samenspel.demo", "Kracht van Zuilen", "Kerngroep"),
    ],
    "landelijke-bijeenkomst-2023": [
        ("bewoner@samenspel.demo", "Reisgenoten Zuid Doet Samen", "Kerngroep"),
        ("coalitie@samenspel.demo", "Kracht van Zuilen", "Kerngroep"),
        ("programma@samenspel.demo", "VSBfonds", "Programmamanager"),
    ],
    "webinar-lessen-uit-vijf-expedities": [
        ("coalitie@samenspel.demo", "Kracht van Zuilen", "Kerngroep"),
    ],
    "symposium-gemeenschapskracht-2019": [
        ("bewoner@samenspel.demo", "Reisgenoten Zuid Doet Samen", "Initiatiefnemer"),
        ("coalitie@samenspel.demo", "Kracht van Zuilen", "Bewoner"),
        ("welzijn@samenspel.demo", "Stimenz", "Sociaal professional"),
    ],
}


def _registrations(now):
    users = {user.email: user for user in User.objects.filter(email__endswith="@samenspel.demo")}
    for slug, people in REGISTRATIONS.items():
        event = Event.objects.filter(slug=slug).first()
        if event is None:
            continue
        for email, organisation, role in people:
            if email not in users:
                continue
            if Registration.objects.filter(event=event, user=users[email]).exists():
                continue  # also when the person cancelled in the demo: leave it so
            Registration.objects.create(
                event=event,
                user=users[email],
                answers={"organisation": organisation, "role": role},
                attended=True if event.ends_at < now else None,
            )


def load(stdout=None):
    now = timezone.now()
    programme = Programme.objects.filter(slug="betrokken-buurten").first()
    if programme is None:
        return
    staff = User.objects.filter(email="programma@samenspel.demo").first()
    support = User.objects.filter(email="ondersteuning@samenspel.demo").first()
    coalitions = list(Coalition.objects.filter(programme=programme, is_public=True))
    for data in EXPEDITION:
        event = _event(programme, {**data, "ask_role": True, "ask_dietary": True})
        if not event.coalitions.exists() and data["audience"] == Audience.COALITIONS:
            event.coalitions.set(coalitions)
        for person in (staff, support):
            if person:
                event.organisers.add(person)

    day = (now + timedelta(days=30)).astimezone(AMSTERDAM).date()
    webinar = _event(programme, {
        "slug": "webinar-lessen-uit-vijf-expedities",
        "kind": Kind.WEBINAR,
        "title": "Webinar: lessen uit vijf expedities",
        "starts_at": datetime.datetime.combine(day, datetime.time(15, 0), tzinfo=AMSTERDAM),
        "ends_at": datetime.datetime.combine(day, datetime.time(16, 0), tzinfo=AMSTERDAM),
        "place": "", "online_url": "https://example.org/webinar-samenspel",
        "audience": Audience.PUBLIC, "capacity": 100, "ask_accessibility": True,
        "description": (
            "Een uur over wat de vijf coalities leerden over samenwerken tussen bewoners en "
            "welzijn. Met vragen uit de zaal."
        ),
    })  # fmt: skip
    if staff:
        webinar.organisers.add(staff)

    call = Call.objects.filter(slug="leertraject-lokaal-samenspel").first()
    milestone = (
        Milestone.objects.filter(call=call, kind=Milestone.Kind.EVENT).order_by("at").first()
        if call
        else None
    )
    if milestone:
        meeting = _event(programme, {
            "slug": "leertraject-eerste-leerbijeenkomst",
            "kind": Kind.LEARNING_MEETING,
            "title": "Leertraject Lokaal Samenspel: eerste leerbijeenkomst",
            "starts_at": milestone.at, "ends_at": milestone.at + timedelta(hours=3),
            "place": "Utrecht", "audience": Audience.APPLICANTS, "capacity": 30,
            "registration_deadline": milestone.at - timedelta(days=7),
            "ask_role": True, "ask_dietary": True, "ask_accessibility": True,
            "description": (
                "De eerste bijeenkomst van het leertraject. Je maakt kennis met de andere "
                "deelnemers en scherpt je leervraag aan."
            ),
        }, call=call)  # fmt: skip
        if not meeting.questions.exists():
            EventQuestion.objects.create(
                event=meeting, text="Met wie kom je? Noem je lokale partners.", order=1
            )

    omzien, _created = Programme.objects.get_or_create(
        slug="gemeenschapskracht-utrecht",
        defaults={
            "name": "Gemeenschapskracht Utrecht (KUS en Omzien)",
            "description": (
                "Het Kennisplatform Utrecht Sociaal en het netwerk Omzien naar elkaar: samen "
                "leren over bewonersinitiatieven in de provincie Utrecht."
            ),
        },
    )
    symposium = _event(omzien, {**SYMPOSIUM, "ask_role": True})
    _registrations(now)
    _symposium_programme(symposium, staff=staff, support=support)
    _knowledge_agenda(symposium, staff=staff, support=support, now=now)
    _reflection_item(programme, support=support)


# --- The symposium's programme, tables, harvest and knowledge agenda ------------------------
SESSIONS = [
    ((13, 0), (13, 15), "Welkom en opening", "KUS en Omzien naar elkaar", ""),
    ((13, 15), (13, 35), "Inleiding: bewoners aan zet in Kanaleneiland",
     "Nathan Rozema (Krachtstation Kanaleneiland)", ""),
    ((13, 35), (13, 55), "Inleiding: ruimte geven als gemeente",
     "Raf Janssen (oud-wethouder gemeente Peel en Maas)", ""),
    ((13, 55), (14, 15), "Inleiding: Anders vasthouden",
     "Thom Verheggen (medeauteur van Anders Vasthouden)", ""),
    ((14, 30), (16, 0), "Thematafels", "",
     "Acht thematafels over zes vraagstukken. Elke tafel heeft een gastheer of gastvrouw."),
    ((16, 15), (17, 0), "Plenaire afsluiting: wat hebben we geoogst?", "KUS en Omzien naar elkaar",
     ""),
]  # fmt: skip

# (name, host e-mail or "", host name, questions, harvest, themes, public)
TABLES = [
    (
        "Tafel 1: Serieuze partners",
        "programma@samenspel.demo", "",
        ["Worden bewonersinitiatieven gezien als leuke initiatieven die subsidie nodig hebben, "
         "of als serieuze partners in gezonde en vitale wijken en dorpen?"],
        "- Veel beleidsmakers en bestuurders zien bewonersinitiatieven nog als leuke "
        "initiatieven die subsidie nodig hebben.\n"
        "- Er is een groot verschil in kennis over de rol en positie van initiatieven. "
        "*Onbekendheid* kwam steeds terug.\n"
        "- Maak zichtbaar wat initiatieven doen en opleveren: in verhalen en in "
        "maatschappelijke en financiële waarde.",
        ["Relatie met de gemeente", "Bewonerszeggenschap"], True,
    ),
    (
        "Tafel 2: Gelijkwaardig samenwerken met de gemeente",
        "", "Kennisplatform Utrecht Sociaal",
        ["Worden bewonersinitiatieven gezien als leuke initiatieven die subsidie nodig hebben, "
         "of als serieuze partners in gezonde en vitale wijken en dorpen?"],
        "- Een aantal sterke initiatieven loopt vast als het gaat om gelijkwaardig samenwerken "
        "met de gemeente.\n"
        "- Bestuurders zeggen: pak gewoon de ruimte. Initiatieven ervaren regels en loketten.\n"
        "- Zoek samen naar de waarden achter die beelden.",
        ["Relatie met de gemeente"], True,
    ),
    (
        "Tafel 3: De passie van professionals",
        "ondersteuning@samenspel.demo", "",
        ["Hoe boor je de passie aan van de professionals?",
         "Hoe vind je bij professionals de “bewonersstand”?"],
        "- Sociaal professionals zijn zich nog weinig bewust van de rol van "
        "bewonersinitiatieven.\n"
        "- Anders denken begint bij de opleiding: denken, houding en gedrag.\n"
        "- Reflecteren op de eigen rol is een punt van ontwikkeling. Er wordt snel naar "
        "anderen gewezen.",
        ["Rolverdeling"], True,
    ),
    (
        "Tafel 4: Nieuwe rollen in de wijk",
        "", "Netwerk Omzien naar elkaar",
        ["Zou er iemand moeten zijn die meekijkt over de schouder, en wie moet dat dan zijn?",
         "Welke rollen spelen mensen die niet bij de gemeente in dienst zijn?"],
        "- Dorpsondersteuners en buurtnetwerkers die door initiatieven worden aangestuurd, "
        "spelen een nieuwe rol.\n"
        "- Zij willen ervaringen uitwisselen: een kring voor intervisie.",
        ["Rolverdeling", "Minder afhankelijk van personen"], True,
    ),
    (
        "Tafel 5: Eigen plekken en eigen geld",
        "", "Krachtstation Kanaleneiland",
        ["Hoe word je als bewonersinitiatief zo onafhankelijk mogelijk?"],
        "- Initiatieven willen plekken in eigendom: buurthuizen, speeltuinen.\n"
        "- Businessmodellen, wijkbedrijven en wijkuitzendbureaus helpen om minder afhankelijk "
        "te zijn van subsidie.",
        ["Ontmoetingsplekken"], True,
    ),
    (
        "Tafel 6: Publieke taken overnemen",
        "", "Netwerk Omzien naar elkaar",
        ["Hoe neem je als initiatief publieke taken over, en krijg je daar het geld voor?"],
        "- Right to challenge, inkoop en subsidies voor wijkcoöperaties en buurthuizen in "
        "zelfbeheer.\n"
        "- Dagbesteding en sociale ondersteuning door initiatieven: erkenning als serieuze "
        "speler ontbreekt nog vaak.",
        ["Relatie met de gemeente"], True,
    ),
    (
        "Tafel 7: Regels en randvoorwaarden",
        "", "Kennisplatform Utrecht Sociaal",
        ["Hoe zorg je dat een initiatief niet weggebonjourd wordt door bijvoorbeeld nieuwe "
         "wetgeving?"],
        "- Strijdige regelgeving en schotten tussen domeinen remmen initiatieven.\n"
        "- Domeinoverstijgend werken vraagt iets van gemeenten én van instellingen.",
        ["Relatie met de gemeente"], True,
    ),
    (
        "Tafel 8: Iedereen bereiken",
        "", "Netwerk Omzien naar elkaar",
        ["Hoe bereik ik de bewoners, en waarom komen ze niet?",
         "Hoe voorkomen we dat mensen in eenzaamheid vervallen?"],
        "- Dezelfde vraag leeft bij professionals en bij initiatieven.\n"
        "- Ervaringsdeskundigen en actieve bewoners bereiken mensen die instellingen niet "
        "bereiken.\n"
        "- Deze tafel wil eerst verder praten voor de oogst openbaar wordt.",
        ["Ontmoetingsplekken", "Vertrouwen"], False,
    ),
]  # fmt: skip

PLENARY = (
    "Een grote opkomst, met veel variatie: initiatiefnemers, sociaal professionals, gemeenten "
    "en experts. Sommige partners ontbraken, zoals beleidsmakers van de gemeente Utrecht.\n\n"
    "**Wat we zagen**\n\n"
    "- Er is een groot verschil in kennis over en ervaring met bewonersinitiatieven.\n"
    "- Er zijn veel beelden, bij bestuurders, professionals en initiatieven. Ga op zoek naar "
    "de waarden erachter.\n"
    "- Twee stromingen: zo onafhankelijk mogelijk worden, of publieke taken overnemen met het "
    "geld dat erbij hoort.\n"
    "- Bewonersinitiatieven en ervaringsdeskundigheid kunnen helpen om ook in de toekomst aan "
    "de vraag naar welzijn en zorg te voldoen. Wordt dat gezien?\n"
    "- De randvoorwaarden kunnen veel beter: regels, domeinoverstijgend werken, houding en "
    "gedrag.\n\n"
    "Over een tot anderhalf jaar komen we weer samen om te kijken wat er is bereikt."
)

KUS = "Kennisplatform Utrecht Sociaal (KUS)"
OMZIEN = "Netwerk Omzien naar elkaar"

# (kind, text, table number or None for the plenary harvest, owner e-mail, owner name, status,
#  follow-up date)
AGENDA = [
    ("question", "Hoe boor je de passie aan van de professionals?", 3,
     "", KUS, "in_progress", datetime.date(2020, 3, 1)),
    ("question", "Zou er iemand moeten zijn die meekijkt over de schouder, en wie moet dat dan "
     "zijn?", 4, "", OMZIEN, "open", datetime.date(2020, 6, 1)),
    ("question", "Hoe doe je het omdenken om echt de burger centraal te stellen? Hoe vind je "
     "bij professionals de “bewonersstand”?", 3, "", KUS, "open", datetime.date(2020, 6, 1)),
    ("question", "Nieuwe rollen: mensen die niet in dienst zijn van de gemeente, maar wel rollen "
     "vervullen.", 4, "", OMZIEN, "in_progress", datetime.date(2020, 3, 1)),
    ("question", "Onze kennis beter delen en elkaar blijven inspireren.", None,
     "", KUS, "done", datetime.date(2020, 1, 15)),
    ("question", "Hoe zorg je dat een initiatief niet weggebonjourd wordt door nieuwe "
     "wetgeving?", 7, "", KUS, "open", datetime.date(2020, 9, 1)),
    ("question", "Worden bewonersinitiatieven gezien als leuke initiatieven die subsidie nodig "
     "hebben, of als serieuze partners in gezonde en vitale wijken en dorpen?", 1,
     "programma@samenspel.demo", "", "in_progress", datetime.date(2020, 9, 1)),
    ("question", "Hoe bereik ik de bewoners, en hoe voorkomen we dat mensen in eenzaamheid "
     "vervallen?", 8, "", OMZIEN, "open", datetime.date(2020, 9, 1)),
    ("proposal", "Opleiding van sociale professionals, beleidsadviseurs en wijkwerkers: een "
     "visie op het sociaal domein en de wijk of het dorp van de toekomst (2040); "
     "domeinoverstijgend opleiden en democratisch vakmanschap.", None,
     "", OMZIEN, "open", datetime.date(2020, 12, 1)),
    ("proposal", "Onbekendheid tegengaan: zichtbaar maken wat initiatieven doen en opleveren, "
     "in verhalen en in maatschappelijke en financiële waarde (0-metingen met GGD en RIVM).",
     None, "", KUS, "in_progress", datetime.date(2020, 6, 1)),
    ("proposal", "Vrije ruimte tussen initiatieven, gemeente en professionals: in de praktijk "
     "samen werken en samen leren, met reflectie.", None, "", OMZIEN, "dropped", None),
    ("proposal", "Actie-onderzoek of ontwikkeltafels voor initiatieven in de stabilisatiefase, "
     "zoals De Nieuwe Jutter, Dorpshuis Fort Vreeswijk en Samen Maken we Nieuwland.", 6,
     "", KUS, "in_progress", datetime.date(2020, 12, 1)),
    ("proposal", "Een kring van dorpsondersteuners en coördinatoren van bewonersinitiatieven: "
     "intervisie, twee of drie bijeenkomsten in 2020.", 4,
     "", OMZIEN, "done", datetime.date(2020, 11, 1)),
    ("proposal", "Verkennen van een coöperatie van bewonersinitiatieven voor samen leren, "
     "kennis delen en lobby. Eerst een haalbaarheidsfase: waar is behoefte aan?", 5,
     "", OMZIEN, "open", datetime.date(2021, 3, 1)),
    ("proposal", "Inspireren en uitdagen om sterke proeftuinen te maken: dorpen en wijken "
     "werken samen aan gezonde en vitale buurten.", None,
     "", KUS, "open", datetime.date(2021, 3, 1)),
]  # fmt: skip

FOLLOW_UP_MEETING = (
    "Terugkombijeenkomst voorbereiden: welke leer- en ontwikkelvragen zijn verder gekomen, en "
    "wat is er nu nodig?"
)


def _symposium_programme(event, *, staff, support):
    day = event.starts_at.astimezone(AMSTERDAM).date()

    def at(hour_minute):
        return datetime.datetime.combine(day, datetime.time(*hour_minute), tzinfo=AMSTERDAM)

    for start, end, title, speaker, description in SESSIONS:
        Session.objects.get_or_create(
            event=event, title=title,
            defaults={"starts_at": at(start), "ends_at": at(end), "speaker": speaker,
                      "description": description, "slides_public": True},
        )  # fmt: skip
    hosts = {user.email: user for user in (staff, support) if user}
    participants = list(
        User.objects.filter(event_registrations__event=event).order_by("email").distinct()
    )
    themes = {theme.name: theme for theme in Theme.objects.all()}
    for order, (name, host, host_name, questions, text, theme_names, public) in enumerate(
        TABLES, start=1
    ):
        table, created = ThemeTable.objects.get_or_create(
            event=event, name=name,
            defaults={"order": order, "host": hosts.get(host), "host_name": host_name,
                      "questions": "\n".join(questions)},
        )  # fmt: skip
        if created and participants:
            table.participants.add(participants[order % len(participants)])
        harvest, created = Harvest.objects.get_or_create(
            event=event, table=table,
            defaults={"text": text, "is_public": public, "saved_by": hosts.get(host) or staff},
        )  # fmt: skip
        if created:
            harvest.themes.set([themes[n] for n in theme_names if n in themes])
    plenary, created = Harvest.objects.get_or_create(
        event=event, table=None,
        defaults={"text": PLENARY, "is_public": True, "saved_by": staff},
    )  # fmt: skip
    if created:
        plenary.themes.set([themes[n] for n in ("Relatie met de gemeente",) if n in themes])


def _knowledge_agenda(event, *, staff, support, now):
    tables = {table.order: table for table in event.tables.all()}
    plenary = Harvest.objects.filter(event=event, table__isnull=True).first()
    owners = {user.email: user for user in (staff, support) if user}
    for kind, text, table, owner, owner_name, status, follow_up in AGENDA:
        source = {"source_table": tables.get(table)} if table else {"source_harvest": plenary}
        AgendaItem.objects.get_or_create(
            programme=event.programme, text=text,
            defaults={"kind": kind, "event": event, "owner": owners.get(owner),
                      "owner_name": owner_name, "status": status, "follow_up_on": follow_up,
                      "created_by": staff, **source},
        )  # fmt: skip
    # One item with a coming follow-up date, so the reminder shows in the demo.
    AgendaItem.objects.get_or_create(
        programme=event.programme, text=FOLLOW_UP_MEETING,
        defaults={"kind": "proposal", "event": event, "owner": support or staff,
                  "status": "in_progress", "source_harvest": plenary, "created_by": staff,
                  "follow_up_on": (now + timedelta(days=10)).astimezone(AMSTERDAM).date()},
    )  # fmt: skip


def _reflection_item(programme, *, support):
    """A question from a coalition's public lesson, on the programme's own knowledge agenda."""
    lesson = Reflection.objects.filter(
        coalition__programme=programme, title="Minder afhankelijk van personen",
        is_draft=False,
    ).first()  # fmt: skip
    if lesson is None:
        return
    AgendaItem.objects.get_or_create(
        programme=programme,
        text="Hoe leggen we afspraken zo vast dat de samenwerking blijft als mensen vertrekken?",
        defaults={"kind": "question", "owner": support, "status": "open",
                  "source_reflection": lesson, "follow_up_on": datetime.date(2023, 11, 9)},
    )  # fmt: skip


register_demo_loader(order=50, name="events", load=load)
