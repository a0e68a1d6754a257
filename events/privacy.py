"""What the events app holds about a person: registrations, theme tables (as host or at the
table), harvests they saved last and knowledge-agenda items they own.

Forgetting: their active registrations of events that have not started are cancelled (the place
goes to the waiting list, as when they cancel themselves), they leave the tables they sat at, and
their agenda items lose their owner (the item stays on the programme's agenda). Harvests and past
registrations stay: they belong to the event, and the anonymised account shows in them.
"""

from django.utils import timezone

from events import services
from events.models import AgendaItem, Harvest, Registration, ThemeTable
from portal.privacy import register_personal_data


def export(user):
    return {
        "registrations": [
            {"event": r.event.title, "starts_at": r.event.starts_at.isoformat(),
             "state": r.state, "answers": r.answers, "attended": r.attended}
            for r in Registration.objects.filter(user=user).select_related("event")
        ],
        "tables_hosted": [
            {"event": t.event.title, "table": t.name}
            for t in ThemeTable.objects.filter(host=user).select_related("event")
        ],
        "tables_joined": [
            {"event": t.event.title, "table": t.name}
            for t in ThemeTable.objects.filter(participants=user).select_related("event")
        ],
        "harvests_saved": [
            {"event": h.event.title, "table": h.table.name if h.table else "", "text": h.text}
            for h in Harvest.objects.filter(saved_by=user).select_related("event", "table")
        ],
        "agenda_items": [
            {"programme": i.programme.name, "text": i.text, "status": i.status,
             "follow_up_on": i.follow_up_on.isoformat() if i.follow_up_on else None}
            for i in AgendaItem.objects.filter(owner=user).select_related("programme")
        ],
    }  # fmt: skip


def forget(user):
    coming = Registration.objects.filter(
        user=user, state__in=Registration.ACTIVE, event__starts_at__gt=timezone.now()
    )
    for registration in coming:
        services.cancel(registration=registration, actor=user)
    for table in ThemeTable.objects.filter(participants=user):
        table.participants.remove(user)
    AgendaItem.objects.filter(owner=user).update(owner=None)


register_personal_data("events", export=export, forget=forget)
