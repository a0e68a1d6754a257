"""Writing help: staff assign a helper to an invited proposal; the helper comments beside answers,
never edits them and never sees reviews or staff notes; applicants resolve; help ends at
submission of the full plan."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from portal.activity import timeline_for
from portal.editing import EditorRequest, revisions_of
from portal.models import OutboxMessage
from proposals import review_services, services
from proposals.models import Answer, HelpAssignment, HelpComment, Proposal, Review
from proposals.queries import sections_with_questions
from tests.factories import (
    MembershipFactory,
    ReviewerFactory,
    StaffFactory,
    SupportFactory,
    UserFactory,
)
from tests.helpers import ALLOWED, DENIED, assert_accessible, check_permission_matrix

from .conftest import build_call, fill_everything

pytestmark = pytest.mark.django_db

NOTE = "Geheime notitie: de penningmeester twijfelt."


def _ask_for_help(proposal, actor):
    questions = [q for s in sections_with_questions(proposal.stage) for q in s.questions.all()]
    revision = revisions_of(proposal, ["hulp-gewenst"])["hulp-gewenst"]
    services.save_answers(
        proposal=proposal,
        questions=questions,
        values={"hulp-gewenst": "yes", "hulp-wat": "Hulp met de planning en de begroting."},
        editor=EditorRequest(bases={"hulp-gewenst": revision}),
        actor=actor,
    )


def make_invited(proposal, applicant, staff):
    fill_everything(proposal, applicant)
    _ask_for_help(proposal, applicant)
    services.submit(proposal=proposal, actor=applicant)
    invited = services.invite_to_full_plan(proposal=proposal, actor=staff)
    fill_everything(invited, applicant)  # the full plan's answer
    return Proposal.objects.get(pk=invited.pk)


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def helper(db):
    return UserFactory(roles=["helper"], name="Hanna Helper")


@pytest.fixture
def invited(draft, applicant, staff):
    return make_invited(draft, applicant, staff)


@pytest.fixture
def helped(invited, helper, staff):
    review_services.assign_helper(proposal=invited, helper=helper, actor=staff)
    return invited


def _plan_section(proposal):
    return proposal.stage.sections.get(order=1)


def _submit_full_plan(proposal, applicant):
    services.save_budget(
        proposal=proposal, actor=applicant, own_contribution=Decimal("500"),
        other_funders_amount=Decimal("0"), other_funders="",
        lines=[{"category": "activities", "description": "Buurtfeest", "amount": Decimal("9000")}],
    )  # fmt: skip
    return services.submit(proposal=proposal, actor=applicant)


def _verbs(proposal):
    return [entry.verb for entry in timeline_for(proposal)]


# --- Assigning -----------------------------------------------------------------------------
def test_staff_see_the_help_asked_and_assign_a_helper_who_gets_a_mail(
    client, invited, helper, staff
):
    other_helper = SupportFactory(name="Sam Support")
    not_a_helper = UserFactory(name="Niet Helper")
    client.force_login(staff)
    url = reverse("proposals_help:assign", args=[invited.pk])
    page = client.get(url).content.decode()
    assert "Hulp met de planning en de begroting." in page  # what the applicants asked
    assert helper.name in page and other_helper.name in page
    assert not_a_helper.name not in page  # only writing helpers and the support team

    response = client.post(url, {"helper": not_a_helper.pk})
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    assert not HelpAssignment.objects.exists()

    response = client.post(url, {"helper": helper.pk})
    assert response.status_code == 302
    assignment = HelpAssignment.objects.get()
    assert (assignment.proposal, assignment.helper, assignment.ended_at) == (invited, helper, None)
    mail = OutboxMessage.objects.get(kind="proposals/mail/help_assigned")
    assert mail.recipient == helper
    assert "help.assigned" in _verbs(invited)

    # A second click assigns nothing twice and sends no second mail.
    client.post(url, {"helper": helper.pk})
    assert HelpAssignment.objects.count() == 1
    assert OutboxMessage.objects.filter(kind="proposals/mail/help_assigned").count() == 1


def test_help_is_only_for_invited_proposals(client, draft, applicant, helper, staff):
    fill_everything(draft, applicant)
    services.submit(proposal=draft, actor=applicant)
    client.force_login(staff)
    url = reverse("proposals_help:assign", args=[draft.pk])
    assert 'name="helper"' not in client.get(url).content.decode()
    client.post(url, {"helper": helper.pk})
    assert not HelpAssignment.objects.exists()


def test_applicants_see_who_helps_them(client, helped, applicant, helper):
    client.force_login(applicant)
    page = client.get(reverse("proposals:detail", args=[helped.pk])).content.decode()
    assert "Wie je helpt" in page and helper.name in page


# --- Commenting and resolving --------------------------------------------------------------
def test_helper_comments_and_applicant_sees_and_resolves_it(client, helped, helper, applicant):
    client.force_login(helper)
    mine = client.get(reverse("proposals_help:mine")).content.decode()
    assert helped.title in mine
    url = reverse("proposals_help:proposal", args=[helped.pk])
    page = client.get(url).content.decode()
    assert "Start in januari." in page  # the current answer, read-only
    assert 'name="q_planning"' not in page  # no answer fields on the helper's page

    empty = client.post(url, {"question_key": "planning", "text": ""})
    assert empty.status_code == 200
    assert 'aria-describedby="id_text_planning_errors"' in empty.content.decode()
    response = client.post(url, {"question_key": "planning", "text": "Noem ook wie wat doet."})
    assert response.status_code == 302
    comment = HelpComment.objects.get()
    assert (comment.question_key, comment.author) == ("planning", helper)
    assert client.post(url, {"question_key": "onbekend", "text": "x"}).status_code == 404

    applicant_client = Client()
    applicant_client.force_login(applicant)
    section_url = reverse("proposals:section", args=[helped.pk, _plan_section(helped).pk])
    section_page = applicant_client.get(section_url).content.decode()
    assert "Noem ook wie wat doet." in section_page and helper.name in section_page
    resolve_url = reverse("proposals_help:resolve", args=[comment.pk])
    assert resolve_url in section_page
    response = applicant_client.post(resolve_url)
    assert response.status_code == 302 and response["Location"] == section_url
    comment.refresh_from_db()
    assert comment.resolved_by == applicant and comment.resolved_at is not None
    assert "Noem ook wie wat doet." not in applicant_client.get(section_url).content.decode()
    # The helper still sees it, marked as resolved.
    assert "Noem ook wie wat doet." in client.get(url).content.decode()
    assert {"help.assigned", "help.commented", "help.comment_resolved"} <= set(_verbs(helped))


def test_the_resolve_button_saves_nothing_of_the_answers(client, helped, helper, applicant):
    """The button sits inside the answer form (formaction): the answers it posts are ignored."""
    comment = review_services.add_help_comment(
        proposal=helped, question_key="planning", text="Korter graag.", actor=helper
    )
    client.force_login(applicant)
    client.post(
        reverse("proposals_help:resolve", args=[comment.pk]),
        {"q_planning": "Iets anders", "v_planning": "1", "next": ""},
    )
    assert Answer.objects.get(proposal=helped, question_key="planning").value == "Start in januari."


def test_section_page_loads_comments_in_one_query(client, helped, helper, applicant):
    from tests.helpers import assert_queries_do_not_grow

    client.force_login(applicant)
    url = reverse("proposals:section", args=[helped.pk, _plan_section(helped).pk])

    def add(n):
        for i in range(n):
            review_services.add_help_comment(
                proposal=helped, question_key="planning", text=f"Opmerking {i}", actor=helper
            )

    assert_queries_do_not_grow(client, url, add)


# --- Never editing, never seeing reviews or notes ------------------------------------------
def test_helper_cannot_change_answers_through_the_applicants_pages(client, helped, helper):
    client.force_login(helper)
    section = _plan_section(helped)
    answer = Answer.objects.get(proposal=helped, question_key="planning")
    client.post(
        reverse("proposals:section", args=[helped.pk, section.pk]),
        {"q_planning": "Door de helper veranderd", "_revisions": "{}"},
    )
    client.post(
        reverse("proposals:autosave", args=[helped.pk, section.pk]),
        {"q_planning": "Door de helper veranderd", "_revisions": "{}"},
        HTTP_HX_REQUEST="true",
    )
    client.post(reverse("proposals:withdraw", args=[helped.pk]))
    answer.refresh_from_db()
    assert answer.value == "Start in januari."
    helped.refresh_from_db()
    assert helped.state == Proposal.State.INVITED


REVIEW_TEXT = "Beoordeling: sterk plan, zwakke begroting."


def _review_and_staff_urls(proposal, review):
    """Every GET page of the review and staff modules (whatever exists now), filled in with this
    proposal, its call, stage and review."""
    from proposals import list_urls, review_urls, staff_urls

    values = {
        "pk": proposal.pk, "proposal_pk": proposal.pk, "review_pk": review.pk,
        "slug": proposal.call.slug, "call_slug": proposal.call.slug,
        "stage_pk": proposal.stage.pk,
    }  # fmt: skip
    urls = []
    for module in (review_urls, staff_urls, list_urls):
        for pattern in module.urlpatterns:
            names = list(pattern.pattern.regex.groupindex)
            if not getattr(pattern, "name", None) or any(name not in values for name in names):
                continue
            try:
                urls.append(
                    reverse(
                        f"{module.app_name}:{pattern.name}",
                        kwargs={name: values[name] for name in names},
                    )
                )
            except NoReverseMatch:
                continue
    return urls


def test_helper_never_sees_reviews_or_internal_notes(client, helped, helper, staff):
    review_services.add_note(proposal=helped, text=NOTE, actor=staff)
    review = Review.objects.create(
        proposal=helped, stage=helped.stage, reviewer=ReviewerFactory(), state="submitted",
        no_conflict_declared=True, recommendation="yes", comment=REVIEW_TEXT, assigned_by=staff,
    )  # fmt: skip
    client.force_login(helper)
    for url in _review_and_staff_urls(helped, review):
        response = client.get(url, follow=True)
        text = response.content.decode(errors="replace")
        if response.status_code == 200:  # a page for anyone logged in: nothing of this proposal
            assert helped.title not in text, url
        else:
            assert response.status_code in (403, 404, 405), f"{url}: {response.status_code}"
        assert NOTE not in text and REVIEW_TEXT not in text, url
    assert not helper.has_perm("proposals.view_reviews", helped)
    assert not helper.has_perm("proposals.view_internal_notes", helped)
    assert not helper.has_perm("proposals.change_proposal", helped)
    pages = [
        reverse("proposals_help:mine"),
        reverse("proposals_help:proposal", args=[helped.pk]),
        reverse("proposals:detail", args=[helped.pk]),
        reverse("proposals:section", args=[helped.pk, _plan_section(helped).pk]),
    ]
    for url in pages:
        text = client.get(url, follow=True).content.decode()
        assert NOTE not in text and REVIEW_TEXT not in text, url


# --- The end of help -----------------------------------------------------------------------
def test_help_ends_when_the_full_plan_is_sent_in(client, helped, helper, applicant):
    client.force_login(helper)
    url = reverse("proposals_help:proposal", args=[helped.pk])
    assert client.get(url).status_code == 200
    done = _submit_full_plan(helped, applicant)
    assert done.state == Proposal.State.FULL_PLAN_SUBMITTED
    assert HelpAssignment.objects.get().ended_at is not None
    assert "help.ended" in _verbs(helped)

    assert client.get(url).status_code == 404
    assert client.post(url, {"question_key": "planning", "text": "Nog iets"}).status_code == 404
    assert not HelpComment.objects.exists()
    with pytest.raises(services.ProposalError):
        review_services.add_help_comment(
            proposal=helped, question_key="planning", text="Nog iets", actor=helper
        )
    mine = client.get(reverse("proposals_help:mine")).content.decode()
    assert reverse("proposals_help:proposal", args=[helped.pk]) not in mine
    assert "Hulp die gestopt is" in mine
    assert client.get(reverse("proposals:detail", args=[helped.pk])).status_code == 404


# --- Who may open what ---------------------------------------------------------------------
def test_permission_matrix(helped, helper, applicant, staff):
    comment = review_services.add_help_comment(
        proposal=helped, question_key="planning", text="Kan dit concreter?", actor=helper
    )
    people = {
        "anonymous": None,
        "other": UserFactory(),
        "other_applicant": MembershipFactory().user,
        "applicant": applicant,
        "helper": helper,
        "other_helper": UserFactory(roles=["helper"]),
        "staff": staff,
    }

    def matrix(**allowed):
        return {user: ALLOWED if allowed.get(name) else DENIED for name, user in people.items()}

    problems = []
    problems += check_permission_matrix(
        reverse("proposals_help:mine"), matrix(helper=True, other_helper=True)
    )
    problems += check_permission_matrix(
        reverse("proposals_help:proposal", args=[helped.pk]), matrix(helper=True, staff=True)
    )
    problems += check_permission_matrix(
        reverse("proposals_help:proposal", args=[helped.pk]),
        matrix(helper=True),
        method="post",
        data={"question_key": "planning", "text": "Nog een opmerking."},
    )
    problems += check_permission_matrix(
        reverse("proposals_help:assign", args=[helped.pk]), matrix(staff=True)
    )
    problems += check_permission_matrix(
        reverse("proposals_help:resolve", args=[comment.pk]),
        matrix(applicant=True),
        method="post",
    )
    assert problems == []
    assert HelpComment.objects.filter(author=helper).count() == 2  # one by the matrix's POST
    assert HelpComment.objects.filter(author=people["other_helper"]).count() == 0


# --- In the browser ------------------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_helper_comments_and_applicant_resolves_in_the_browser(page, login_as, browser):
    applicant = MembershipFactory(
        organisation__kind="bewonersinitiatief", role="manager", user__name="Henk Jansen"
    ).user
    staff = StaffFactory()
    call = build_call(slug="proeftuin-hulp")
    proposal = services.start_proposal(
        call=call, title="Burenhulp De Heeze",
        lead_organisation=applicant.organisations.get(), actor=applicant,
    )  # fmt: skip
    proposal = make_invited(proposal, applicant, staff)
    helper = UserFactory(roles=["helper"], name="Hanna Helper")

    login_as(staff)
    page.goto(reverse("proposals_help:assign", args=[proposal.pk]))
    expect(page.get_by_text("Hulp met de planning en de begroting.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Schrijfhulp", exact=True).select_option(
        label=f"Hanna Helper ({helper.email})"
    )
    page.get_by_role("button", name="Toewijzen").click()
    expect(page.get_by_text("Hanna Helper helpt nu mee met dit voorstel.")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    login_as(helper)
    page.goto(reverse("proposals_help:mine"))
    page.get_by_role("link", name="Burenhulp De Heeze").click()
    expect(page.get_by_text("Start in januari.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(re.compile("Je opmerking: Wat is jullie planning")).fill(
        "Noem ook wie wat doet."
    )
    page.get_by_role("button", name=re.compile("Opmerking toevoegen")).click()
    expect(page.get_by_text("Noem ook wie wat doet.", exact=True)).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    login_as(applicant)
    page.goto(reverse("proposals:section", args=[proposal.pk, _plan_section(proposal).pk]))
    expect(page.get_by_text("Noem ook wie wat doet.", exact=True)).to_be_visible()
    expect(page.get_by_text("Hanna Helper")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Opgelost")).click()
    expect(page.get_by_label("Wat is jullie planning?")).to_be_visible()
    expect(page.get_by_text("Noem ook wie wat doet.", exact=True)).to_have_count(0)
    assert HelpComment.objects.get().resolved_by == applicant
    assert Answer.objects.get(proposal=proposal, question_key="planning").value == (
        "Start in januari."
    )
