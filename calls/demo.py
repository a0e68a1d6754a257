"""Demo data for calls: the real 2021 call of VSBfonds (closed), an open copy with deadlines in
the future, and a one-stage registration for a learning trajectory.

The texts are data, not UI strings: they are in Dutch, as a fund would write them. The 2021 call
text comes from ../shared/domain/oproep-toelichting.txt, turned into Markdown.

Idempotent: programmes and calls are found by slug; their stages, dates, rules and questions are
only made when the call itself is new. The future deadlines are computed at the first seed.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone, translation
from django.utils.formats import date_format

from calls.models import (
    Call,
    EligibilityRule,
    Milestone,
    Programme,
    Question,
    QuickCheckQuestion,
    ReviewCriterion,
    Section,
    Stage,
)
from portal.demo import register_demo_loader
from portal.models import Organisation

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CONTACT = "betrokkenbuurten@vsbfonds.nl"

PROGRAMME_SLUG = "betrokken-buurten"
CALL_2021_SLUG = "samenwerkingsexperimenten-2021"
CALL_OPEN_SLUG = "samenwerkingsexperimenten-2027"
REGISTRATION_SLUG = "leertraject-lokaal-samenspel"


@dataclass(frozen=True)
class Dates:
    """The four important dates of a two-stage call (section 5 of the call text)."""

    proposal_deadline: datetime
    shortlist_announced: datetime
    plan_deadline: datetime
    selection_announced: datetime


DATES_2021 = Dates(
    proposal_deadline=datetime(2021, 9, 15, 23, 59, tzinfo=AMSTERDAM),
    shortlist_announced=datetime(2021, 9, 30, 12, 0, tzinfo=AMSTERDAM),
    plan_deadline=datetime(2021, 11, 30, 23, 59, tzinfo=AMSTERDAM),
    selection_announced=datetime(2021, 12, 21, 12, 0, tzinfo=AMSTERDAM),
)


def _day_in_amsterdam(now, days, hour=23, minute=59):
    """`days` days after now, at hour:minute on that day in Amsterdam."""
    day = now.astimezone(AMSTERDAM) + timedelta(days=days)
    return day.replace(hour=hour, minute=minute, second=0, microsecond=0)


def future_dates(now=None) -> Dates:
    now = now or timezone.now()
    return Dates(
        proposal_deadline=_day_in_amsterdam(now, 60),
        shortlist_announced=_day_in_amsterdam(now, 75, hour=12, minute=0),
        plan_deadline=_day_in_amsterdam(now, 150),
        selection_announced=_day_in_amsterdam(now, 171, hour=12, minute=0),
    )


def _nl(moment, fmt="j F Y"):
    with translation.override("nl"):
        return date_format(moment.astimezone(AMSTERDAM), fmt)


# --- The call text ------------------------------------------------------------------------

CALL_SUMMARY = (
    "Werk je als bewonersinitiatief samen met een welzijnsorganisatie, of wil je dat beter doen? "
    "VSBfonds zoekt experimenten waarin jullie samen iets nieuws uitproberen en daarvan leren. "
    "Stuur eerst een kort voorstel. Ongeveer 10 voorstellen mogen daarna een plan uitwerken; "
    "5 experimenten krijgen steun."
)

CALL_BODY = """\
## 1. Een experiment, wat bedoelen we daarmee?

Een experiment is een tijdelijke activiteit die je doet om in de praktijk te leren, ook wel een \
proef of pilot genoemd. Het doel van de samenwerkingsexperimenten tussen bewonersinitiatieven en \
welzijnsorganisaties is om te kijken of de gekozen vorm in de praktijk leidt tot een betere \
samenwerking.

### Bijvoorbeeld

Een bewonersinitiatief heeft een burennetwerk opgezet, waarmee mensen elkaar gaan helpen met \
kleine klusjes in en om het huis. De welzijnsorganisatie heeft voor de hele gemeente een netwerk \
informele zorg waarmee ze vraag en aanbod op elkaar afstemmen. Een samenwerkingsexperiment kan \
zijn dat de mensen van het burennetwerk aan de medewerker informele zorg vragen om een training en \
begeleiding te verzorgen aan bewoners die zich vrijwillig inzetten voor hulp bij complexe vragen.

## 2. Bewonersinitiatief van groot naar klein

