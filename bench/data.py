"""The scale data set of `make bench`: bulk inserts, no services, no mails.

At scale 1: 10,000 proposals over 5 calls (the first holds 6,000), 40 reviewers, 30,000 reviews,
200 coalitions with 40 reflections each (8,000), 100 events with 5,000 registrations.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from calls.models import Call, Programme, Question, ReviewCriterion, Section, Stage
from coalitions.models import Coalition, CoalitionMember, PaymentTranche
from portal.models import ActivityEntry, Organisation, Role, User
from proposals.models import Answer, BudgetLine, Proposal, Review, Score, StageSubmission
from reflections.models import Element, ElementRating, Framework, Reflection, Theme

PASSWORD = "bench-wachtwoord-42"
WORDS = [
    "buurt", "bewoners", "welzijn", "samen", "ouderen", "jongeren", "eenzaamheid", "buurthuis",
    "vrijwilligers", "armoede", "taal", "ontmoeting", "moestuin", "gezondheid", "wijkteam",
    "vertrouwen", "gemeente", "energie",
]  # fmt: skip
MUNICIPALITIES = [
    "Apeldoorn", "Utrecht", "Zwolle", "Groningen", "Eindhoven", "Tilburg", "Venlo", "Ede",
    "Leeuwarden", "Emmen", "Zaanstad", "Amersfoort", "Deventer", "Arnhem", "Horst aan de Maas",
]  # fmt: skip
BATCH = 2000


def _text(rng, words=30):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def counts(scale: float) -> dict:
    def n(value):
        return max(1, int(value * scale))

    return {
        "proposals": n(10_000), "reviewers": max(4, n(40)), "coalitions": n(200),
        "reflections_each": 40, "events": n(100), "registrations": n(5_000),
    }  # fmt: skip


def build(scale: float = 1.0, seed: int = 7) -> dict:
    """Fill an empty database; returns the objects the measurements use."""
    rng = random.Random(seed)  # noqa: S311  (repeatable test data, not secrets)
    sizes = counts(scale)
    now = timezone.now()
    with transaction.atomic():
        staff_group, _ = Group.objects.get_or_create(name=Role.STAFF)
        reviewer_group, _ = Group.objects.get_or_create(name=Role.REVIEWER)
        staff = _user("staf@bench.example.org", "Bench Staf")
        staff.groups.add(staff_group)
        _totp(staff)
        applicant = _user("aanvrager@bench.example.org", "Bench Aanvrager")
        reviewers = User.objects.bulk_create(
            User(email=f"beoordelaar{n}@bench.example.org", name=f"Beoordelaar {n}",
                 password=staff.password)
            for n in range(sizes["reviewers"])
        )  # fmt: skip
        reviewer_group.user_set.add(*reviewers)
        organisations = Organisation.objects.bulk_create(
            Organisation(
                name=f"Initiatief {n}", municipality=MUNICIPALITIES[n % len(MUNICIPALITIES)],
                kind=rng.choice(["bewonersinitiatief", "welzijnsorganisatie"]),
            )
            for n in range(2_000)
        )  # fmt: skip
        programme = Programme.objects.create(name="Bench programma", slug="bench")
        calls = _calls(programme, now)
        proposals = _proposals(rng, calls, organisations, applicant, sizes["proposals"], now)
        _reviews(rng, calls, proposals, reviewers)
        _activity(rng, staff, proposals[:200])
        coalitions, member = _coalitions(rng, programme, organisations, proposals, sizes)
        events = _events(rng, programme, staff, sizes, now)
    _search_vectors()
    return {
        "staff": staff.email, "applicant": applicant.email, "member": member.email,
        "call": calls[0].slug, "small_call": calls[-1].slug, "coalition": coalitions[0].slug,
        "events": events,
    }  # fmt: skip


def _user(email, name):
    user = User(email=email, name=name)
    user.set_password(PASSWORD)
    user.save()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _totp(user):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())


def _calls(programme, now):
    calls = []
    for n in range(5):
        call = Call.objects.create(
            programme=programme, title=f"Bench oproep {n + 1}", slug=f"bench-oproep-{n + 1}",
            status=Call.Status.PUBLISHED, reference_prefix=f"B{n + 1}",
            summary="Een oproep voor samenwerking in de buurt.", max_amount=Decimal("50000"),
        )  # fmt: skip
        first = Stage.objects.create(
            call=call, kind="proposal", name="Voorstel", order=1,
            deadline=now + datetime.timedelta(days=30),
            review_due=now + datetime.timedelta(days=40),
        )  # fmt: skip
        second = Stage.objects.create(
            call=call, kind="full_plan", name="Uitwerking", order=2, has_budget=True,
            invitation_only=True, deadline=now + datetime.timedelta(days=90),
        )  # fmt: skip
        for stage in (first, second):
            section = Section.objects.create(stage=stage, title="Jullie plan", order=1)
            for order, key in enumerate(["samenvatting", "buurt", "partners", "leren", "plan"]):
                Question.objects.create(
                    section=section, key=f"{key}-{stage.order}", text=f"Vraag over {key}",
                    kind=Question.Kind.LONG_TEXT, order=order,
                )  # fmt: skip
            for order, name in enumerate(["Samenwerking", "Experiment", "Leren"]):
                ReviewCriterion.objects.create(
                    stage=stage, name=name, weight=1 + order, order=order
                )
        calls.append(call)
    return calls


def _proposals(rng, calls, organisations, applicant, total, now):
    shares = [0.6, 0.1, 0.1, 0.1, 0.1]
    made = []
    number = 0
    for call, share in zip(calls, shares, strict=True):
        first = call.stages.get(order=1)
        questions = list(Question.objects.filter(section__stage=first))
        batch = []
        for n in range(int(total * share)):
            number += 1
            state = rng.choice(["submitted"] * 6 + ["draft", "invited", "declined", "selected"])
            batch.append(Proposal(
                call=call, stage=first, title=f"{rng.choice(WORDS).capitalize()} {number}",
                lead_organisation=rng.choice(organisations), state=state,
                reference=None if state == "draft" else f"{call.reference_prefix}-2026-{n + 1:05d}",
                submitted_at=None if state == "draft" else now - datetime.timedelta(days=3),
            ))  # fmt: skip
        created = []
        for start in range(0, len(batch), BATCH):
            created += Proposal.objects.bulk_create(batch[start : start + BATCH])
        Answer.objects.bulk_create(
            (Answer(proposal=p, question=q, question_key=q.key, question_text=q.text,
                    value=_text(rng)) for p in created for q in questions),
            batch_size=BATCH,
        )  # fmt: skip
        StageSubmission.objects.bulk_create(
            (StageSubmission(proposal=p, stage=first, submitted_at=p.submitted_at)
             for p in created if p.submitted_at),
            batch_size=BATCH,
        )  # fmt: skip
        BudgetLine.objects.bulk_create(
            (BudgetLine(proposal=p, category="activities", description="Activiteiten",
                        amount=Decimal(rng.randrange(1000, 40000))) for p in created),
            batch_size=BATCH,
        )  # fmt: skip
        made += created
    Proposal.people.through.objects.bulk_create(
        Proposal.people.through(proposal_id=p.pk, user_id=applicant.pk) for p in made[:5]
    )
    return made


def _reviews(rng, calls, proposals, reviewers):
    criteria = {}
    for criterion in ReviewCriterion.objects.filter(stage__order=1):
        criteria.setdefault(criterion.stage_id, []).append(criterion)
    reviews = []
    for proposal in proposals:
        if proposal.state == "draft":
            continue
        for reviewer in rng.sample(reviewers, 3):
            reviews.append(Review(
                proposal=proposal, stage_id=proposal.stage_id, reviewer=reviewer,
                state="submitted", no_conflict_declared=True,
                recommendation=rng.choice(["yes", "maybe", "no"]), comment=_text(rng, 12),
            ))  # fmt: skip
    reviews = Review.objects.bulk_create(reviews, batch_size=BATCH)
    Score.objects.bulk_create(
        (Score(review=review, criterion=criterion, value=rng.randint(1, 5))
         for review in reviews for criterion in criteria[review.stage_id]),
        batch_size=BATCH,
    )  # fmt: skip


def _activity(rng, staff, proposals):
    proposal_type = ContentType.objects.get_for_model(Proposal)
    ActivityEntry.objects.bulk_create(
        (ActivityEntry(actor=staff, verb="proposal.note_added", target_type=proposal_type,
                       target_id=str(p.pk), message="Notitie") for p in proposals
         for _ in range(20)),
        batch_size=BATCH,
    )  # fmt: skip


def _coalitions(rng, programme, organisations, proposals, sizes):
    framework = Framework.objects.create(programme=programme, name="Lokaal Samenspel")
    elements = Element.objects.bulk_create(
        Element(framework=framework, name=name, order=n)
        for n, name in enumerate(["Vertrouwen", "Gelijkwaardigheid", "Eigenaarschap",
                                  "Rolverdeling", "Lerend vermogen"])
    )  # fmt: skip
    themes = Theme.objects.bulk_create(Theme(name=word) for word in WORDS[:12])
    coalitions = Coalition.objects.bulk_create(
        Coalition(
            programme=programme, name=f"Coalitie {n}", slug=f"bench-coalitie-{n}",
            municipality=MUNICIPALITIES[n % len(MUNICIPALITIES)], status="active",
            description=_text(rng, 15), story=_text(rng, 60), is_public=n % 2 == 0,
            grant_amount=Decimal("45000"), starts_on=datetime.date(2025, 1, 1),
            ends_on=datetime.date(2026, 6, 30),
        )
        for n in range(sizes["coalitions"])
    )  # fmt: skip
    Coalition.organisations.through.objects.bulk_create(
        Coalition.organisations.through(coalition_id=c.pk, organisation_id=o.pk)
        for c in coalitions for o in rng.sample(organisations, 3)
    )  # fmt: skip
    member = _user("lid@bench.example.org", "Bench Lid")
    members = User.objects.bulk_create(
        User(email=f"lid{n}@bench.example.org", name=f"Lid {n}", password=member.password)
        for n in range(len(coalitions) * 2)
    )  # fmt: skip
    CoalitionMember.objects.bulk_create(
        [CoalitionMember(coalition=coalitions[0], user=member, role="core")]
        + [CoalitionMember(coalition=coalitions[n // 2], user=user, role="member")
           for n, user in enumerate(members)]
    )  # fmt: skip
    PaymentTranche.objects.bulk_create(
        PaymentTranche(coalition=c, planned_on=datetime.date(2025, 1 + n * 5, 1),
                       amount=Decimal("15000"), paid_on=datetime.date(2025, 1 + n * 5, 3))
        for c in coalitions for n in range(3)
    )  # fmt: skip
    reflections = Reflection.objects.bulk_create(
        (Reflection(
            coalition=c, author=member, title=f"Reflectie {r}", kind=rng.choice(
                ["pitstop_report", "logbook", "joint"]),
            date=datetime.date(2025, 1 + r % 12, 1 + r % 27), flow=_text(rng),
            friction=_text(rng), learned=_text(rng), next_steps=_text(rng),
            other_factors=_text(rng, 10) if r % 3 == 0 else "",
            visibility=rng.choice(["coalition", "fund", "fund", "public"]),
        ) for c in coalitions for r in range(sizes["reflections_each"])),
        batch_size=BATCH,
    )  # fmt: skip
    ElementRating.objects.bulk_create(
        (ElementRating(reflection=r, element=e, score=rng.randint(1, 5), why="")
         for r in reflections for e in elements),
        batch_size=BATCH,
    )  # fmt: skip
    Reflection.themes.through.objects.bulk_create(
        (Reflection.themes.through(reflection_id=r.pk, theme_id=t.pk)
         for r in reflections for t in rng.sample(themes, 2)),
        batch_size=BATCH,
    )  # fmt: skip
    return coalitions, member


def _events(rng, programme, staff, sizes, now):
    """Events and registrations, when the events app has them (skipped otherwise)."""
    try:
        from events.models import Event, Registration
    except ImportError:
        return {}
    events = Event.objects.bulk_create(
        Event(
            programme=programme, kind="learning_meeting", title=f"Leerbijeenkomst {n}",
            slug=f"bench-event-{n}", description=_text(rng, 40), audience="public",
            starts_at=now + datetime.timedelta(days=n), is_published=True,
            ends_at=now + datetime.timedelta(days=n, hours=3), place="Buurthuis",
            capacity=100,
        )
        for n in range(sizes["events"])
    )  # fmt: skip
    people = User.objects.bulk_create(
        User(email=f"deelnemer{n}@bench.example.org", name=f"Deelnemer {n}", password="!")
        for n in range(sizes["registrations"])
    )  # fmt: skip
    Registration.objects.bulk_create(
        (Registration(event=events[n % len(events)], user=person, state="registered",
                      answers={"organisation": "Buurthuis"})
         for n, person in enumerate(people)),
        batch_size=BATCH,
    )  # fmt: skip
    return {"event": events[0].slug}


def _search_vectors():
    """The same vector as proposals.services.refresh_search_vector, for all rows in one go."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE proposals_proposal p SET search_vector =
                setweight(to_tsvector('dutch', p.title), 'A')
                || setweight(to_tsvector('simple', coalesce(p.reference, '') || ' ' || o.name), 'B')
                || setweight(to_tsvector('dutch', coalesce(a.text, '')), 'C')
            FROM portal_organisation o,
                 (SELECT proposal_id, string_agg(value #>> '{}', ' ') AS text
                  FROM proposals_answer GROUP BY proposal_id) a
            WHERE o.id = p.lead_organisation_id AND a.proposal_id = p.id
            """
        )
