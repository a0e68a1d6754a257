"""Demo proposals for the fund's 2021 call, in every state, and a draft in the open call.

The five selected proposals are the five coalitions of the newsletter in shared/domain/.
Historical rows are written as they would have been left by the services (states, submissions,
references with their 2021 dates); the loader is idempotent by (call, title).
"""

import datetime
from zoneinfo import ZoneInfo

from calls.models import Call, Question
from portal.demo import register_demo_loader
from portal.models import Organisation, User
from proposals.models import Answer, BudgetLine, Proposal, Review, Score, StageSubmission
from proposals.services import refresh_search_vector

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
State = Proposal.State

# (reference number, title, lead organisation, partners, state, summary)
COALITIONS = [
    (
        1,
        "Samen optrekken in De Heeze",
        ("Reisgenoten Zuid Doet Samen", "Apeldoorn"),
        [("Stimenz", "Apeldoorn")],
        State.SELECTED,
        "Buurtcoöperatie Reisgenoten Zuid Doet Samen en Stimenz richten samen een actieteam op in "
        "De Heeze. Al werkend komen we tot goede samenwerking: bewoners die actief zijn en op "
        "elkaar letten, gesteund door professionals die samen optrekken.",
    ),
    (
        2,
        "Westenwind: samen beslissen in drie wijken",
        ("Bewonersorganisaties In de Riet, Norbertuswijk en Mussenbuurt", "Horst aan de Maas"),
        [("Synthese", "Horst aan de Maas")],
        State.SELECTED,
        "In vijf werkplaatsen oefenen actieve inwoners en welzijnsorganisatie Synthese een nieuwe, "
        "gelijkwaardige samenwerking rond herinrichting, ontmoetingsplekken en activiteiten.",
    ),
    (
        3,
        "Oefenvijvers in Zuilen",
        ("Kracht van Zuilen", "Utrecht"),
        [("Dock", "Utrecht")],
        State.SELECTED,
        "Kracht van Zuilen en Dock maken hun samenwerking sterker en minder afhankelijk van "
        "personen, in vijf oefenvijvers: burennetwerk, wijkinformatiepunt, ontmoeten, "
        "bewonerszeggenschap en bewegen.",
    ),
    (
        4,
        "Langer thuis in Voorst",
        ("Stichting Duistervoorde", "Voorst"),
        [
            ("Stichting Mens en Welzijn Voorst", "Voorst"),
            ("Woonzorgcoöperatie Voorst en omstreken (De Benring)", "Voorst"),
        ],
        State.SELECTED,
        "Drie organisaties verbinden beroepsmatig werk en inwonersinitiatieven, zodat ouder "
        "wordende mensen langer thuis kunnen wonen. We versterken ontmoetingsplekken en bouwen "
        "een duurzaam leernetwerk.",
    ),
    (
        5,
        "Samen werken aan De Nude",
        ("Buurtbedrijf NuDeToekomst", "Wageningen"),
        [("Solidez", "Wageningen")],
        State.SELECTED,
        "Buurtbedrijf NuDeToekomst en Solidez maken samen dagactiviteiten, leerwerkplekken en "
        "werkervaringsplaatsen in de wijk De Nude.",
    ),
]

