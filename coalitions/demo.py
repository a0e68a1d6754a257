"""The five coalitions of the newsletter in shared/domain/, started from the selected demo
proposals, with their stories, members, support team and payments (idempotent by proposal); and
fifteen registrations for the learning trajectory to form learning groups from (idempotent by
title)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from calls.models import Call, Question
from coalitions.models import Coalition, CoalitionMember, PaymentTranche
from coalitions.services import unique_slug
from portal.demo import register_demo_loader
from portal.models import Organisation, User
from proposals.models import Answer, Proposal, StageSubmission
from proposals.services import _next_reference, budget_totals, organisations_of

STORIES = {
    "Apeldoorn": (
        "De Heeze",
        "Een gezamenlijk actieteam van buurtcoöperatie en welzijn in De Heeze.",
        "Reisgenoten Zuid Doet Samen, een buurtcoöperatie, en welzijnsorganisatie Stimenz hebben "
        "na een aantal moeizame jaren besloten de handen ineen te slaan. Samen richtten ze het "
        "gezamenlijk actieteam in de buurt ‘De Heeze’ op. Om zo, al werkend, te komen tot goede "
        "samenwerking. Het doel: een buurt waarin bewoners actief zijn en op elkaar letten.",
    ),
    "Horst aan de Maas": (
        "In de Riet, Norbertuswijk, Mussenbuurt",
        "Programma Westenwind: bewoners en welzijn beslissen samen in vijf werkplaatsen.",
        "In drie wijken van Horst aan de Maas speelden thema’s als nieuwkomers, spreiding, "
        "armoede en burenhulp. Inmiddels worden diverse thema’s gezamenlijk opgepakt in het "
        "programma Westenwind. Vanuit gelijkwaardig doen en denken beslissen actieve inwoners en "
        "welzijnsorganisatie Synthese samen, in vijf werkplaatsen.",
    ),
    "Utrecht": (
        "Zuilen",
        "Kracht van Zuilen en Dock oefenen samen in vijf oefenvijvers.",
        "In Utrecht hebben bewonersinitiatief Kracht van Zuilen en welzijnsorganisatie Dock de "
        "handen ineen geslagen. Ze willen hun samenwerking bestendigen, versterken en minder "
        "afhankelijk maken van personen. Dat proberen ze uit in vijf oefenvijvers.",
    ),
    "Voorst": (
        "",
        "Langer thuis wonen met kwaliteit van leven, door werk en inwonersinitiatief te verbinden.",
        "Stichting Mens en Welzijn Voorst, stichting Duistervoorde en Woonzorgcoöperatie Voorst "
        "en omstreken willen beroepsmatig werk en inwonersinitiatieven intensief verbinden. Ze "
        "versterken ontmoetingsplekken en bouwen een duurzaam leernetwerk.",
    ),
    "Wageningen": (
        "De Nude",
        "Dagactiviteiten, leerwerkplekken en werkervaringsplaatsen in De Nude.",
        "Buurtbedrijf NuDeToekomst en welzijnsorganisatie Solidez willen hun samenwerking in de "
        "wijk De Nude verbeteren. Het experiment draait om het samen creëren van "
        "dagactiviteiten, leerwerkplekken en werkervaringsplaatsen.",
    ),
}

EXTRA_MEMBERS = {
    "Apeldoorn": [
        ("bewoner@samenspel.demo", CoalitionMember.Role.CONTACT),
        ("welzijn@samenspel.demo", CoalitionMember.Role.CORE),
    ],
    "Utrecht": [("coalitie@samenspel.demo", CoalitionMember.Role.CONTACT)],
}
SUPPORTED = {"Apeldoorn", "Utrecht"}


def load(stdout=None):
    support = User.objects.filter(email="ondersteuning@samenspel.demo").first()
    selected = Proposal.objects.filter(
        call__slug="samenwerkingsexperimenten-2021", state=Proposal.State.SELECTED
    ).select_related("call__programme", "lead_organisation")
    for proposal in selected:
        municipality = proposal.lead_organisation.municipality
        if municipality not in STORIES or Coalition.objects.filter(proposal=proposal).exists():
            continue
        neighbourhoods, description, story = STORIES[municipality]
        grant = budget_totals(proposal)["requested"] or Decimal("40000")
        coalition = Coalition.objects.create(
            programme=proposal.call.programme, proposal=proposal, name=proposal.title,
            slug=unique_slug(municipality), municipality=municipality,
            neighbourhoods=neighbourhoods, description=description, story=story,
            starts_on=datetime.date(2022, 1, 1), ends_on=datetime.date(2023, 6, 30),
            status=Coalition.Status.FINISHED, grant_amount=grant, is_public=True,
        )  # fmt: skip
        coalition.organisations.set(organisations_of(proposal))
        for email, role in EXTRA_MEMBERS.get(municipality, []):
            user = User.objects.get(email=email)
            CoalitionMember.objects.get_or_create(
                coalition=coalition, user=user, defaults={"role": role}
            )
        if support and municipality in SUPPORTED:
            coalition.support_team.add(support)
        for planned, share, paid in [
            ((2022, 1, 15), "0.4", True),
            ((2022, 9, 1), "0.4", True),
            ((2023, 9, 1), "0.2", False),
        ]:
            PaymentTranche.objects.create(
                coalition=coalition, planned_on=datetime.date(*planned),
                amount=(grant * Decimal(share)).quantize(Decimal("0.01")),
                paid_on=datetime.date(*planned) if paid else None,
            )  # fmt: skip


register_demo_loader(order=30, name="coalitions", load=load)


# --- Registrations for the learning trajectory, to form learning groups from ------------------
# (lead organisation, partner, municipality, title, learning question, why, local partners,
#  with whom). Three themes run through them (loneliness of older residents, money worries,
#  young people having a say) and a few name each other, so the suggestions have reasons.
REGISTRATIONS = [
    (
        "Buurtvereniging De Hoven", "Welzijn Zutphen", "Zutphen",
        "Samen eenzaamheid in De Hoven zien",
        "Hoe zien we samen eerder welke ouderen eenzaam thuis zitten, en wie pakt dan wat op?",
        "Vrijwilligers van de buurtvereniging merken eenzaamheid vaak als eerste. Ze weten niet "
        "goed wanneer ze de ouderenadviseur moeten bellen. Daar schuurt het: soms voelen ze zich "
        "niet serieus genomen.",
        "Buurtvereniging De Hoven, Welzijn Zutphen en de huisartsenpraktijk in de wijk.",
        "Graag met andere gemeenten in de Achterhoek en de Stedendriehoek, bijvoorbeeld Lochem.",
    ),
    (
        "Dorpshuis Barchem", "Stichting Welzijn Lochem", "Lochem",
        "Het dorpshuis als plek tegen eenzaamheid",
        "Hoe maken we van het dorpshuis een plek waar ouderen en mantelzorgers elkaar vinden?",
        "In Barchem wonen veel ouderen alleen. Het dorpshuis draait op vrijwilligers, welzijn "
        "komt eens per week. Mantelzorgers raken overbelast en we willen eenzaamheid samen "
        "voorkomen.",
        "Dorpshuis Barchem, Stichting Welzijn Lochem, de kerk en de dorpsraad.",
        "Met Zutphen, daar spelen dezelfde vragen over ouderen.",
    ),
    (
        "Noaberhulp Eibergen", "Welzijn Berkelland", "Berkelland",
        "Noaberschap voor mantelzorgers",
        "Hoe houden we noaberschap sterk nu mantelzorgers en vrijwilligers ouder worden?",
        "Noaberhulp doet veel klusjes en bezoekjes. Maar de vaste vrijwilligers worden ouder. "
        "We zien meer eenzaamheid en willen met Welzijn Berkelland afspreken wie wat doet.",
        "Noaberhulp Eibergen, Welzijn Berkelland en de gemeente Berkelland.",
        "Met dorpen en kleine gemeenten op het platteland.",
    ),
    (
        "Buurtkamer Epe Centrum", "Welzijn Epe", "Epe",
        "Ontmoeting voor ouderen in Epe",
        "Hoe bereiken we ouderen die niet naar de buurtkamer komen, terwijl ze wel eenzaam zijn?",
        "De buurtkamer loopt goed met een vaste groep. Nieuwe mensen komen moeilijk binnen. "
        "Welzijn kent wel ouderen met eenzaamheid, maar verwijst ze zelden door.",
        "Buurtkamer Epe Centrum, Welzijn Epe en de woningcorporatie.",
        "Met andere buurtkamers, bijvoorbeeld Dorpshuis Barchem.",
    ),
    (
        "Bewonersvereniging Skoatterwâld", "Welzijn Heerenveen", "Heerenveen",
        "Ouderen in Skoatterwâld niet alleen",
        "Hoe zorgen bewoners en welzijn samen dat ouderen in de wijk niet vereenzamen?",
        "In Skoatterwâld wonen veel ouderen die weinig contact hebben. Bewoners willen helpen, "
        "maar vinden het lastig om aan te bellen. Eenzaamheid is hier een stil probleem.",
        "Bewonersvereniging Skoatterwâld, Welzijn Heerenveen en de wijkverpleging.",
        "Met deelnemers die ook met ouderen en eenzaamheid bezig zijn.",
    ),
    (
        "Stichting Wijkwerk Heechterp", "Sociaal Wijkteam Leeuwarden", "Leeuwarden",
        "Praten over geldzorgen in Heechterp",
        "Hoe maken we het makkelijker om in de wijk over geldzorgen te praten, zonder schaamte?",
        "Veel gezinnen hebben schulden en armoede, maar vragen pas laat hulp. Bewoners horen "
        "het eerder dan het wijkteam. Samen willen we de drempel lager maken.",
        "Stichting Wijkwerk Heechterp, het sociaal wijkteam, de voedselbank en de gemeente.",
        "Met andere gemeenten in het noorden, bijvoorbeeld Het Hogeland.",
    ),
    (
        "Dorpsbelangen Uithuizen", "Welzijn Het Hogeland", "Het Hogeland",
        "Armoede op het platteland",
        "Hoe vinden we samen de gezinnen met geldzorgen in onze dorpen, die nu buiten beeld "
        "blijven?",
        "Armoede is in de dorpen onzichtbaar. Mensen schamen zich en de hulp zit in de stad. "
        "Dorpsbelangen kent de mensen, welzijn kent de regelingen.",
        "Dorpsbelangen Uithuizen, Welzijn Het Hogeland en de schuldhulp van de gemeente.",
        "Met Leeuwarden, en met andere gemeenten waar armoede speelt.",
    ),
    (
        "Buurtkeuken Sneek", "Welzijn Súdwest-Fryslân", "Súdwest-Fryslân",
        "Samen eten, samen praten over geld",
        "Hoe wordt onze buurtkeuken een plek waar mensen met geldzorgen ook hulp durven vragen?",
        "Elke week eten veertig mensen mee. Veel van hen hebben schulden. Het gesprek over geld "
        "komt pas als er vertrouwen is. Daarvoor hebben we welzijn aan tafel nodig.",
        "Buurtkeuken Sneek, Welzijn Súdwest-Fryslân en de voedselbank.",
        "Met andere buurtkeukens en met Stichting Wijkwerk Heechterp.",
    ),
    (
        "Bewonersbedrijf Emmerhout", "Welzijn Emmen", "Emmen",
        "Werk en geld in Emmerhout",
        "Hoe helpt ons bewonersbedrijf mensen met schulden aan werk, samen met welzijn?",
        "Het bewonersbedrijf biedt klussen en een plek om te leren. Veel deelnemers hebben "
        "schulden en armoede. Welzijn en bewonersbedrijf werken nog langs elkaar heen.",
        "Bewonersbedrijf Emmerhout, Welzijn Emmen en het werkplein.",
        "Met Buurtbedrijf NuDeToekomst uit Wageningen en met gemeenten in het noorden.",
    ),
    (
        "Buurtcentrum De Wijert", "Welzijnsteam De Wijert", "Groningen",
        "Energiearmoede aanpakken in De Wijert",
        "Hoe bereiken bewoners en welzijn samen de huishoudens met hoge energierekeningen en "
        "geldzorgen?",
        "Na de hoge energieprijzen zitten veel huishoudens krap. Energiecoaches uit de buurt "
        "komen achter de voordeur. Schulden en schaamte houden mensen tegen.",
        "Buurtcentrum De Wijert, het welzijnsteam en de energiecoöperatie.",
        "Met Leeuwarden en Emmen.",
    ),
    (
        "Jongerenplatform Venlo-Oost", "Welzijn Venlo", "Venlo",
        "Jongeren aan zet in Venlo-Oost",
        "Hoe krijgen jongeren echt zeggenschap over wat er in hun wijk gebeurt?",
        "Jongeren voelen zich weggezet als overlast. Het jongerenwerk wil hen meer laten "
        "beslissen, maar weet niet hoe dat samengaat met de regels van de gemeente.",
        "Jongerenplatform Venlo-Oost, Welzijn Venlo en de wijkagent.",
        "Met steden waar jongeren al meebeslissen, zoals Tilburg.",
    ),
    (
        "Wijkraad Groenewoud", "ContourdeTwern", "Tilburg",
        "Een buurtbudget voor en door jongeren",
        "Hoe geven we jongeren zeggenschap over een eigen buurtbudget?",
        "De wijkraad beheert een buurtbudget. Jongeren doen nog weinig mee. Met het jongerenwerk "
        "willen we dat anders doen: jongeren beslissen zelf over een deel van het geld.",
        "Wijkraad Groenewoud, ContourdeTwern en de gemeente Tilburg.",
        "Met Venlo en andere grote steden.",
    ),
    (
        "Buurtteam Woensel-West", "Welzijn Eindhoven", "Eindhoven",
        "Jongeren en ouderen in Woensel-West",
        "Hoe brengen we jongeren en ouderen in de wijk bij elkaar, met jongeren als organisator?",
        "Er zijn spanningen tussen jongeren en ouderen in de wijk. Jongeren willen iets "
        "organiseren, maar krijgen weinig zeggenschap. Het jongerenwerk en het buurtteam willen "
        "dit samen oppakken.",
        "Buurtteam Woensel-West, Welzijn Eindhoven en de basisschool.",
        "Met Wijkraad Groenewoud.",
    ),
    (
        "Bewonersinitiatief Soesterkwartier", "Welzijn Amersfoort", "Amersfoort",
        "Een ontmoetingsplek die van iedereen is",
        "Hoe wordt onze ontmoetingsplek een plek waar jongeren en nieuwe bewoners ook zeggenschap "
        "hebben?",
        "De ontmoetingsplek wordt vooral gebruikt door een vaste groep. Jongeren en nieuwkomers "
        "voelen zich er nog niet thuis. Welzijn wil helpen, maar de sleutel ligt bij bewoners.",
        "Bewonersinitiatief Soesterkwartier, Welzijn Amersfoort en de woningcorporatie.",
        "Met andere grote steden.",
    ),
    (
        "Buurtcollectief Poelenburg", "Welzijn Zaanstad", "Zaanstad",
        "Jongeren bepalen mee in Poelenburg",
        "Hoe laten we jongeren meebeslissen over activiteiten in de wijk, samen met het "
        "jongerenwerk?",
        "Jongeren in Poelenburg hebben veel ideeën. Nu beslissen vooral volwassenen. We willen "
        "leren hoe jongeren zeggenschap krijgen en houden.",
        "Buurtcollectief Poelenburg, Welzijn Zaanstad en de gemeente Zaanstad.",
        "Met Tilburg, daar werken ze met een buurtbudget voor jongeren.",
    ),
]  # fmt: skip


def load_registrations(stdout=None):
    """About fifteen registrations for the learning trajectory, sent in, to group."""
    call = Call.objects.filter(slug="leertraject-lokaal-samenspel").first()
    if call is None:
        return
    stage = call.stages.order_by("order").first()
    questions = {q.key: q for q in Question.objects.filter(section__stage=stage)}
    kinds = Organisation.Kind
    now = timezone.now()
    for number, row in enumerate(REGISTRATIONS, start=1):
        lead_name, partner_name, municipality, title, *texts = row
        if Proposal.objects.filter(call=call, title=title).exists():
            continue
        lead, _ = Organisation.objects.get_or_create(
            name=lead_name, municipality=municipality,
            defaults={"kind": kinds.RESIDENT_INITIATIVE},
        )  # fmt: skip
        partner, _ = Organisation.objects.get_or_create(
            name=partner_name, municipality=municipality, defaults={"kind": kinds.WELFARE}
        )
        sent_in = now - datetime.timedelta(days=30 - number)
        registration = Proposal.objects.create(
            call=call, stage=stage, title=title, lead_organisation=lead,
            state=Proposal.State.SUBMITTED, submitted_at=sent_in,
            reference=_next_reference(call, timezone.localdate(sent_in).year),
        )  # fmt: skip
        registration.partners.add(partner)
        learning, why, partners, wish = texts
        values = {
            "leervraag": learning, "waarom-leren": why, "gemeente": municipality,
            "lokale-partners": partners, "leren-met-wie": wish,
        }  # fmt: skip
        Answer.objects.bulk_create(
            Answer(proposal=registration, question=questions[key], question_key=key,
                   question_text=questions[key].text, value=value)
            for key, value in values.items() if key in questions
        )  # fmt: skip
        StageSubmission.objects.create(proposal=registration, stage=stage, submitted_at=sent_in)


register_demo_loader(order=35, name="learning_groups", load=load_registrations)
