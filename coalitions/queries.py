from django.db.models import Prefetch

from coalitions.models import Coalition, CoalitionMember


def public_coalitions():
    return (
        Coalition.objects.filter(is_public=True)
        .select_related("programme")
        .prefetch_related("organisations")
        .order_by("municipality", "name")
    )


def coalitions_of(user):
    return Coalition.objects.filter(members__user=user).order_by("name")


def coalition_for_workspace(slug):
    members = CoalitionMember.objects.select_related("user").order_by("role", "user__name")
    return (
        Coalition.objects.select_related("programme", "proposal", "proposal__stage",
                                         "proposal__call", "proposal__lead_organisation")
        .prefetch_related("organisations", "support_team", "tranches",
                          Prefetch("members", queryset=members))
        .get(slug=slug)
    )  # fmt: skip