# Fictional proposals for the other states.
OTHERS = [
    (
        6,
        "Moestuin voor iedereen",
        ("Moestuin De Linde", "Zwolle"),
        [("Travers Welzijn", "Zwolle")],
        State.DECLINED,
        1,
    ),
    (
        7,
        "Jongeren aan zet",
        ("Jongerenraad Oost", "Arnhem"),
        [("Rijnstad", "Arnhem")],
        State.DECLINED,
        2,
    ),
    (
        8,
        "Buurtkamer De Brug",
        ("Buurtkamer De Brug", "Deventer"),
        [("Raster", "Deventer")],
        State.WITHDRAWN,
        1,
    ),
    (
        9,
        "Koken met de buren",
        ("Kookclub Het Zuiden", "Tilburg"),
        [("ContourdeTwern", "Tilburg")],
        State.DRAFT,
        1,
    ),
    (
        10,
        "Samen sterk in de flat",
        ("Bewonerscommissie De Hoge Flat", "Zaandam"),
        [("Welzijn Zaanstad", "Zaandam")],
        State.FULL_PLAN_SUBMITTED,
        2,
    ),
    (
        11,
        "Wijkgesprekken Noord",
        ("Bewonersplatform Noord", "Leeuwarden"),
        [("Amaryllis", "Leeuwarden")],
        State.INVITED,
        2,
    ),
    (
        12,
        "Speeltuin als ontmoetingsplek",
        ("Speeltuinvereniging De Eik", "Ede"),
        [("Malkander", "Ede")],
        State.SUBMITTED,
        1,
    ),
]

KIND_BY_POSITION = (Organisation.Kind.RESIDENT_INITIATIVE, Organisation.Kind.WELFARE)


def _organisation(name, municipality, kind):
    organisation, _ = Organisation.objects.get_or_create(
        name=name, municipality=municipality, defaults={"kind": kind}
    )
    return organisation


def _answer_value(question, title, summary):
    kind = question.kind
    if kind == Question.Kind.SHORT_TEXT:
        return title
    if kind == Question.Kind.LONG_TEXT:
        return summary
    if kind == Question.Kind.YES_NO:
        return "no"
    if kind == Question.Kind.CHOICE and question.choices:
        return question.choices[0]
    if kind == Question.Kind.MULTIPLE_CHOICE and question.choices:
        return question.choices[:1]
    if kind in (Question.Kind.NUMBER,):
        return 12
    if kind == Question.Kind.AMOUNT:
        return "45000.00"
    if kind == Question.Kind.EMAIL:
        return "info@example.org"
    if kind == Question.Kind.URL:
        return "https://example.org"
    if kind == Question.Kind.DATE:
        return "2022-01-15"
    return None


def _fill(proposal, stage, title, summary, author):
    for section in stage.sections.all():
        for question in section.questions.all():
            if question.condition_question_id:
                continue  # the demo answers "no" to the help question
            value = _answer_value(question, title, summary)
            if value is None:
                continue
            Answer.objects.get_or_create(
                proposal=proposal, question=question,
                defaults={"question_key": question.key, "question_text": question.text,
                          "value": value, "updated_by": author},
            )  # fmt: skip


def _when(stage, days_before):
    return (stage.deadline or datetime.datetime(2021, 9, 15, 12, tzinfo=AMSTERDAM)) - (
        datetime.timedelta(days=days_before)
    )


def _proposal(call, stages, author, number, title, lead, partners, state, summary, stages_done):
    reference = f"{call.reference_prefix}-2021-{number:04d}"
    if Proposal.objects.filter(call=call, title=title).exists():
        return
    lead_org = _organisation(*lead, KIND_BY_POSITION[0])
    first, second = stages[0], stages[1] if len(stages) > 1 else None
    current = second if stages_done >= 2 or state == State.INVITED else first
    submitted = state != State.DRAFT
    proposal = Proposal.objects.create(
        call=call, stage=current, title=title, lead_organisation=lead_org, state=state,
        reference=reference if submitted else None, created_by=author,
        submitted_at=_when(first, number) if submitted else None,
    )  # fmt: skip
    proposal.partners.set(_organisation(*p, KIND_BY_POSITION[1]) for p in partners)
    proposal.people.add(author)
    _fill(proposal, first, title, summary, author)
    if submitted:
        StageSubmission.objects.get_or_create(
            proposal=proposal, stage=first,
            defaults={"submitted_by": author, "submitted_at": _when(first, number)},
        )  # fmt: skip
    if second is not None and stages_done >= 2:
        _fill(proposal, second, title, summary, author)
        if second.has_budget:
            for order, (description, amount) in enumerate(
                [
                    ("Uren coördinatie", "18000"),
                    ("Activiteiten in de buurt", "15000"),
                    ("Leren en reflecteren", "6000"),
                    ("Communicatie", "3000"),
                ]
            ):
                BudgetLine.objects.create(proposal=proposal, order=order, category=(
                    "people", "activities", "learning", "communication")[order],
                    description=description, amount=amount)  # fmt: skip
        if state != State.INVITED:
            StageSubmission.objects.get_or_create(
                proposal=proposal, stage=second,
                defaults={"submitted_by": author, "submitted_at": _when(second, number)},
            )  # fmt: skip


