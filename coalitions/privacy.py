"""What coalitions hold about a person: their memberships."""

from coalitions.models import CoalitionMember
from portal.privacy import register_personal_data


def export(user):
    return [
        {"coalition": m.coalition.name, "role": m.role, "joined": m.joined_at.isoformat()}
        for m in CoalitionMember.objects.filter(user=user).select_related("coalition")
    ]


def forget(user):
    CoalitionMember.objects.filter(user=user).delete()


register_personal_data("coalitions", export=export, forget=forget)
