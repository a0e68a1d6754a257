"""The activity log: one call for every app to record who did what to which object."""

from django.contrib.contenttypes.models import ContentType

from portal.models import ActivityEntry


def log_activity(*, actor, verb: str, target, message: str = "", data: dict | None = None):
    """Record an activity entry.

    `verb` is a stable code ("proposal.submitted"); `message` a short text for people.
    """
    return ActivityEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        message=message[:300],
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        data=data or {},
    )


def timeline_for(target):
    """The activity of one object, newest first, with the actor joined (one query)."""
    return ActivityEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")
