"""Every URL of the project × every role: who may open it, who may not.

`test_every_url_has_a_matrix_entry` walks the URL resolver: a new URL without an entry in ROUTES
fails it. Allowed means 2xx or a redirect that is not to the login page; denied means 403, 404,
405 for the wrong method, or the login page for anonymous visitors (tests.helpers).
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from calls.models import Call, Question, ReviewCriterion
from coalitions.models import Coalition, CoalitionInvitation, CoalitionMember
from portal import mail
from portal.files import store_private_file
from portal.models import Membership, OutboxMessage, ReportJob
from proposals.models import (
    HelpAssignment,
    HelpComment,
    Invitation,
    Proposal,
    Review,
    StageSubmission,
)
from reflections.models import Element, Framework, Pitstop, Reflection, Theme
from tests.factories import (
    AdminFactory,
    MembershipFactory,
    ReviewerFactory,
    StaffFactory,
    SupportFactory,
    UserFactory,
)
from tests.helpers import ALLOWED, DENIED, check_permission_matrix
from tests.proposals.conftest import build_call

ROLES = [
    "anon", "outsider", "owner", "coapplicant", "rev_assigned", "rev_other", "rev_conflict",
    "member", "other_member", "support", "support_other", "staff", "admin",
]  # fmt: skip


def allow(*roles):
    """The roles that may; admins (superusers) may everything, as Django's superusers do."""
    return {role: ALLOWED if role in roles or role == "admin" else DENIED for role in ROLES}


def once(*roles):
    """A change that can be made once (delete, send): the roles that may not try first, then one
    role that may; it succeeds, so later tries would find nothing."""
    expected = {role: DENIED for role in ROLES if role not in roles and role != "admin"}
    return expected | {roles[0]: ALLOWED}


EVERYONE = allow(*ROLES)
LOGGED_IN = allow(*ROLES[1:])
STAFF = allow("staff", "admin")
APPLICANTS = allow("owner", "coapplicant")
# Who may read the draft: its applicants and staff; the editing pages send readers who may not
# change it to the read-only overview (a redirect, not the login page).
DRAFT_READERS = allow("owner", "coapplicant", "staff")
DRAFT_WRITERS = allow("owner", "coapplicant")
# The sent-in proposal is also read by the reviewer who is assigned and has no conflict.
PROPOSAL_READERS = allow("owner", "coapplicant", "rev_assigned", "staff")
COALITION = allow("member", "support", "staff", "admin")
WRITERS = allow("member", "support")
REVIEWERS = {**allow("rev_assigned", "rev_other", "rev_conflict"), "admin": DENIED}
LEARNING = allow("support", "support_other", "staff", "admin")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# healthz answers 200 or 503 by the health of the services to everyone (test_healthz.py);
# favicon.ico redirects everyone to the static icon (tests/portal/test_browser.py).
EXEMPT_NAMES = {"healthz", "favicon"}
# URLs of libraries: allauth's account pages and Django's admin are checked role by role in
# tests/test_admin_and_account_permissions.py; the language switch and static files are public.
EXEMPT_PREFIXES = ("accounts/", "beheer/", "i18n/", "^static/", "static/")


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if namespace and pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}"
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, prefix + str(pattern.pattern)


def project_urls():
    return {
        name: route
        for name, route in _walk(get_resolver().url_patterns)
        if not route.startswith(EXEMPT_PREFIXES) and name not in EXEMPT_NAMES
    }


