import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from calls.models import Question
from portal.editing import EditorRequest, revisions_of
from portal.models import OutboxMessage
from proposals import services
from proposals.models import Answer, Proposal, StageSubmission
from proposals.queries import sections_with_questions
from tests.factories import StaffFactory, UserFactory

from .conftest import build_call, fill_everything

pytestmark = pytest.mark.django_db


def _questions(proposal):
    return [q for s in sections_with_questions(proposal.stage) for q in s.questions.all()]


def test_start_proposal_creates_a_draft_with_its_first_stage(draft, applicant):
    assert draft.state == Proposal.State.DRAFT
    assert draft.stage.order == 1
    assert list(draft.people.all()) == [applicant]
    assert draft.reference is None


def test_save_answers_keeps_the_question_text_as_asked(draft, applicant):
    services.save_answers(
        proposal=draft,
        questions=_questions(draft),
        values={"samenvatting": "Ons plan"},
        actor=applicant,
    )
    Question.objects.filter(key="samenvatting").update(text="Nieuwe vraagtekst")
    answer = Answer.objects.get(proposal=draft, question_key="samenvatting")
    assert answer.question_text == "Wat willen jullie doen?"
    assert answer.value == "Ons plan"
    assert revisions_of(draft, ["samenvatting"]) == {"samenvatting": 1}


def test_second_writer_from_an_old_revision_is_refused_and_first_text_stays(draft, applicant):
    partner = UserFactory()
    draft.people.add(partner)
    questions = _questions(draft)
    first = services.save_answers(
        proposal=draft,
        questions=questions,
        values={"samenvatting": "Tekst van Henk"},
        actor=applicant,
    )
    assert first.revisions["samenvatting"] == 1
    # Sanne loaded the page before Henk saved: her base revision is 0.
    second = services.save_answers(
        proposal=draft,
        questions=questions,
        values={"samenvatting": "Tekst van Sanne"},
        editor=EditorRequest(bases={"samenvatting": 0}),
        actor=partner,
    )
    assert list(second.conflicts) == ["samenvatting"]
    assert Answer.objects.get(question_key="samenvatting").value == "Tekst van Henk"
    # After reloading (revision 1) her change goes through.
    third = services.save_answers(
        proposal=draft,
        questions=questions,
        values={"samenvatting": "Tekst van Sanne"},
        editor=EditorRequest(bases={"samenvatting": 1}),
        actor=partner,
    )
    assert not third.conflicts
    assert Answer.objects.get(question_key="samenvatting").value == "Tekst van Sanne"


def test_conditional_question_is_required_only_when_shown(draft, applicant):
    fill_everything(draft, applicant)
    sections = sections_with_questions(draft.stage)
    assert services.problems_before_submit(proposal=draft, sections=sections) == []
    services.save_answers(
        proposal=draft,
        questions=_questions(draft),
        values={"hulp-gewenst": "yes"},
        editor=EditorRequest(bases={"hulp-gewenst": 1}),
        actor=applicant,
    )
    problems = services.problems_before_submit(proposal=draft, sections=sections)
    assert [p.question.key for p in problems] == ["hulp-wat"]


def test_eligibility_needs_a_welfare_organisation(draft, applicant):
    sections = sections_with_questions(draft.stage)
    messages = [
        p.message for p in services.problems_before_submit(proposal=draft, sections=sections)
    ]
    assert any("Welzijnsorganisatie" in m for m in messages), messages


def test_submit_gives_reference_freezes_and_mails_a_pdf_copy(draft, applicant):
    staff = StaffFactory()
    fill_everything(draft, applicant)
    proposal = services.submit(proposal=draft, actor=applicant)
    year = timezone.localtime().year
    assert proposal.state == Proposal.State.SUBMITTED
    assert proposal.reference == f"BB-{year}-0001"
    confirmation = OutboxMessage.objects.get(recipient=applicant)
    assert proposal.reference in confirmation.subject
    assert confirmation.attachments[0]["mimetype"] == "application/pdf"
    assert OutboxMessage.objects.filter(
        recipient=staff, kind="proposals/mail/staff_notice"
    ).exists()
    with pytest.raises(services.ProposalError):
        services.save_answers(
            proposal=proposal,
            questions=_questions(proposal),
            values={"samenvatting": "later"},
            actor=applicant,
        )