# Demo reviewers' scores: the selected coalitions score high, the declined ones lower.
SCORES_BY_STATE = {
    State.SELECTED: (5, 4, "yes"),
    State.FULL_PLAN_SUBMITTED: (4, 3, "maybe"),
    State.INVITED: (4, 4, "yes"),
    State.SUBMITTED: (3, 3, "maybe"),
    State.DECLINED: (2, 3, "no"),
}


def _reviews(call):
    """Two demo reviewers reviewed every proposal that went through a stage."""
    reviewers = list(
        User.objects.filter(
            email__in=["beoordelaar@samenspel.demo", "beoordelaar2@samenspel.demo"]
        ).order_by("email")
    )
    if len(reviewers) < 2:
        return
    for proposal in call.proposals.filter(state__in=SCORES_BY_STATE).prefetch_related(
        "submissions__stage__criteria"
    ):
        high, low, recommendation = SCORES_BY_STATE[proposal.state]
        for submission in proposal.submissions.all():
            stage = submission.stage
            for index, reviewer in enumerate(reviewers):
                review, created = Review.objects.get_or_create(
                    proposal=proposal, stage=stage, reviewer=reviewer,
                    defaults={"state": Review.State.SUBMITTED, "no_conflict_declared": True,
                              "recommendation": recommendation,
                              "comment": "Helder voorstel; de samenwerking is goed beschreven.",
                              "submitted_at": submission.submitted_at},
                )  # fmt: skip
                if created:
                    Score.objects.bulk_create(
                        Score(review=review, criterion=criterion,
                              value=high if (n + index) % 2 == 0 else low)
                        for n, criterion in enumerate(stage.criteria.all())
                    )  # fmt: skip


def load(stdout=None):
    call = Call.objects.filter(slug="samenwerkingsexperimenten-2021").first()
    if call is None:
        return
    stages = list(call.stages.order_by("order").prefetch_related("sections__questions"))
    author = User.objects.get(email="bewoner@samenspel.demo")
    for number, title, lead, partners, state, summary in COALITIONS:
        _proposal(call, stages, author, number, title, lead, partners, state, summary, 2)
    for number, title, lead, partners, state, stages_done in OTHERS:
        summary = f"{title}: een samenwerkingsexperiment van bewoners en welzijn in de buurt."
        _proposal(call, stages, author, number, title, lead, partners, state, summary, stages_done)
    _reviews(call)
    for proposal in call.proposals.filter(search_vector__isnull=True):
        refresh_search_vector(proposal)
    _open_call_draft(author)


def _open_call_draft(author):
    """The demo applicant has a draft in the open call, so 'Mijn aanvragen' is not empty."""
    call = Call.objects.filter(slug="samenwerkingsexperimenten-2027").first()
    if call is None or Proposal.objects.filter(call=call, created_by=author).exists():
        return
    stage = call.stages.order_by("order").first()
    lead = Organisation.objects.get(name="Reisgenoten Zuid Doet Samen", municipality="Apeldoorn")
    proposal = Proposal.objects.create(
        call=call, stage=stage, title="Buurtkamer Zuid", lead_organisation=lead, created_by=author
    )
    proposal.people.add(author)


register_demo_loader(order=20, name="proposals", load=load)
