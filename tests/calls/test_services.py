"""calls.services: the writes behind the staff pages, and copying a call."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from calls import services
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
from portal.models import ActivityEntry
from tests.factories import OrganisationFactory, StaffFactory

pytestmark = pytest.mark.django_db

Kind = Question.Kind


def make_call(*, slug="buurtkracht-2026", title="Buurtkracht 2026", status=Call.Status.PUBLISHED):
    """A two-stage call with a conditional question, dates, rules and a quick check."""
    programme, _ = Programme.objects.get_or_create(
        slug="lokaal-samenspel", defaults={"name": "Lokaal Samenspel"}
    )
    call = Call.objects.create(
        programme=programme,
        title=title,
        slug=slug,
        status=status,
        summary="Samen experimenteren.",
        body="## Waarom\n\nOmdat het kan.",
        contact_email="oproep@example.org",
        max_amount=Decimal("25000.00"),
        expected_shortlist=10,
        expected_selected=5,
        reference_prefix="BK",
    )
    deadline = timezone.now().replace(microsecond=0) + timedelta(days=30)
    first = Stage.objects.create(
        call=call, kind="proposal", name="Voorstel", order=1, deadline=deadline
    )
    Stage.objects.create(
        call=call,
        kind="full_plan",
        name="Uitwerking",
        order=2,
        has_budget=True,
        invitation_only=True,
    )
    idea = Section.objects.create(stage=first, title="Jullie idee", order=1)
    more = Section.objects.create(stage=first, title="Meer", order=2, intro="Nog een paar vragen.")
    Question.objects.create(
        section=idea, key="samenvatting", text="Wat willen jullie doen?", kind=Kind.LONG_TEXT,
        max_words=50, order=1,
    )  # fmt: skip
    together = Question.objects.create(
        section=idea, key="samen-al", text="Werken jullie al samen?", kind=Kind.YES_NO, order=2
    )
    theme = Question.objects.create(
        section=idea, key="thema", text="Welk thema?", kind=Kind.CHOICE, order=3,
        choices=["Zorg", "Wonen", "Werk"],
    )  # fmt: skip
    Question.objects.create(
        section=more, key="hoe-lang", text="Hoe lang al?", kind=Kind.SHORT_TEXT, order=1,
        required=False, condition_question=together, condition_value="yes",
    )  # fmt: skip
    Question.objects.create(
        section=more, key="zorg-partner", text="Welke zorgpartner?", kind=Kind.SHORT_TEXT,
        order=2, condition_question=theme, condition_value="Zorg",
    )  # fmt: skip
    Milestone.objects.create(call=call, name="Deadline voorstellen", at=deadline, kind="deadline")
    Milestone.objects.create(
        call=call, name="Bekendmaking", at=deadline + timedelta(days=40), kind="announcement"
    )
    EligibilityRule.objects.create(call=call, organisation_kind="bewonersinitiatief")
    EligibilityRule.objects.create(call=call, organisation_kind="welzijnsorganisatie", minimum=1)
    QuickCheckQuestion.objects.create(
        call=call, text="Doet er een bewonersinitiatief mee?", explanation="Dat is nodig.", order=1
    )
    return call


def add_review_setup(call):
    """Review settings on a make_call() call: scores shown early, criteria on both stages."""
    call.scores_hidden_until_own_review = False
    call.save(update_fields=["scores_hidden_until_own_review"])
    first, second = call.stages.order_by("order")
    first.review_due = first.deadline + timedelta(days=12)
    first.reviewers_per_proposal = 3
    first.save(update_fields=["review_due", "reviewers_per_proposal"])
    ReviewCriterion.objects.create(
        stage=first, name="Samenwerking", description="Echt samen?", weight=Decimal("2"), order=1
    )
    ReviewCriterion.objects.create(stage=first, name="Leren", weight=Decimal("0.5"), order=2)
    ReviewCriterion.objects.create(stage=second, name="Begroting", order=1)
    return call


def give_answer(question, value="ja"):
    """An Answer row for a question (in a proposal of the question's call)."""
    from proposals.models import Answer, Proposal

    stage = question.section.stage
    proposal = Proposal.objects.create(
        call=stage.call, stage=stage, lead_organisation=OrganisationFactory(), title="x"
    )
    return Answer.objects.create(
        proposal=proposal,
        question=question,
        question_key=question.key,
        question_text=question.text,
        value=value,
    )


def test_duplicate_call_copies_everything_and_remaps_conditions():
    call = make_call()
    staff = StaffFactory()

    copy = services.duplicate_call(
        call=call, new_title="Buurtkracht 2027", new_slug="buurtkracht-2027", actor=staff
    )

    assert copy.pk != call.pk
    assert (copy.title, copy.slug, copy.status) == (
        "Buurtkracht 2027",
        "buurtkracht-2027",
        Call.Status.DRAFT,
    )
    assert copy.programme == call.programme
    assert copy.max_amount == call.max_amount and copy.body == call.body
    assert copy.stages.count() == 2
    assert Section.objects.filter(stage__call=copy).count() == 2
    copied = {q.key: q for q in Question.objects.filter(section__stage__call=copy)}
    assert len(copied) == 5
    assert copied["hoe-lang"].condition_question == copied["samen-al"]
    assert copied["hoe-lang"].condition_value == "yes"
    assert copied["zorg-partner"].condition_question == copied["thema"]
    assert copied["thema"].choices == ["Zorg", "Wonen", "Werk"]
    assert copy.milestones.count() == 2
    assert set(copy.eligibility_rules.values_list("organisation_kind", flat=True)) == {
        "bewonersinitiatief",
        "welzijnsorganisatie",
    }
    assert copy.quick_check.get().text == "Doet er een bewonersinitiatief mee?"
    # The original is untouched.
    original = {q.key: q for q in Question.objects.filter(section__stage__call=call)}
    assert original["hoe-lang"].condition_question == original["samen-al"]
    assert call.stages.count() == 2
    # Same definition apart from slug, title and status.
    exported = services.export_call(copy)
    expected = services.export_call(call)
    for field in ("slug", "title", "status"):
        exported.pop(field), expected.pop(field)
    assert exported == expected
    assert ActivityEntry.objects.filter(verb="call.duplicated").count() == 1


def test_duplicate_call_copies_review_criteria_and_settings():
    call = add_review_setup(make_call())

    copy = services.duplicate_call(
        call=call, new_title="Buurtkracht 2027", new_slug="buurtkracht-2027", actor=None
    )

    assert copy.scores_hidden_until_own_review is False
    first, second = copy.stages.order_by("order")
    original_first = call.stages.get(order=1)
    assert first.review_due == original_first.review_due
    assert first.reviewers_per_proposal == 3 and second.reviewers_per_proposal == 2
    assert list(first.criteria.values_list("name", "description", "weight", "order")) == [
        ("Samenwerking", "Echt samen?", Decimal("2.00"), 1),
        ("Leren", "", Decimal("0.50"), 2),
    ]
    assert list(second.criteria.values_list("name", "weight")) == [("Begroting", Decimal("1"))]
    # New rows: the original keeps its own criteria.
    assert ReviewCriterion.objects.filter(stage__call=call).count() == 3
    assert ReviewCriterion.objects.filter(stage__call=copy).count() == 3
    assert not set(first.criteria.values_list("pk", flat=True)) & set(
        original_first.criteria.values_list("pk", flat=True)
    )
    exported, expected = services.export_call(copy), services.export_call(call)
    assert exported["stages"] == expected["stages"]


def test_duplicate_call_refuses_when_slug_is_taken():
    call = make_call()
    with pytest.raises(services.CallSetupError):
        services.duplicate_call(call=call, new_title="x", new_slug=call.slug, actor=None)


def test_save_question_refuses_kind_change_when_answers_exist():
    call = make_call()
    question = Question.objects.get(section__stage__call=call, key="samenvatting")
    answer = give_answer(question, "Een buurtmoestuin.")
    question.kind = Kind.SHORT_TEXT
    with pytest.raises(services.CallSetupError):
        services.save_question(question=question, actor=None)
    question.refresh_from_db()
    assert question.kind == Kind.LONG_TEXT
    answer.refresh_from_db()
    assert answer.value == "Een buurtmoestuin."


def test_save_question_allows_text_change_when_answers_exist():
    call = make_call()
    question = Question.objects.get(section__stage__call=call, key="samenvatting")
    give_answer(question)
    question.text = "Wat gaan jullie doen?"
    services.save_question(question=question, actor=None)
    question.refresh_from_db()
    assert question.text == "Wat gaan jullie doen?"


def test_delete_question_keeps_answers_and_drops_dependent_conditions():
    call = make_call()
    question = Question.objects.get(section__stage__call=call, key="samen-al")
    answer = give_answer(question, "yes")

    services.delete_question(question=question, actor=None)

    answer.refresh_from_db()
    assert answer.question is None
    assert (answer.question_key, answer.value) == ("samen-al", "yes")
    dependent = Question.objects.get(section__stage__call=call, key="hoe-lang")
    assert dependent.condition_question is None and dependent.condition_value == ""
    entry = ActivityEntry.objects.get(verb="question.deleted")
    assert entry.data["answers_kept"] == 1


def test_move_question_renumbers_when_orders_are_equal():
    call = make_call()
    section = Section.objects.get(stage__call=call, title="Jullie idee")
    Question.objects.filter(section=section).update(order=0)
    first, second, third = section.questions.order_by("order", "id")

    assert services.move_question(question=third, direction="up", actor=None)

    assert [q.key for q in section.questions.order_by("order", "id")] == [
        first.key,
        third.key,
        second.key,
    ]
    assert not services.move_question(question=first, direction="up", actor=None)


def test_move_section_is_refused_when_a_condition_would_come_later():
    call = make_call()
    later = Section.objects.get(stage__call=call, title="Meer")
    with pytest.raises(services.CallSetupError):
        services.move_section(section=later, direction="up", actor=None)
    assert [s.title for s in Section.objects.filter(stage__call=call).order_by("order")] == [
        "Jullie idee",
        "Meer",
    ]


def test_save_call_gives_a_new_call_the_stages_of_its_kind():
    programme = Programme.objects.create(slug="p", name="P")
    call = services.save_call(
        call=Call(
            programme=programme, title="Leertraject", slug="leer", kind=Call.Kind.REGISTRATION
        ),
        actor=None,
    )
    assert list(call.stages.values_list("kind", flat=True)) == ["registration"]
    assert call.stages.get().sections.count() == 1


def test_set_eligibility_adds_changes_and_removes_rules():
    call = make_call()
    services.set_eligibility(
        call=call,
        minimums={"bewonersinitiatief": 2, "welzijnsorganisatie": 0, "gemeente": 1},
        actor=None,
    )
    assert dict(call.eligibility_rules.values_list("organisation_kind", "minimum")) == {
        "bewonersinitiatief": 2,
        "gemeente": 1,
    }