Voor VSBfonds zijn bewonersinitiatieven initiatieven van mensen die zich samen inzetten voor \
ontmoeting en verbinding tussen bewoners in hun buurt. Bijvoorbeeld omdat ze elkaar willen \
ontmoeten en de buurt leefbaar willen maken. Vaak geven bewonersinitiatieven een nieuw antwoord \
op een maatschappelijk vraagstuk, door de kracht van de mensen in de buurt te benutten. Een \
bewonersinitiatief start vaak met één activiteit en kan van daaruit groeien naar een breed scala \
aan activiteiten voor en door bewoners. En soms groeit een initiatief uit naar een coöperatie die \
met eigen inkomsten kan investeren in de toekomst van de buurt.

### Bijvoorbeeld

Nieuwe antwoorden zoeken op maatschappelijke vraagstukken vraagt om anders denken en andere \
werkwijzen als je ‘van onderop’ aan de slag gaat. Bewonersinitiatieven lopen er regelmatig \
tegenaan dat gemeenten het werk op een manier indelen die niet past bij de praktijk in de buurt. \
Daarnaast werken welzijnsorganisaties vanuit een opdracht voor een buurt die niet altijd aansluit \
bij hoe bewoners zelf naar vraagstukken in hun buurt kijken. Dit leidt regelmatig tot \
spraakverwarring en onvermogen om elkaar duidelijk te maken wat je belangrijk vindt voor de buurt. \
Een experiment kan tot doel hebben dat je vanuit een gezamenlijke visie of aanpak wilt werken. Het \
plan kan zijn om samen een visie of aanpak te ontwikkelen of kennis daarover op te halen van \
elders en je deze eigen te maken. Denk bijvoorbeeld aan de ABCD-blik (Asset Based Community \
Development).

## 3. Een welzijnsorganisatie kan vele gezichten hebben

Voor deze oproep beschouwen wij organisaties die met subsidie van een gemeente sociale \
ondersteuning leveren aan inwoners als welzijnsorganisaties. Dat doen ze bijvoorbeeld via het \
sociale wijkteam, maatschappelijk werk, ouderen- en jongerenwerk, samenlevingsopbouw en \
mantelzorgondersteuning. Deze organisaties maken deel uit van de sociale infrastructuur van de \
gemeente. Ze vervullen een preventieve taak in het signaleren en voorkomen van zorgproblematiek \
en verwijzen door naar individuele zorg en hulpverlening waar nodig.

### Bijvoorbeeld

In veel gemeenten wordt de taak van het welzijnswerk voor periodes van 4 jaar via een \
aanbesteding aan een organisatie gegeven. In de praktijk betekent dat dat er nieuwe professionals \
actief worden in de buurt, die soms met een andere werkwijze of opdracht aan de slag gaan dan \
daarvoor. Voor een bewonersinitiatief breekt dan vaak een fase aan van opnieuw kennismaken, \
opnieuw uitvinden wat je aan elkaar hebt en hoe je in de praktijk samenwerkt. Het proces van \
verbinding in de buurt kan daardoor vertraging oplopen. Een experiment kan zijn dat een \
bewonersinitiatief en welzijnsorganisatie hier vooraf een programma voor in elkaar zetten en tijd \
vrij maken om de nieuwe samenwerking een impuls te geven.

## 4. Lokale context is belangrijk

De omgeving rond bewonersinitiatieven ziet er overal heel verschillend uit. Deze omgeving speelt \
een rol in de effecten van het experiment op de buurt. Daarom is het belangrijk om ons te \
vertellen hoe de situatie in jullie buurt of dorp er uit ziet. Wie zijn er actief, wat is de \
rolverdeling, wie doet wat en wat zijn de behoeften, belangen en krachten in de buurt? Wat zijn \
speciale eigenschappen van de buurt en haar bewoners? En welke relatie heeft de gemeente met de \
wijk en welke plannen zijn er voor de toekomst?

## 5. Belangrijke data

- **{proposal_deadline}** – deadline voor het indienen van voorstellen
- **{shortlist_announced}** – bericht over de selectie van de voorstellen die we uitnodigen om \
hun plan verder uit te werken (ca. 10 voorstellen)
- **{plan_deadline}** – deadline voor het indienen van de plannen voor de geselecteerde voorstellen
- **{selection_announced}** – bericht over de selectie van de experimenten die we gaan ondersteunen

