"""Demo: the framework "Lokaal Samenspel" with example elements, themes, two pitstops per
coalition, a pitstop report and a public lesson each. Idempotent by name and title."""

import datetime

from calls.models import Programme
from coalitions.models import Coalition
from portal.demo import register_demo_loader
from portal.models import User
from reflections.models import Element, ElementRating, Framework, Pitstop, Reflection, Theme

EXAMPLE_ELEMENTS = [
    ("Gelijkwaardigheid", "Bewoners en professionals beslissen samen, als gelijken."),
    ("Vertrouwen", "Je kunt op elkaar rekenen en spreekt dat ook uit."),
    ("Gedeelde visie", "Je weet samen waar je naartoe wilt in de buurt."),
    ("Heldere rollen", "Iedereen weet wie wat doet, en waarom."),
    ("Samen leren", "Je kijkt samen terug en stuurt bij."),
]
THEMES = ["Vertrouwen", "Rolverdeling", "Ontmoetingsplekken", "Bewonerszeggenschap",
          "Minder afhankelijk van personen", "Relatie met de gemeente"]  # fmt: skip

LESSONS = {
    "Apeldoorn": (
        "Al werkend samen optrekken",
        "Door samen in het actieteam te werken, leerden we elkaar echt kennen. "
        "Het vertrouwen groeide sneller dan in overleggen.",
        ["Vertrouwen"],
    ),
    "Horst aan de Maas": (
        "Werkplaatsen als oefenplek",
        "In de werkplaatsen oefenen bewoners en Synthese gelijkwaardig "
        "beslissen. Dat kost tijd, maar geeft energie.",
        ["Bewonerszeggenschap"],
    ),
    "Utrecht": (
        "Minder afhankelijk van personen",
        "We legden afspraken vast in beide organisaties, zodat de samenwerking blijft "
        "als mensen vertrekken.",
        ["Minder afhankelijk van personen"],
    ),
    "Voorst": (
        "Ontmoetingsplekken verbinden",
        "Ontmoetingsplekken werken als je ze samen met inwoners opzet.",
        ["Ontmoetingsplekken"],
    ),
    "Wageningen": (
        "Een concreet wijkvraagstuk helpt",
        "Samenwerken ging beter toen we een concreet doel hadden: leerwerkplekken in De Nude.",
        ["Rolverdeling"],
    ),
}


def load(stdout=None):
    programme = Programme.objects.filter(slug="betrokken-buurten").first()
    if programme is None:
        return
    framework, created = Framework.objects.get_or_create(
        programme=programme, name="Lokaal Samenspel",
        defaults={"is_example": True, "description": (
            "Het leerkader van het fonds. De elementen hieronder zijn voorbeelden."
        )},
    )  # fmt: skip
    if created:
        for order, (name, explanation) in enumerate(EXAMPLE_ELEMENTS, start=1):
            Element.objects.create(
                framework=framework, name=name, explanation=explanation, order=order
            )
    for name in THEMES:
        Theme.objects.get_or_create(name=name)
    elements = list(framework.elements.all())
    facilitator = User.objects.filter(email="ondersteuning@samenspel.demo").first()
    for coalition in Coalition.objects.filter(programme=programme, is_public=True):
        if coalition.pitstops.exists():
            continue
        first = Pitstop.objects.create(
            coalition=coalition,
            title="Pitstop 1",
            date=datetime.date(2022, 5, 17),
            place="Buurthuis",
        )
        Pitstop.objects.create(
            coalition=coalition,
            title="Pitstop 2",
            date=datetime.date(2023, 1, 24),
            place="Buurthuis",
        )
        if facilitator:
            first.facilitators.add(facilitator)
        report = Reflection.objects.create(
            coalition=coalition, author=facilitator, kind=Reflection.Kind.PITSTOP_REPORT,
            date=first.date, pitstop=first, title=f"Verslag pitstop 1 – {coalition.municipality}",
            flow="De kerngroep komt elke maand bij elkaar en dat loopt goed.",
            friction="Wie neemt het initiatief? Daar waren we het niet altijd over eens.",
            learned="Uitspreken wat je van elkaar verwacht, helpt.",
            next_steps="We maken samen een rolverdeling.",
            other_factors="Een wethouder die meedenkt, gaf ruimte.",
            visibility=Reflection.Visibility.FUND,
        )  # fmt: skip
        for index, element in enumerate(elements):
            ElementRating.objects.create(
                reflection=report,
                element=element,
                score=3 + (index % 3) if index != 4 else None,
                why="Zo zagen we het in de pitstop.",
            )
        title, learned, themes = LESSONS.get(coalition.municipality, ("Les", "", []))
        lesson = Reflection.objects.create(
            coalition=coalition, author=facilitator, kind=Reflection.Kind.JOINT,
            date=datetime.date(2023, 2, 1), title=title, learned=learned,
            visibility=Reflection.Visibility.PUBLIC,
        )  # fmt: skip
        lesson.themes.set(Theme.objects.filter(name__in=themes))


register_demo_loader(order=40, name="reflections", load=load)
