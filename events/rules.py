"""Who may see an event, register for it, and manage events.

The audience decides: public → everyone; the programme's coalitions → their members and support
team (only the linked coalitions when some are linked); the applicants of a call → the people of
that call's proposals; invited people → whoever has an invitation; learning groups → the people
of the linked groups' registrations. Fund staff see and manage every
event; organisers see their own. The rule for one event asks the same query as the lists
(events.queries.visible_events), so a list never shows what the page then refuses.
"""

import rules

from portal.rules import is_fund_staff, is_support_team


@rules.predicate
def may_view_event(user, event):
    if event is None:
        return False
    from events.queries import visible_events

    return visible_events(user).filter(pk=event.pk).exists()


@rules.predicate
def may_register_for_event(user, event):
    """Open for this person; whether places or time are left is the service's business."""
    return user.is_authenticated and event is not None and event.is_published


rules.add_perm("events.view_event", may_view_event)
rules.add_perm("events.register_for_event", may_register_for_event & may_view_event)
rules.add_perm("events.manage_event", is_fund_staff)


# --- The programme and its harvest ----------------------------------------------------------
# Theme tables and harvests are written by the table's host, the event's organisers and staff.
# The harvest (and who sat at which table) is read by the people who take part: registered
# participants, hosts, organisers and staff; a public harvest of a public event by everyone.


@rules.predicate
def is_organiser_of_event(user, event):
    if not user.is_authenticated or event is None:
        return False
    return event.organisers.filter(pk=user.pk).exists()


@rules.predicate
def is_participant_of_event(user, event):
    """Registered (not on the waiting list, not cancelled)."""
    if not user.is_authenticated or event is None:
        return False
    from events.models import Registration

    return Registration.objects.filter(
        event=event, user=user, state=Registration.State.REGISTERED
    ).exists()


@rules.predicate
def hosts_a_table_of_event(user, event):
    if not user.is_authenticated or event is None:
        return False
    return event.tables.filter(host=user).exists()


runs_event = is_fund_staff | is_organiser_of_event
takes_part_in_event = runs_event | is_participant_of_event | hosts_a_table_of_event


def is_public_event(event) -> bool:
    from events.models import Event

    return event.is_published and event.audience == Event.Audience.PUBLIC


@rules.predicate
def may_read_harvest(user, harvest):
    if harvest is None:
        return False
    if takes_part_in_event(user, harvest.event):
        return True
    return harvest.is_public and is_public_event(harvest.event)


@rules.predicate
def may_write_table_harvest(user, table):
    if table is None or not user.is_authenticated:
        return False
    return table.host_id == user.pk or runs_event(user, table.event)


@rules.predicate
def may_download_slides(user, session):
    """Public slides: everyone who may see the event. Others: who takes part."""
    if session is None:
        return False
    if takes_part_in_event(user, session.event):
        return True
    return session.slides_public and may_view_event(user, session.event)


rules.add_perm("events.take_part_in_event", takes_part_in_event)
rules.add_perm("events.view_harvest", may_read_harvest)
rules.add_perm("events.write_table_harvest", may_write_table_harvest)
rules.add_perm("events.write_plenary_harvest", runs_event)
# The slides are a private file of the session: portal's download view asks this permission too.
rules.add_perm("events.view_session", may_download_slides)


# --- Knowledge agenda -----------------------------------------------------------------------
# Staff manage it; the support team and the members of the programme's coalitions read it; an
# item's owner reads it and changes its status.


@rules.predicate
def is_coalition_member_in_programme(user, programme):
    """A member of one of the programme's coalitions (any programme when none is given)."""
    if not user.is_authenticated:
        return False
    from coalitions.models import CoalitionMember

    memberships = CoalitionMember.objects.filter(user=user)
    if programme is not None:
        memberships = memberships.filter(coalition__programme=programme)
    return memberships.exists()


@rules.predicate
def is_owner_of_item(user, item):
    return user.is_authenticated and item is not None and item.owner_id == user.pk


@rules.predicate
def may_read_agenda_item(user, item):
    if item is None:
        return False
    return (
        is_fund_staff(user)
        or is_support_team(user)
        or is_owner_of_item(user, item)
        or is_coalition_member_in_programme(user, item.programme)
    )


@rules.predicate
def owns_an_agenda_item(user):
    if not user.is_authenticated:
        return False
    from events.models import AgendaItem

    return AgendaItem.objects.filter(owner=user).exists()


# The agenda of a programme (or, without one, the agenda page itself).
rules.add_perm(
    "events.view_agenda",
    is_fund_staff | is_support_team | is_coalition_member_in_programme | owns_an_agenda_item,
)
rules.add_perm("events.manage_agenda", is_fund_staff)
rules.add_perm("events.view_agendaitem", may_read_agenda_item)
rules.add_perm("events.change_agendaitem_status", is_fund_staff | is_owner_of_item)
