"""What reflections hold about a person: the reflections they wrote (kept for the coalition)."""

from portal.privacy import register_personal_data
from reflections.models import Reflection


def export(user):
    return [
        {"coalition": r.coalition.name, "title": r.title, "date": r.date.isoformat(),
         "learned": r.learned, "visibility": r.visibility}
        for r in Reflection.objects.filter(author=user).select_related("coalition")
    ]  # fmt: skip


def forget(user):
    # Their drafts go; shared reflections stay with the coalition, the author anonymised.
    Reflection.objects.filter(author=user, is_draft=True).delete()


register_personal_data("reflections", export=export, forget=forget)
