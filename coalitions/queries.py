from django.contrib.auth import get_user_model
from django.db.models import Count, Min, Prefetch, Q
from django.utils import timezone

from coalitions.grouping import Registration
from coalitions.models import Coalition, CoalitionMember, CoalitionMessage, LearningGroup
from portal.models import Role
from proposals.models import Answer, Proposal

# The answers of the demo registration call that grouping reads (calls/demo.py). For a call with
# other questions, every text answer except the wish counts as the learning question.
LEARNING_KEYS = ("leervraag", "waarom-leren")
WISH_KEYS = ("leren-met-wie",)
MUNICIPALITY_KEYS = ("gemeente",)
MESSAGES_SHOWN = 30


def supports_in_a_programme_asking_two_steps(user) -> bool:
    """Is this person on the support team of a coalition whose programme asks a second factor?"""
    return Coalition.objects.filter(
        support_team=user, programme__second_factor_for_reviewers_and_support=True
    ).exists()


def public_coalitions():
    return (
        Coalition.objects.filter(is_public=True)
        .select_related("programme")
        .prefetch_related("organisations")
        .order_by("municipality", "name")
    )


def coalitions_of(user):
    """The coalitions a person is a member of or on the support team of, each once."""
    return (
        Coalition.objects.filter(Q(members__user=user) | Q(support_team=user))
        .distinct()
        .order_by("name")
    )


def coalitions_for_staff():
    """Every coalition with its programme, number of members and the planned date of its first
    payment that is past and not paid (`overdue_on`, or None), in one query."""
    unpaid = Q(tranches__paid_on__isnull=True, tranches__planned_on__lt=timezone.localdate())
    return (
        Coalition.objects.select_related("programme")
        .annotate(
            member_count=Count("members", distinct=True),
            overdue_on=Min("tranches__planned_on", filter=unpaid),
        )
        .order_by("municipality", "name")
    )


def overdue_tranches(coalition) -> list:
    """The coalition's payments planned before today and not paid (from its prefetched
    tranches, no query)."""
    today = timezone.localdate()
    return [t for t in coalition.tranches.all() if t.paid_on is None and t.planned_on < today]


def coalition_for_workspace(slug):
    members = CoalitionMember.objects.select_related("user").order_by("role", "user__name")
    return (
        Coalition.objects.select_related("programme", "proposal", "proposal__stage",
                                         "proposal__call", "proposal__lead_organisation")
        .prefetch_related("organisations", "support_team", "tranches",
                          Prefetch("members", queryset=members))
        .get(slug=slug)
    )  # fmt: skip


def coalition_for_editing(slug):
    return Coalition.objects.prefetch_related("organisations", "support_team", "tranches").get(
        slug=slug
    )


def fund_staff():
    return get_user_model().objects.filter(groups__name=Role.STAFF, is_active=True).order_by("pk")


def support_people():
    return get_user_model().objects.filter(groups__name=Role.SUPPORT, is_active=True)


def messages_of(coalition):
    """The whole thread, oldest first, with the authors."""
    return CoalitionMessage.objects.filter(coalition=coalition).select_related("author")


def newest_messages(coalition, count=MESSAGES_SHOWN) -> tuple[list, bool]:
    """The `count` newest messages, oldest of them first, and whether there are older ones
    (one query)."""
    rows = list(messages_of(coalition).order_by("-created_at", "-id")[: count + 1])
    return rows[:count][::-1], len(rows) > count


# --- Learning groups -------------------------------------------------------------------------
def registrations_of(call):
    """The registrations sent in for a call, each with its group (if any), organisations and
    answers, in three queries."""
    return (
        Proposal.objects.filter(call=call)
        .exclude(state__in=[Proposal.State.DRAFT, Proposal.State.WITHDRAWN])
        .select_related("lead_organisation", "learning_group_member")
        .prefetch_related(
            "partners", Prefetch("answers", queryset=Answer.objects.order_by("question_key"))
        )
        .order_by("reference", "pk")
    )


def learning_groups_of(call):
    return LearningGroup.objects.filter(call=call).order_by("name", "pk")


def answers_by_key(proposal) -> dict:
    return {answer.question_key: answer.value for answer in proposal.answers.all()}


def for_grouping(proposal) -> Registration:
    """What coalitions.grouping needs of a registration loaded by registrations_of()."""
    answers = answers_by_key(proposal)
    texts = {key: value for key, value in answers.items() if isinstance(value, str)}
    learning = [texts[key] for key in LEARNING_KEYS if key in texts] or [
        value for key, value in texts.items() if key not in WISH_KEYS + MUNICIPALITY_KEYS
    ]
    lead = proposal.lead_organisation
    municipality = lead.municipality or next(
        (texts[key] for key in MUNICIPALITY_KEYS if key in texts), ""
    )
    return Registration(
        id=proposal.pk,
        name=lead.name,
        municipality=municipality,
        organisations=(lead.name, *(partner.name for partner in proposal.partners.all())),
        learning_text="\n".join(learning),
        wish_text="\n".join(texts[key] for key in WISH_KEYS if key in texts),
    )