def test_submission_at_the_deadline_is_refused_and_a_second_before_is_accepted(applicant):
    deadline = timezone.now() + timedelta(days=1)
    call = build_call(deadline=deadline)
    organisation = applicant.organisations.get()
    late = fill_everything(
        services.start_proposal(
            call=call, title="Te laat", lead_organisation=organisation, actor=applicant
        ),
        applicant,
    )
    with pytest.raises(services.ProposalError) as error:
        services.submit(proposal=late, actor=applicant, now=deadline + timedelta(seconds=1))
    assert "deadline" in str(error.value).lower()
    assert str(timezone.localtime(deadline).year) in str(error.value)
    on_time = services.submit(proposal=late, actor=applicant, now=deadline - timedelta(seconds=1))
    assert on_time.state == Proposal.State.SUBMITTED


def test_double_submit_gives_one_submission_and_one_reference(draft, applicant):
    fill_everything(draft, applicant)
    services.submit(proposal=draft, actor=applicant)
    again = services.submit(proposal=draft, actor=applicant)
    assert again.reference.endswith("-0001")
    assert StageSubmission.objects.filter(proposal=draft).count() == 1
    assert OutboxMessage.objects.filter(recipient=applicant).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_submits_at_the_same_moment_give_one_submission(open_call, applicant):
    organisation = applicant.organisations.get()
    proposal = fill_everything(
        services.start_proposal(
            call=open_call, title="Tegelijk", lead_organisation=organisation, actor=applicant
        ),
        applicant,
    )
    barrier = threading.Barrier(2)
    errors = []

    def click():
        barrier.wait()
        try:
            services.submit(proposal=proposal, actor=applicant)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert StageSubmission.objects.filter(proposal=proposal).count() == 1
    assert Proposal.objects.get(pk=proposal.pk).state == Proposal.State.SUBMITTED


def test_full_plan_with_budget_after_invitation(draft, applicant):
    staff = StaffFactory()
    fill_everything(draft, applicant)
    services.submit(proposal=draft, actor=applicant)
    invited = services.invite_to_full_plan(proposal=draft, actor=staff)
    assert invited.state == Proposal.State.INVITED and invited.stage.kind == "full_plan"
    fill_everything(invited, applicant)
    totals = services.save_budget(
        proposal=invited,
        actor=applicant,
        own_contribution=Decimal("1000"),
        other_funders_amount=Decimal("0"),
        other_funders="",
        lines=[{"category": "activities", "description": "Buurtfeest", "amount": Decimal("61000")}],
    )
    assert totals == {"total": Decimal("61000"), "requested": Decimal("60000")}
    with pytest.raises(services.ProposalError) as error:
        services.submit(proposal=invited, actor=applicant)
    assert "€ 50.000,00" in str(error.value)
    services.save_budget(
        proposal=invited,
        actor=applicant,
        own_contribution=Decimal("1000"),
        other_funders_amount=Decimal("0"),
        other_funders="",
        lines=[{"category": "activities", "description": "Buurtfeest", "amount": Decimal("41000")}],
    )
    done = services.submit(proposal=invited, actor=applicant)
    assert done.state == Proposal.State.FULL_PLAN_SUBMITTED
    assert done.reference.endswith("-0001")  # the reference stays


def test_invited_co_applicant_joins_the_proposal(draft, applicant):
    invitation = services.invite_co_applicant(
        proposal=draft, email="Sanne@Example.org", actor=applicant
    )
    mail = OutboxMessage.objects.get(to_email="sanne@example.org")
    assert invitation.token in mail.body_text
    sanne = UserFactory(email="sanne@example.org")
    services.accept_invitation(invitation=invitation, user=sanne)
    assert draft.people.filter(pk=sanne.pk).exists()
    with pytest.raises(services.ProposalError):
        services.accept_invitation(invitation=invitation, user=UserFactory())


def test_withdrawn_proposal_can_no_longer_change(draft, applicant):
    services.withdraw(proposal=draft, actor=applicant)
    with pytest.raises(services.InvalidTransition):
        services.withdraw(proposal=draft, actor=applicant)


def test_one_stage_registration_is_sent_in_without_a_budget(applicant):
    from django.core.management import call_command

    from calls.models import Call

    call_command("seed_demo")
    call = Call.objects.get(slug="leertraject-lokaal-samenspel")
    registration = services.start_proposal(
        call=call,
        title="Leren in Deventer",
        lead_organisation=applicant.organisations.get(),
        actor=applicant,
    )
    questions = _questions(registration)
    assert len(questions) == 5
    services.save_answers(
        proposal=registration,
        questions=questions,
        values={q.key: "Ons antwoord" for q in questions},
        actor=applicant,
    )
    done = services.submit(proposal=registration, actor=applicant)
    assert done.state == Proposal.State.SUBMITTED
    assert not done.stage.has_budget and done.reference