@pytest.fixture
def world(db, tmp_path):
    """One of everything, and a person in every role around it."""
    call = build_call(slug="proeftuin")
    first, second = call.stages.order_by("order")
    section = first.sections.first()
    ReviewCriterion.objects.create(stage=first, name="Samenwerking", weight=1, order=0)
    owner = MembershipFactory(role=Membership.Role.MANAGER).user
    coapplicant = UserFactory()
    proposal = Proposal.objects.create(
        call=call, stage=first, title="Burenhulp", lead_organisation=owner.organisations.first(),
        state=Proposal.State.SUBMITTED, reference="BB-2026-0001", submitted_at=timezone.now(),
    )  # fmt: skip
    proposal.people.add(owner, coapplicant)
    StageSubmission.objects.create(proposal=proposal, stage=first, submitted_at=timezone.now())
    draft = Proposal.objects.create(
        call=call, stage=first, title="Concept", lead_organisation=owner.organisations.first()
    )
    draft.people.add(owner, coapplicant)
    invited = Proposal.objects.create(
        call=call, stage=second, title="Uitwerking", lead_organisation=owner.organisations.first(),
        state=Proposal.State.INVITED, reference="BB-2026-0002", submitted_at=timezone.now(),
    )  # fmt: skip
    invited.people.add(owner, coapplicant)
    outsider = MembershipFactory().user
    Proposal.objects.create(
        call=call, stage=first, title="Ander plan", lead_organisation=outsider.organisations.first()
    ).people.add(outsider)
    rev_assigned, rev_other, rev_conflict = ReviewerFactory(), ReviewerFactory(), ReviewerFactory()
    review = Review.objects.create(
        proposal=proposal, stage=first, reviewer=rev_assigned, no_conflict_declared=True
    )
    Review.objects.create(
        proposal=proposal, stage=first, reviewer=rev_conflict, state=Review.State.CONFLICT
    )
    staff, admin = StaffFactory(), AdminFactory()
    helper = SupportFactory()
    HelpAssignment.objects.create(proposal=draft, helper=helper)
    comment = HelpComment.objects.create(
        proposal=draft, question_key="samenvatting", author=helper, text="Maak het korter."
    )
    invitation = Invitation.objects.create(proposal=draft, email="nieuw@example.org")

    coalition = Coalition.objects.create(
        programme=call.programme, proposal=proposal, name="Samen in De Heeze", slug="de-heeze",
        municipality="Apeldoorn", is_public=True,
    )  # fmt: skip
    other = Coalition.objects.create(
        programme=call.programme, name="Westenwind", slug="westenwind", municipality="Horst"
    )
    member, other_member = UserFactory(), UserFactory()
    CoalitionMember.objects.create(coalition=coalition, user=member, role="core")
    CoalitionMember.objects.create(coalition=other, user=other_member)
    support, support_other = SupportFactory(), SupportFactory()
    coalition.support_team.add(support)
    other.support_team.add(support_other)
    coalition_invitation = CoalitionInvitation.objects.create(
        coalition=coalition, email="lid@example.org", token="coalitie-token"
    )
    framework = Framework.objects.create(programme=call.programme, name="Lokaal Samenspel")
    Element.objects.create(framework=framework, name="Vertrouwen")
    Theme.objects.create(name="Vertrouwen")
    Pitstop.objects.create(coalition=coalition, date=datetime.date(2026, 5, 1))
    reflection = Reflection.objects.create(
        coalition=coalition, author=member, title="Voor het fonds", date=datetime.date(2026, 5, 2),
        visibility=Reflection.Visibility.FUND,
    )  # fmt: skip
    document = store_private_file(
        upload=SimpleUploadedFile("plan.pdf", PDF), target=coalition, uploaded_by=member
    )
    message = mail.store(to_email=member.email, recipient=member, subject="Hallo", body_text="Hoi")
    job = ReportJob.objects.create(kind="registrations", identifier=call.slug, requested_by=staff)
    users = {
        "anon": None, "outsider": outsider, "owner": owner, "coapplicant": coapplicant,
        "rev_assigned": rev_assigned, "rev_other": rev_other, "rev_conflict": rev_conflict,
        "member": member, "other_member": other_member, "support": support,
        "support_other": support_other, "staff": staff, "admin": admin,
    }  # fmt: skip
    return {
        "users": users, "call": call, "first": first, "second": second, "section": section,
        "proposal": proposal, "draft": draft, "invited": invited, "review": review,
        "comment": comment,
        "invitation": invitation, "coalition": coalition, "coalition_invitation":
        coalition_invitation, "framework": framework, "reflection": reflection,
        "document": document, "message": message, "job": job,
        "question": Question.objects.filter(section=section).first(), "tmp": tmp_path,
    }  # fmt: skip


