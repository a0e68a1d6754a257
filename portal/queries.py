"""Querysets of the core, with their joins."""

from portal.models import Membership, Organisation


def organisations_of(user):
    return Organisation.objects.filter(memberships__user=user).order_by("name")


def memberships_of(organisation):
    return Membership.objects.filter(organisation=organisation).select_related("user")
