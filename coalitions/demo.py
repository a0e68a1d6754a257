"""The five coalitions of the newsletter in shared/domain/, started from the selected demo
proposals, with their stories, members, support team and payments. Idempotent by proposal."""

import datetime
from decimal import Decimal

from coalitions.models import Coalition, CoalitionMember, PaymentTranche
from coalitions.services import unique_slug
from portal.demo import register_demo_loader
from portal.models import User
from proposals.models import Proposal
from proposals.services import budget_totals, organisations_of

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