def _event(world):
    from events.models import Event

    event, _ = Event.objects.get_or_create(
        slug="leerbijeenkomst",
        defaults={
            "programme": world["call"].programme, "kind": "learning_meeting",
            "title": "Leerbijeenkomst", "audience": "public", "is_published": True,
            "starts_at": timezone.now() + datetime.timedelta(days=10),
            "ends_at": timezone.now() + datetime.timedelta(days=10, hours=2),
        },
    )  # fmt: skip
    return event


def _with_attachment(message):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    if not message.attachments:
        path = default_storage.save("events/1/agenda.ics", ContentFile(b"BEGIN:VCALENDAR\r\n"))
        message.attachments = [{"name": "agenda.ics", "path": path, "mimetype": "text/calendar"}]
        message.save(update_fields=["attachments"])
    return message.pk


def c(world):
    return [world["call"].slug]


def p(key):
    return lambda world: [world[key].pk]


# name: (method, args(world), expected per role)
ROUTES = {
    "home": ("get", lambda w: [], EVERYONE),
    "message_list": ("get", lambda w: [], LOGGED_IN),
    "message_detail": ("get", p("message"), allow("member", "staff", "admin")),
    # The attachment by the message's rule: its recipient, and staff who may read the message.
    "message_attachment": (
        "get",
        lambda w: [_with_attachment(w["message"]), 1],
        allow("member", "staff", "admin"),
    ),
    "download_file": ("get", p("document"), COALITION),
    "make_report": ("get", lambda w: ["selection", w["call"].slug], STAFF),
    "report_job": ("get", p("job"), allow("staff")),
    "retry_report_job": ("post", p("job"), allow("staff")),
    "my_data": ("get", lambda w: [], LOGGED_IN),
    "download_my_data": ("post", lambda w: [], LOGGED_IN),
    "mail_settings": ("get", lambda w: [], LOGGED_IN),
    "editor_session": ("get", lambda w: [], LOGGED_IN),
    "editor_signed_in": ("get", lambda w: [], LOGGED_IN),
    "unsubscribe": (
        "get",
        lambda w: [mail.unsubscribe_token(w["users"]["member"].email, "events.coming_up")],
        EVERYONE,
    ),
    "reminders": ("get", lambda w: [], STAFF),
    "reminder_preview": ("get", lambda w: ["portal.verify_email"], STAFF),
    "reminder_send_now": ("post", lambda w: ["portal.verify_email"], STAFF),
    "reminder_retry": ("post", lambda w: [_failed_message().pk], STAFF),
    # calls: public
    "calls:list": ("get", lambda w: [], EVERYONE),
    "calls:detail": ("get", c, EVERYONE),
    "calls:quick_check": ("get", lambda w: [_check(w).call.slug], EVERYONE),
    # applicants
    "proposals:start": ("get", c, LOGGED_IN),
    "proposals:mine": ("get", lambda w: [], LOGGED_IN),
    "proposals:detail": ("get", p("proposal"), PROPOSAL_READERS),
    "proposals:section": ("get", lambda w: [w["draft"].pk, w["section"].pk], DRAFT_READERS),
    # Staff read drafts but do not write in them: the editor refuses them (403, in JSON).
    "proposals:autosave": ("post", lambda w: [w["draft"].pk, w["section"].pk], DRAFT_WRITERS),
    "proposals:organisations": ("get", p("draft"), DRAFT_READERS),
    "proposals:budget": ("get", p("invited"), DRAFT_READERS),
    "proposals:budget_autosave": ("post", p("invited"), DRAFT_WRITERS),
    "proposals:submit": ("get", p("draft"), DRAFT_READERS),
    "proposals:withdraw": ("post", p("draft"), once("owner", "coapplicant")),
    "proposals:pdf": ("get", p("proposal"), PROPOSAL_READERS),
    "proposals:invite_full_plan": ("post", p("proposal"), STAFF),
    "proposals:accept_invitation": ("get", lambda w: [w["invitation"].token], LOGGED_IN),
    # writing help
    "proposals_help:mine": (
        "get",
        lambda w: [],
        {**allow("support", "support_other"), "admin": DENIED},
    ),
    "proposals_help:proposal": ("get", p("draft"), STAFF),
    "proposals_help:assign": ("post", p("draft"), STAFF),
    "proposals_help:resolve": ("post", p("comment"), once("owner", "coapplicant")),
    # reviewers
    "proposals_review:mine": ("get", lambda w: [], REVIEWERS),
    "proposals_review:review": ("get", p("review"), {**allow("rev_assigned"), "admin": DENIED}),
    "proposals_review:ties": ("get", lambda w: [], REVIEWERS),
    "proposals_review:criteria": ("get", p("first"), STAFF),
    "proposals_review:compare": ("get", lambda w: [w["call"].slug, w["first"].pk], STAFF),
    # staff
    "proposals_staff:detail": ("get", p("proposal"), STAFF),
    "proposals_staff:assignments": ("get", lambda w: [w["call"].slug, w["first"].pk], STAFF),
    "proposals_staff:decisions": ("get", lambda w: [w["call"].slug, w["first"].pk], STAFF),
    "proposals_staff:decision_templates": ("get", c, STAFF),
    "proposals_staff:outbox": ("get", c, STAFF),
    "proposals_staff:draft_edit": ("get", lambda w: [w["call"].slug, _draft_mail(w).pk], STAFF),
    "proposals_staff:draft_send": (
        "post",
        lambda w: [w["call"].slug, _draft_mail(w).pk],
        once("staff"),
    ),
    "proposals_list:dashboard": ("get", c, STAFF),
    "proposals_list:list": ("get", c, STAFF),
    "proposals_list:export": ("get", c, STAFF),
    "calls_staff:programme_list": ("get", lambda w: [], STAFF),
    "calls_staff:programme_create": ("get", lambda w: [], STAFF),
    "calls_staff:programme_edit": ("get", lambda w: [w["call"].programme.slug], STAFF),
    "calls_staff:call_list": ("get", lambda w: [], STAFF),
    "calls_staff:call_create": ("get", lambda w: [], STAFF),
    "calls_staff:call_import": ("get", lambda w: [], STAFF),
    "calls_staff:call_detail": ("get", c, STAFF),
    "calls_staff:call_edit": ("get", c, STAFF),
    "calls_staff:call_duplicate": ("post", c, STAFF),
    "calls_staff:call_export": ("get", c, STAFF),
    "calls_staff:eligibility_edit": ("get", c, STAFF),
    "calls_staff:milestone_create": ("get", c, STAFF),
    "calls_staff:milestone_edit": ("get", lambda w: [w["call"].slug, _milestone(w).pk], STAFF),
    "calls_staff:milestone_delete": (
        "post",
        lambda w: [w["call"].slug, _milestone(w).pk],
        once("staff"),
    ),
    "calls_staff:quick_check_create": ("get", c, STAFF),
    "calls_staff:quick_check_edit": ("get", lambda w: [w["call"].slug, _check(w).pk], STAFF),
    "calls_staff:quick_check_delete": (
        "post",
        lambda w: [w["call"].slug, _check(w).pk],
        once("staff"),
    ),
    "calls_staff:stage_create": ("get", c, STAFF),
    "calls_staff:stage_detail": ("get", lambda w: [w["call"].slug, w["first"].pk], STAFF),
    "calls_staff:stage_edit": ("get", lambda w: [w["call"].slug, w["first"].pk], STAFF),
    "calls_staff:stage_delete": ("post", lambda w: [w["call"].slug, w["second"].pk], once("staff")),
    "calls_staff:stage_preview": ("get", lambda w: [w["call"].slug, w["first"].pk], STAFF),
    "calls_staff:section_create": ("get", lambda w: [w["call"].slug, w["first"].pk], STAFF),
    "calls_staff:section_edit": ("get", lambda w: [w["call"].slug, w["section"].pk], STAFF),
    "calls_staff:section_delete": (
        "post",
        lambda w: [w["call"].slug, w["section"].pk],
        once("staff"),
    ),
    "calls_staff:section_move": ("post", lambda w: [w["call"].slug, w["section"].pk], STAFF),
    "calls_staff:question_create": ("get", lambda w: [w["call"].slug, w["section"].pk], STAFF),
    "calls_staff:question_edit": ("get", lambda w: [w["call"].slug, w["question"].pk], STAFF),
    "calls_staff:question_delete": (
        "post",
        lambda w: [w["call"].slug, w["question"].pk],
        once("staff"),
    ),
    "calls_staff:question_move": ("post", lambda w: [w["call"].slug, w["question"].pk], STAFF),
    # coalitions
    "coalitions:public_list": ("get", lambda w: [], EVERYONE),
    "coalitions:public_detail": ("get", lambda w: [w["coalition"].slug], EVERYONE),
    "coalitions:mine": ("get", lambda w: [], LOGGED_IN),
    "coalitions:workspace": ("get", lambda w: [w["coalition"].slug], COALITION),
    "coalitions:messages": ("get", lambda w: [w["coalition"].slug], COALITION),
    "coalitions:accept_invitation": ("get", lambda w: [w["coalition_invitation"].token], LOGGED_IN),
    "coalitions:start_experiment": ("post", p("proposal"), STAFF),
    "coalitions:staff_list": ("get", lambda w: [], STAFF),
    "coalitions:staff_create": ("get", lambda w: [], STAFF),
    "coalitions:staff_edit": ("get", lambda w: [w["coalition"].slug], STAFF),
    "coalitions:learning_groups": ("get", lambda w: [_registration_call().slug], STAFF),
    "coalitions:learning_group_create": ("post", lambda w: [_registration_call().slug], STAFF),
    "coalitions:learning_group_change": (
        "post",
        lambda w: [_registration_call().slug, _group().pk],
        STAFF,
    ),
    "coalitions:learning_group_delete": (
        "post",
        lambda w: [_registration_call().slug, _group().pk],
        once("staff"),
    ),
    "coalitions:learning_group_move": ("post", lambda w: [_registration_call().slug], STAFF),
    # reflections
    "reflections:create": ("get", lambda w: [w["coalition"].slug], WRITERS),
    "reflections:autosave": ("post", lambda w: [w["coalition"].slug], WRITERS),
    "reflections:coalition_list": ("get", lambda w: [w["coalition"].slug], COALITION),
    "reflections:plan_pitstop": (
        "post",
        lambda w: [w["coalition"].slug],
        allow("support", "staff", "admin"),
    ),
    "reflections:detail": ("get", p("reflection"), COALITION),
    # Co-writers only: the superuser reads a reflection for the fund but does not write in it.
    "reflections:edit": ("get", p("reflection"), {**WRITERS, "admin": DENIED}),
    "reflections:lessons": ("get", lambda w: [], EVERYONE),
    "reflections:dashboard": ("get", lambda w: [], LEARNING),
    "reflections:framework": ("get", p("framework"), STAFF),
    "reflections:moved_dates": ("get", lambda w: [], STAFF),
    # events
    "events:list": ("get", lambda w: [], EVERYONE),
    "events:mine": ("get", lambda w: [], LOGGED_IN),
    "events:new_feed_link": ("post", lambda w: [], LOGGED_IN),
    "events:my_feed": ("get", lambda w: [_feed_token(w)], EVERYONE),  # the secret is the key
    "events:programme_feed": ("get", lambda w: [w["call"].programme.slug], EVERYONE),
    "events:detail": ("get", lambda w: [_event(w).slug], EVERYONE),
    "events:register": ("post", lambda w: [_event(w).slug], LOGGED_IN),
    "events:cancel": ("post", lambda w: [_event(w).slug], LOGGED_IN),
    "events:ics": ("get", lambda w: [_event(w).slug], EVERYONE),
    "events:staff_list": ("get", lambda w: [], STAFF),
    "events:staff_create": ("get", lambda w: [], STAFF),
    "events:staff_edit": ("get", lambda w: [_event(w).slug], STAFF),
    "events:staff_registrations": ("get", lambda w: [_event(w).slug], STAFF),
    "events:staff_export": ("get", lambda w: [_event(w).slug], STAFF),
    "events:staff_presence_list": ("get", lambda w: [_event(w).slug], STAFF),
    "events:staff_programme": ("get", lambda w: [_event(w).slug], STAFF),
    "events:slides": ("get", lambda w: [_event(w).slug, _session(w).pk], STAFF),  # not public
    "events:harvest": ("get", lambda w: [_event(w).slug, _table(w).pk], STAFF),
    "events:harvest_autosave": ("post", lambda w: [_event(w).slug, _table(w).pk], STAFF),
    "events:agenda": (
        "get",
        lambda w: [],
        allow("member", "other_member", "support", "support_other", "staff", "admin"),
    ),
    "events:agenda_create": ("get", lambda w: [], STAFF),
    "events:agenda_edit": ("get", lambda w: [_agenda_item(w).pk], STAFF),
    "events:agenda_status": ("post", lambda w: [_agenda_item(w).pk], STAFF),
}