## 6. Hulp bij verdere uitwerking plan

Als jullie eerste voorstel wordt geselecteerd, bieden we de mogelijkheid van extra hulp aan bij \
het uitwerken van het plan voor jullie experiment. Het maken van plannen en deze op papier zetten \
kost tijd. En die is er zowel bij bewonersinitiatieven als welzijnsorganisaties vaak niet. Plannen \
op papier zetten is ook niet voor iedereen even makkelijk. Hoe maak je bijvoorbeeld een planning \
en hoe bedenk je hoe je kunt leren in een experiment of hoe je de activiteiten precies gaat \
uitvoeren en welke kosten daarbij komen kijken? De extra hulp kan bestaan uit het inschakelen van \
iemand die goed kan schrijven, een plan kan helpen uitdenken of goeie ideeën heeft over het \
stimuleren van samenwerking. Laat ons bij de indiening van jullie voorstel weten wat jullie nodig \
denken te hebben.

## 7. Als jullie voorstel geselecteerd wordt…

Op {shortlist_day} maken we bekend welke experimenten we hebben geselecteerd. Als dat jullie \
voorstel is, hebben we meer informatie nodig. Deze informatie kan tot {plan_day} worden \
aangeleverd. We hebben nodig:

1. Een ingevuld aanvraagformulier.
2. Een verdere uitwerking van het eerder ingediende voorstel.
3. Een begroting.
4. Als je wilt, kun je extra bijlagen toevoegen. Denk aan een evaluatie van eerder uitgevoerde \
plannen, voorbeelden daarvan, interviews met bij het plan betrokken mensen, resultaten van \
onderzoek dat is uitgevoerd, enzovoort.

