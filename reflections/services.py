"""Writing reflections: one transaction each; a save from an old revision never overwrites."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.activity import log_activity
from portal.files import AUDIO, store_private_file
from reflections.models import ElementRating, Framework, Pitstop, Reflection, Theme


class ReflectionConflict(Exception):
    """Someone else saved this reflection since the writer opened it."""


def framework_for(coalition):
    return (
        Framework.objects.filter(programme=coalition.programme).prefetch_related("elements")
        .order_by("pk").first()
    )  # fmt: skip


FIELDS = ["kind", "date", "pitstop", "title", "flow", "friction", "learned", "next_steps",
          "other_factors", "podcast_url", "visibility"]  # fmt: skip


@transaction.atomic
def save_reflection(
    *,
    coalition,
    reflection=None,
    data: dict,
    themes=None,
    ratings: dict,
    base_revision: int,
    actor,
    audio=None,
    new_theme: str = "",
    finish: bool = True,
) -> Reflection:
    """Create or update a reflection with its element ratings {element_id: (score, why)}.

    `finish=False` is the autosave of a draft: it keeps (or makes) the reflection a draft that
    only its co-writers read. `finish=True` shares it with the readers its visibility names.
    `themes=None` leaves the themes as they are. `new_theme` is a member's proposal for the shared
    list: linked at once, approved by staff.
    """
    if reflection is None:
        reflection = Reflection(coalition=coalition, author=actor, is_draft=not finish)
        verb = "reflection.written" if finish else "reflection.draft_started"
    else:
        reflection = Reflection.objects.select_for_update().get(pk=reflection.pk)
        stale = reflection.revision != int(base_revision or 0)
        if stale and reflection.saved_by_id != actor.pk:
            raise ReflectionConflict(_(
                "Someone else saved this reflection while you were writing. We did not save "
                "your text; it is still on the page. Copy it, then reload the page."
            ))  # fmt: skip
        if not finish and not reflection.is_draft:
            raise ReflectionConflict(_(
                "This reflection is already shared. Your changes are saved only when you press "
                "“Save reflection”."
            ))  # fmt: skip
        reflection.revision += 1
        if finish:
            verb = "reflection.written" if reflection.is_draft else "reflection.changed"
        else:
            verb = ""  # autosaving a draft: no activity entry per keystroke pause
        reflection.is_draft = reflection.is_draft and not finish
    old_date = reflection.date
    for name in FIELDS:
        if name in data:  # what the caller does not give stays as it is (or the default)
            setattr(reflection, name, data[name])
    reflection.saved_by = actor
    if reflection.date is None:  # an early autosave, before the date field was filled in
        reflection.date = timezone.localdate()
    reflection.save()
    if themes is not None or new_theme.strip():
        themes = list(reflection.themes.all() if themes is None else themes)
        if new_theme.strip():
            proposed, created = Theme.objects.get_or_create(
                name=new_theme.strip(), defaults={"approved": False, "proposed_by": actor}
            )
            themes.append(proposed)
            if created:
                log_activity(actor=actor, verb="theme.proposed", target=proposed)
        reflection.themes.set(themes)
    for element_id, (score, why) in ratings.items():
        ElementRating.objects.update_or_create(
            reflection=reflection, element_id=element_id,
            defaults={"score": score, "why": why or ""},
        )  # fmt: skip
    if audio is not None:
        store_private_file(
            upload=audio, target=reflection, uploaded_by=actor, purpose="podcast", kinds=(AUDIO,)
        )
    if verb:
        moved = old_date is not None and old_date != reflection.date
        log_activity(
            actor=actor, verb=verb, target=coalition, message=reflection.title,
            data={"reflection": reflection.pk, **(
                {"old_date": old_date.isoformat(), "new_date": reflection.date.isoformat()}
                if moved else {}
            )},
        )  # fmt: skip
    return reflection


def moved_dates():
    """Reflections whose stored date a save moved to the day of that save, with the old date.

    Editing used to reset the date to today; the activity log records old and new date of each
    change. Only the latest move per reflection counts, and only while the date is still moved.
    """
    from portal.models import ActivityEntry

    found = {}
    entries = ActivityEntry.objects.filter(
        verb="reflection.changed", data__has_key="old_date"
    ).order_by("created_at", "id")
    for entry in entries:
        if entry.data["new_date"] == timezone.localdate(entry.created_at).isoformat():
            found[entry.data["reflection"]] = entry
        else:
            found.pop(entry.data["reflection"], None)
    reflections = Reflection.objects.select_related("coalition").in_bulk(list(found))
    return [
        (reflections[pk], entry)
        for pk, entry in found.items()
        if pk in reflections and reflections[pk].date.isoformat() == entry.data["new_date"]
    ]


@transaction.atomic
def restore_date(*, reflection, date, actor) -> Reflection:
    """Put back the date a save moved; logged with old and new date."""
    reflection = Reflection.objects.select_for_update().get(pk=reflection.pk)
    moved_to = reflection.date
    reflection.date = date
    reflection.revision += 1
    reflection.save(update_fields=["date", "revision", "updated_at"])
    log_activity(
        actor=actor, verb="reflection.date_restored", target=reflection.coalition,
        message=reflection.title,
        data={"reflection": reflection.pk, "old_date": moved_to.isoformat(),
              "new_date": date.isoformat()},
    )  # fmt: skip
    return reflection


@transaction.atomic
def plan_pitstop(*, coalition, date, place, title, actor, facilitate=False) -> Pitstop:
    pitstop = Pitstop.objects.create(
        coalition=coalition, date=date, place=place, title=title or "Pitstop"
    )
    if facilitate:
        pitstop.facilitators.add(actor)
    log_activity(
        actor=actor,
        verb="pitstop.planned",
        target=coalition,
        message=f"{pitstop.title} {date:%d-%m-%Y}",
    )
    return pitstop


@transaction.atomic
def save_framework(*, form, elements, actor) -> Framework:
    framework = form.save()
    elements.instance = framework
    elements.save()
    log_activity(actor=actor, verb="framework.changed", target=framework)
    return framework


@transaction.atomic
def decide_theme(*, theme, approve: bool, actor) -> None:
    """Staff approve a proposed theme for the shared list, or remove it (reflections keep
    their text; they only lose the tag)."""
    log_activity(
        actor=actor,
        verb="theme.approved" if approve else "theme.removed",
        target=theme,
        message=theme.name,
    )
    if approve:
        theme.approved = True
        theme.save(update_fields=["approved"])
    else:
        theme.delete()


# --- The reflection editor (portal.editing): a revision per field of a draft -------------------
def editor_value(name, value):
    """A form value or a stored value in one comparable shape."""
    if name == "pitstop":
        return getattr(value, "pk", value) or None
    if name == "themes":
        return sorted(getattr(theme, "pk", theme) for theme in (value or []))
    if name.startswith("rating_"):
        return int(value) if value not in (None, "") else None
    return "" if value is None and name not in ("date", "kind") else value


def stored_editor_values(reflection, elements) -> dict:
    if reflection is None or not reflection.pk:
        return {}
    values = {name: editor_value(name, getattr(reflection, name)) for name in FIELDS}
    values["themes"] = sorted(reflection.themes.values_list("pk", flat=True))
    ratings = {rating.element_id: rating for rating in reflection.ratings.all()}
    for element in elements:
        rating = ratings.get(element.pk)
        values[f"rating_{element.pk}"] = rating.score if rating else None
        values[f"why_{element.pk}"] = rating.why if rating else ""
    return values


@transaction.atomic
def autosave_reflection(*, coalition, reflection, values: dict, themes, editor, actor, elements):
    """Keep a draft as it is typed: write each changed field unless someone else wrote it since
    this editor's revision (then it is a conflict, and the writer keeps their text)."""
    from portal.editing import apply_edits

    if reflection is None:  # the first save of a new page makes the draft with what it has
        reflection = save_reflection(
            coalition=coalition, reflection=None, actor=actor, finish=False, base_revision=0,
            data=_editor_data(values), themes=themes if "themes" in values else None,
            ratings=_editor_ratings(values, {}, elements),
        )  # fmt: skip
        return reflection, apply_edits(
            target=reflection, edits=values, current={}, request=editor, actor=actor
        )
    reflection = Reflection.objects.select_for_update().get(pk=reflection.pk)
    if not reflection.is_draft:
        raise ReflectionConflict(_(
            "This reflection is already shared. Your changes are saved only when you press "
            "“Save reflection”."
        ))  # fmt: skip
    current = stored_editor_values(reflection, elements)
    result = apply_edits(
        target=reflection, edits=values, current=current, request=editor, actor=actor
    )
    if result.accepted:
        reflection = save_reflection(
            coalition=coalition, reflection=reflection, actor=actor, finish=False,
            data=_editor_data(result.accepted),
            themes=themes if "themes" in result.accepted else None,
            ratings=_editor_ratings(result.accepted, current, elements),
            base_revision=reflection.revision,
        )  # fmt: skip
    return reflection, result


def _editor_data(values):
    data = {name: value for name, value in values.items() if name in FIELDS}
    if "pitstop" in data:
        data["pitstop"] = (
            Pitstop.objects.filter(pk=data["pitstop"]).first() if data["pitstop"] else None
        )
    return data


def _editor_ratings(values, current, elements):
    ratings = {}
    for element in elements:
        score, why = f"rating_{element.pk}", f"why_{element.pk}"
        if score in values or why in values:
            ratings[element.pk] = (
                values.get(score, current.get(score)),
                values.get(why, current.get(why, "")),
            )
    return ratings