def _draft_mail(world):
    message = OutboxMessage.objects.filter(state=OutboxMessage.State.DRAFT).first()
    return message or mail.store(
        to_email="a@example.org", subject="Besluit", body_text="Tekst", draft=True,
        related=world["proposal"],
    )  # fmt: skip


def _failed_message():
    message = mail.store(to_email="b@example.org", subject="Mislukt", body_text="Tekst")
    OutboxMessage.objects.filter(pk=message.pk).update(state=OutboxMessage.State.FAILED)
    return message


def _milestone(world):
    from calls.models import Milestone

    return Milestone.objects.get_or_create(
        call=world["call"], name="Infobijeenkomst",
        defaults={"at": timezone.now() + datetime.timedelta(days=3), "kind": "event"},
    )[0]  # fmt: skip


def _check(world):
    from calls.models import QuickCheckQuestion

    return QuickCheckQuestion.objects.get_or_create(
        call=world["call"], text="Werken jullie samen?", defaults={"order": 1}
    )[0]


def _registration_call():
    call = Call.objects.filter(slug="leertraject").first()
    if call is None:
        call = build_call(slug="leertraject")
        Call.objects.filter(pk=call.pk).update(kind=Call.Kind.REGISTRATION)
        call.refresh_from_db()
    return call


def _group():
    from coalitions.models import LearningGroup

    return LearningGroup.objects.get_or_create(call=_registration_call(), name="Groep 1")[0]