Als jullie idee niet aansluit bij de doelen van deze oproep, kijk dan eens of er mogelijkheden tot \
financiering van het plan zijn via onze reguliere aanvraagprocedure. Kijk hiervoor op onze website \
[www.vsbfonds.nl](https://www.vsbfonds.nl) door de quickscan te doorlopen.

We geven iedereen graag de gelegenheid om de lessen uit de verschillende experimenten te benutten. \
Daarom bieden we via verschillende wegen gelegenheid om van en met elkaar te leren tijdens en na \
afloop van de experimenten.

## 8. Contact

Voor inhoudelijke vragen kunt u contact opnemen met Daniëlle Rap en Paul Klouwens via het \
mailadres [betrokkenbuurten@vsbfonds.nl](mailto:betrokkenbuurten@vsbfonds.nl).
"""

CALL_FAQ = """\
### Wie mag een voorstel indienen?

Een bewonersinitiatief en een welzijnsorganisatie samen. Er doet minstens één \
bewonersinitiatief mee en minstens één welzijnsorganisatie. Andere partners, zoals de gemeente of \
een woningcorporatie, mogen ook meedoen.

### Hoe lang is een voorstel?

Kort. Je beantwoordt een paar vragen over jullie experiment, jullie samenwerking en de buurt. \
Pas als we jullie uitnodigen, schrijven jullie een uitgewerkt plan met een begroting.

### Kunnen we hulp krijgen bij het schrijven?

Ja. Geef in het voorstel aan welke hulp jullie nodig hebben. Als we jullie uitnodigen om het \
plan uit te werken, kan iemand helpen met schrijven, met de planning of met het bedenken van hoe \
jullie leren.

### Ons idee past niet bij deze oproep. Wat nu?

Kijk of jullie plan past bij de gewone aanvraagprocedure van VSBfonds. Doe daarvoor de \
quickscan op [www.vsbfonds.nl](https://www.vsbfonds.nl).

### Kunnen we het voorstel later nog aanpassen?

Ja, tot de deadline. Daarna kan het niet meer. Wat jullie opslaan, blijft bewaard.
"""

MILESTONE_NAMES = (
    ("proposal_deadline", "Deadline voor het indienen van voorstellen", Milestone.Kind.DEADLINE),
    (
        "shortlist_announced",
        "Bericht over de voorstellen die we uitnodigen om hun plan uit te werken "
        "(ongeveer 10 voorstellen)",
        Milestone.Kind.ANNOUNCEMENT,
    ),
    (
        "plan_deadline",
        "Deadline voor het indienen van de uitgewerkte plannen",
        Milestone.Kind.DEADLINE,
    ),
    (
        "selection_announced",
        "Bericht over de experimenten die we gaan ondersteunen",
        Milestone.Kind.ANNOUNCEMENT,
    ),
)

QUICK_CHECK = (
    (
        "Werken jullie samen met een welzijnsorganisatie?",
        True,
        "Deze oproep is voor samenwerking tussen minstens één bewonersinitiatief en minstens één "
        "welzijnsorganisatie. Zoek eerst een welzijnsorganisatie om samen mee op te trekken.",
    ),
    (
        "Doet er een bewonersinitiatief mee?",
        True,
        "Een bewonersinitiatief is een groep bewoners die zich samen inzet voor de buurt. Zonder "
        "bewonersinitiatief past jullie plan niet bij deze oproep.",
    ),
    (
        "Gaat het om een nieuw experiment in de buurt?",
        True,
        "We zoeken experimenten: iets nieuws dat jullie samen uitproberen om van te leren. Een "
        "plan dat al loopt of vastligt, past hier minder goed.",
    ),
    (
        "Zoek je geld voor gewone activiteiten die al lopen?",
        False,
        "Voor gewone activiteiten is deze oproep niet bedoeld. Kijk of ze passen bij de reguliere "
        "aanvraagprocedure van VSBfonds: doe de quickscan op www.vsbfonds.nl.",
    ),
)


# --- The forms ------------------------------------------------------------------------------
# (key, text, help text, kind, required, limits) per question; sections as (title, intro, rows).

LONG, SHORT, YES_NO, FILE = (
    Question.Kind.LONG_TEXT,
    Question.Kind.SHORT_TEXT,
    Question.Kind.YES_NO,
    Question.Kind.FILE,
)

PROPOSAL_SECTIONS = (
    (
        "Jullie experiment",
        "Vertel in gewone woorden wat jullie samen willen doen. Een kort antwoord is goed.",
        (
            (
                "titel",
                "Wat is de naam van jullie experiment?",
                "Een korte naam.",
                SHORT,
                True,
                {"max_chars": 120},
            ),
            (
                "samenvatting",
                "Vat jullie experiment samen.",
                "In een paar zinnen: wie doet wat, waar en waarom.",
                LONG,
                True,
                {"max_words": 150},
            ),
            (
                "wat-uitproberen",
                "Wat willen jullie samen uitproberen?",
                "Wat doen jullie anders dan nu? Wat is nieuw?",
                LONG,
                True,
                {"max_words": 400},
            ),
            (
                "wat-leren",
                "Wat willen jullie leren van dit experiment?",
                "Wanneer is het experiment voor jullie gelukt? Waar zijn jullie benieuwd naar?",
                LONG,
                True,
                {"max_words": 300},
            ),
        ),
    ),
    (
        "Samenwerking en buurt",
        "De buurt speelt een rol in wat het experiment oplevert. Vertel hoe het er bij jullie "
        "uitziet.",
        (
            (
                "partners-rollen",
                "Met welke partners werken jullie samen, en wat is ieders rol?",
                "Noem minstens één bewonersinitiatief en één welzijnsorganisatie. Andere partners "
                "mogen ook.",
                LONG,
                True,
                {"max_words": 300},
            ),
            (
                "lokale-context",
                "In welke buurt of welk dorp speelt het experiment, en in welke gemeente?",
                "",
                SHORT,
                True,
                {"max_chars": 200},
            ),
            (
                "buurt-wie-actief",
                "Wie zijn er actief in de buurt, en wie doet wat?",
                "Denk aan bewoners, vrijwilligers, professionals en organisaties.",
                LONG,
                True,
                {"max_words": 300},
            ),
            (
                "buurt-behoeften",
                "Wat zijn de behoeften, belangen en krachten in de buurt?",
                "",
                LONG,
                True,
                {"max_words": 300},
            ),
            (
                "buurt-bijzonder",
                "Wat is bijzonder aan de buurt en haar bewoners?",
                "",
                LONG,
                False,
                {"max_words": 200},
            ),
            (
                "relatie-gemeente",
                "Welke relatie heeft de gemeente met de wijk? En welke plannen "
                "zijn er voor de toekomst?",
                "",
                LONG,
                False,
                {"max_words": 200},
            ),
        ),
    ),
    (
        "Hulp en bijlage",
        "Plannen op papier zetten is niet voor iedereen makkelijk. Als we jullie uitnodigen, "
        "kunnen we helpen.",
        (
            (
                "hulp-gewenst",
                "Willen jullie hulp bij het uitwerken van het plan?",
                "Bijvoorbeeld iemand die goed kan schrijven of meedenkt over de planning.",
                YES_NO,
                True,
                {},
            ),
            (
                "hulp-wat",
                "Wat voor hulp hebben jullie nodig?",
                "Bijvoorbeeld: hulp bij schrijven, bij de planning, bij de begroting of bij het "
                "bedenken hoe jullie leren.",
                LONG,
                True,
                {"max_words": 200},
            ),
            (
                "bijlage",
                "Wil je een bijlage meesturen?",
                "Niet verplicht. Bijvoorbeeld een foto, een folder of een tekening.",
                FILE,
                False,
                {},
            ),
        ),
    ),
)

FULL_PLAN_SECTIONS = (
    (
        "Aanvraagformulier",
        "Gegevens van de penvoerder: de organisatie die het geld ontvangt en beheert.",
        (
            ("penvoerder", "Welke organisatie is penvoerder?", "", SHORT, True, {"max_chars": 200}),
            (
                "contactpersoon",
                "Wie is de contactpersoon?",
                "Naam en functie.",
                SHORT,
                True,
                {"max_chars": 200},
            ),
            (
                "contact-email",
                "Op welk e-mailadres kunnen we de contactpersoon bereiken?",
                "",
                Question.Kind.EMAIL,
                True,
                {},
            ),
            ("startdatum", "Wanneer begint het experiment?", "", Question.Kind.DATE, True, {}),
            (
                "looptijd",
                "Hoeveel maanden duurt het experiment?",
                "Experimenten duren meestal ongeveer 18 maanden.",
                Question.Kind.NUMBER,
                True,
                {},
            ),
        ),
    ),
    (
        "Uitgewerkt plan",
        "Werk het voorstel verder uit. Schrijf zo concreet als je kunt.",
        (
            (
                "plan-aanpak",
                "Wat gaan jullie doen?",
                "Beschrijf de activiteiten en wie ze uitvoert.",
                LONG,
                True,
                {"max_words": 800},
            ),
            (
                "plan-planning",
                "Wat is de planning?",
                "Wat gebeurt er wanneer? Noem de belangrijkste stappen.",
                LONG,
                True,
                {"max_words": 500},
            ),
            (
                "plan-leren",
                "Hoe leren jullie tijdens het experiment?",
                "Hoe houden jullie bij wat werkt en wat niet? Met wie delen jullie dat?",
                LONG,
                True,
                {"max_words": 500},
            ),
            (
                "plan-na-afloop",
                "Wat blijft er over als het experiment klaar is?",
                "",
                LONG,
                False,
                {"max_words": 300},
            ),
        ),
    ),
    (
        "Bijlagen",
        "De begroting vul je in bij de volgende stap. Hier kun je extra stukken meesturen.",
        (
            (
                "bijlagen",
                "Wil je extra bijlagen toevoegen?",
                "Niet verplicht. Denk aan een evaluatie van eerdere plannen, interviews met "
                "betrokkenen of resultaten van onderzoek.",
                FILE,
                False,
                {},
            ),
        ),
    ),
)

REGISTRATION_SECTIONS = (
    (
        "Aanmelding",
        "Vijf vragen. Een kort antwoord is goed; het gaat om jullie eerste ideeën.",
        (
            (
                "leervraag",
                "Wat is jullie voorlopige leervraag?",
                "Wat willen jullie samen uitzoeken of beter leren doen?",
                LONG,
                True,
                {"max_words": 150},
            ),
            (
                "waarom-leren",
                "Waarom willen jullie dit leren?",
                "Wat gaat er nu goed, wat schuurt er, en wat hopen jullie dat het oplevert?",
                LONG,
                True,
                {"max_words": 300},
            ),
            (
                "gemeente",
                "In welke gemeente zijn jullie actief?",
                "",
                SHORT,
                True,
                {"max_chars": 100},
            ),
            (
                "lokale-partners",
                "Met welke lokale partners doen jullie mee?",
                "Bijvoorbeeld een bewonersinitiatief, een welzijnsorganisatie en de gemeente.",
                LONG,
                True,
                {"max_words": 200},
            ),
            (
                "leren-met-wie",
                "Met wie zouden jullie graag samen leren?",
                "Bijvoorbeeld met deelnemers uit een gemeente van dezelfde grootte, of met "
                "partners die met hetzelfde onderwerp bezig zijn.",
                LONG,
                False,
                {"max_words": 200},
            ),
        ),
    ),
)


def build_sections(stage, sections):
    """Make the sections and questions of a stage. The help question 'hulp-wat' is shown only
    when 'hulp-gewenst' is answered yes."""
    questions = {}
    for section_order, (title, intro, rows) in enumerate(sections, start=1):
        section = Section.objects.create(stage=stage, title=title, intro=intro, order=section_order)
        for order, (key, text, help_text, kind, required, limits) in enumerate(rows, start=1):
            questions[key] = Question.objects.create(
                section=section,
                key=key,
                text=text,
                help_text=help_text,
                kind=kind,
                required=required,
                order=order,
                **limits,
            )
    if "hulp-gewenst" in questions and "hulp-wat" in questions:
        dependent = questions["hulp-wat"]
        dependent.condition_question = questions["hulp-gewenst"]
        dependent.condition_value = "yes"
        dependent.save(update_fields=["condition_question", "condition_value"])
    return questions


def _build_two_stage_call(call, dates: Dates):
    """Everything below a two-stage call like the 2021 one: rules, dates, stages, forms."""
    for kind in (Organisation.Kind.RESIDENT_INITIATIVE, Organisation.Kind.WELFARE):
        EligibilityRule.objects.create(call=call, organisation_kind=kind, minimum=1)
    for attribute, name, kind in MILESTONE_NAMES:
        Milestone.objects.create(call=call, name=name, at=getattr(dates, attribute), kind=kind)
    for order, (text, fitting, explanation) in enumerate(QUICK_CHECK, start=1):
        QuickCheckQuestion.objects.create(
            call=call, text=text, fitting_answer=fitting, explanation=explanation, order=order
        )
    proposal = Stage.objects.create(
        call=call,
        kind=Stage.Kind.PROPOSAL,
        name="Voorstel",
        order=1,
        deadline=dates.proposal_deadline,
    )
    build_sections(proposal, PROPOSAL_SECTIONS)
    full_plan = Stage.objects.create(
        call=call,
        kind=Stage.Kind.FULL_PLAN,
        name="Uitwerking",
        order=2,
        deadline=dates.plan_deadline,
        has_budget=True,
        invitation_only=True,
    )
    build_sections(full_plan, FULL_PLAN_SECTIONS)


def _call_body(dates: Dates) -> str:
    return CALL_BODY.format(
        proposal_deadline=_nl(dates.proposal_deadline),
        shortlist_announced=_nl(dates.shortlist_announced),
        plan_deadline=_nl(dates.plan_deadline),
        selection_announced=_nl(dates.selection_announced),
        shortlist_day=_nl(dates.shortlist_announced, "j F"),
        plan_day=_nl(dates.plan_deadline, "j F"),
    )


def _two_stage_call(programme, *, slug, title, status, dates):
    call, created = Call.objects.get_or_create(
        slug=slug,
        defaults={
            "programme": programme,
            "title": title,
            "summary": CALL_SUMMARY,
            "body": _call_body(dates),
            "faq": CALL_FAQ,
            "contact_email": CONTACT,
            "status": status,
            "kind": Call.Kind.TWO_STAGE,
            "expected_shortlist": 10,
            "expected_selected": 5,
            "reference_prefix": "BB",
        },
    )
    if created:
        _build_two_stage_call(call, dates)
    return call


REGISTRATION_BODY = """\
## Waarom een leertraject?

In vijf gemeenten werkten bewonersinitiatieven en welzijnsorganisaties samen in een experiment. \
Ze leerden veel: over vertrouwen, over rollen, over wat schuurt en wat juist goed loopt. In het \
leertraject Lokaal Samenspel delen we die lessen, en leren we verder met nieuwe deelnemers.

## Wat houdt het in?

- Je leert samen met je lokale partners, aan de hand van jullie eigen leervraag.
- Je ontmoet deelnemers uit andere gemeenten in een paar leerbijeenkomsten.
- Begeleiders van het ondersteuningsteam helpen jullie op weg.

## Wie kan zich aanmelden?

Een bewonersinitiatief en een welzijnsorganisatie uit dezelfde gemeente, samen. Andere lokale \
partners, zoals de gemeente, mogen meedoen. Je vraagt geen geld aan: deelname is gratis.

## Hoe meld je je aan?

Beantwoord vijf korte vragen. Het gaat om jullie eerste ideeën; de leervraag mag nog veranderen.
"""


def _registration_call(programme, now):
    deadline = _day_in_amsterdam(now, 45)
    call, created = Call.objects.get_or_create(
        slug=REGISTRATION_SLUG,
        defaults={
            "programme": programme,
            "title": "Leertraject Lokaal Samenspel",
            "summary": (
                "Leer samen met je lokale partners hoe bewoners en welzijn beter samenwerken. "
                "Meld je aan met vijf korte vragen. Deelname is gratis."
            ),
            "body": REGISTRATION_BODY,
            "contact_email": CONTACT,
            "status": Call.Status.PUBLISHED,
            "kind": Call.Kind.REGISTRATION,
            "reference_prefix": "LS",
        },
    )
    if created:
        Milestone.objects.create(
            call=call,
            name="Deadline voor het aanmelden",
            at=deadline,
            kind=Milestone.Kind.DEADLINE,
        )
        Milestone.objects.create(
            call=call,
            name="Eerste leerbijeenkomst",
            at=_day_in_amsterdam(now, 75, hour=13, minute=30),
            kind=Milestone.Kind.EVENT,
        )
        stage = Stage.objects.create(
            call=call,
            kind=Stage.Kind.REGISTRATION,
            name="Aanmelding",
            order=1,
            deadline=deadline,
        )
        build_sections(stage, REGISTRATION_SECTIONS)
    return call


CRITERIA = {
    Stage.Kind.PROPOSAL: [
        ("Samenwerking", "Werken bewoners en welzijn echt samen, als gelijken?", 2),
        ("Een echt experiment", "Proberen ze iets nieuws uit, om van te leren?", 1),
        ("Lokale context", "Is duidelijk hoe de buurt eruitziet en wie er actief is?", 1),
        ("Leren", "Weten ze wat ze willen leren en hoe?", 1),
    ],
    Stage.Kind.FULL_PLAN: [
        ("Uitvoerbaar plan", "Zijn planning en activiteiten haalbaar?", 2),
        ("Leren en reflecteren", "Is er ruimte om samen terug te kijken en bij te sturen?", 2),
        ("Begroting", "Past de begroting bij het plan?", 1),
    ],
}


def _review_setup(call):
    """Review criteria and due dates for a two-stage call; added when a stage has none."""
    for stage in call.stages.all():
        if stage.criteria.exists() or stage.kind not in CRITERIA:
            continue
        for order, (name, description, weight) in enumerate(CRITERIA[stage.kind], start=1):
            ReviewCriterion.objects.create(
                stage=stage, name=name, description=description, weight=weight, order=order
            )
        if stage.deadline and not stage.review_due:
            stage.review_due = stage.deadline + timedelta(days=12)
            stage.save(update_fields=["review_due"])


def load_calls(stdout=None):
    now = timezone.now()
    fund = Organisation.objects.filter(name="VSBfonds").first()
    programme, _created = Programme.objects.get_or_create(
        slug=PROGRAMME_SLUG,
        defaults={
            "name": "Betrokken buurten",
            "description": (
                "VSBfonds steunt bewonersinitiatieven en welzijnsorganisaties die samen werken "
                "aan betrokken en verbonden buurten."
            ),
            "fund": fund,
        },
    )
    call_2021 = _two_stage_call(
        programme,
        slug=CALL_2021_SLUG,
        title="Samenwerkingsexperimenten bewoners en welzijn",
        status=Call.Status.CLOSED,
        dates=DATES_2021,
    )
    call_open = _two_stage_call(
        programme,
        slug=CALL_OPEN_SLUG,
        title="Samenwerkingsexperimenten bewoners en welzijn 2027",
        status=Call.Status.PUBLISHED,
        dates=future_dates(now),
    )
    _registration_call(programme, now)
    for call in (call_2021, call_open):
        _review_setup(call)


register_demo_loader(order=10, name="calls", load=load_calls)