def _feed_token(world):
    from events.models import CalendarToken

    return CalendarToken.objects.get_or_create(user=world["users"]["member"])[0].token


def _session(world):
    from events.models import Session

    session, created = Session.objects.get_or_create(
        event=_event(world), title="Inleiding", defaults={"starts_at": _event(world).starts_at}
    )
    if created:
        store_private_file(
            upload=SimpleUploadedFile("dia.pdf", PDF), target=session,
            uploaded_by=world["users"]["staff"], purpose="slides",
        )  # fmt: skip
    return session


def _table(world):
    from events.models import ThemeTable

    return ThemeTable.objects.get_or_create(event=_event(world), name="Tafel 1")[0]


def _agenda_item(world):
    from events.models import AgendaItem

    return AgendaItem.objects.get_or_create(programme=world["call"].programme, text="Vraag")[0]


def test_every_url_has_a_matrix_entry():
    missing = sorted(set(project_urls()) - set(ROUTES))
    assert not missing, f"URLs without a permission matrix entry: {missing}"
    gone = sorted(set(ROUTES) - set(project_urls()))
    assert not gone, f"matrix entries for URLs that no longer exist: {gone}"


def test_url_permission_matrix(world):
    """One world, every route; each route's requests are rolled back, so a delete or a send by
    one route never changes what the next one finds."""
    from django.db import transaction

    problems = []
    for name in sorted(ROUTES):
        method, args, expected = ROUTES[name]
        with transaction.atomic():
            url = reverse(name, args=args(world))
            for role, outcome in expected.items():  # one role at a time, to name who fails
                found = check_permission_matrix(url, {world["users"][role]: outcome}, method=method)
                problems += [f"{name}, {role}: {problem}" for problem in found]
            transaction.set_rollback(True)
    assert problems == [], "\n".join(problems)
