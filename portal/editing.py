"""The one editor mechanism: a revision per field, the conflict rule, and what editors are told.

Every page where people type (proposal sections, the budget, reflections) is an *editor*: one
page in one browser tab, with an id of its own (`_editor`). The page carries the revision of every
field it shows (`_revisions`, answered or not). A save names the fields it changes and the
revision each started from. `static/js/editor.js` is the browser side; docs/reliability.md says
what it promises.

The rule (`is_conflict`): a save is a conflict only when someone *else* stored a newer value than
the one this editor started from. Another tab or another person is someone else; this editor's own
earlier save (whose answer may have been lost on the way back) never is.
"""

import json
import time
import uuid
from dataclasses import dataclass, field
from functools import wraps

from django.contrib.contenttypes.models import ContentType
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from portal.models import FieldRevision

EDITOR_HEADER = "X-Samenspel-Editor"
PRESENCE_SECONDS = 45


def is_conflict(*, stored_revision: int, stored_editor: str, base_revision: int, editor: str):
    """True when the stored value is newer than this editor's and was written by another one."""
    if stored_revision <= base_revision:
        return False
    return not editor or stored_editor != editor


def new_editor_id() -> str:
    return uuid.uuid4().hex


@dataclass
class EditorRequest:
    """What an editor sends besides the field values."""

    editor: str = ""
    bases: dict = field(default_factory=dict)  # field -> revision the editor started from
    fields: list | None = None  # the fields it changes; None: a whole form posted without JS
    action: str = ""

    @classmethod
    def from_post(cls, post):
        try:
            bases = {
                str(k): int(v or 0) for k, v in json.loads(post.get("_revisions") or "{}").items()
            }
        except (ValueError, TypeError, AttributeError):
            bases = {}
        try:
            fields = json.loads(post["_fields"]) if "_fields" in post else None
            fields = [str(name) for name in fields] if isinstance(fields, list) else None
        except ValueError:
            fields = None
        return cls(
            editor=str(post.get("_editor", ""))[:64], bases=bases, fields=fields,
            action=str(post.get("_action", "")),
        )  # fmt: skip

    def changes(self, name: str) -> bool:
        return self.fields is None or name in self.fields


@dataclass
class Conflict:
    revision: int
    by: object  # the user who stored the newer value (or None)
    at: object
    by_this_person: bool = False


@dataclass
class EditResult:
    accepted: dict = field(default_factory=dict)  # field -> value to write now
    conflicts: dict = field(default_factory=dict)  # field -> Conflict
    revisions: dict = field(default_factory=dict)  # field -> revision the editor now holds


def revision_rows(target) -> dict:
    """field -> FieldRevision of one object (one query)."""
    rows = FieldRevision.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("updated_by")
    return {row.field: row for row in rows}


def revisions_of(target, names) -> dict:
    """The revision of every named field: 0 for a field nobody has written yet."""
    rows = revision_rows(target) if target is not None and target.pk else {}
    return {name: rows[name].revision if name in rows else 0 for name in names}


def apply_edits(*, target, edits: dict, current: dict, request: EditorRequest, actor):
    """Decide per field whether the editor's value may be written; raise the revisions of those
    that may. The caller holds a lock on `target` inside its transaction and writes
    `result.accepted` itself. `current` holds the stored values, comparable with `edits`."""
    target_type = ContentType.objects.get_for_model(target)
    rows = {
        row.field: row
        for row in FieldRevision.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(
            target_type=target_type, target_id=str(target.pk), field__in=list(edits)
        )
    }  # fmt: skip
    result = EditResult()
    for name, value in edits.items():
        row = rows.get(name)
        stored = row.revision if row else 0
        if value == current.get(name):  # nothing to change: the editor now holds this revision
            result.revisions[name] = stored
            continue
        base = request.bases.get(name, 0)
        if row and is_conflict(
            stored_revision=stored, stored_editor=row.editor, base_revision=base,
            editor=request.editor,
        ):  # fmt: skip
            result.conflicts[name] = Conflict(
                revision=stored, by=row.updated_by, at=row.updated_at,
                by_this_person=row.updated_by_id == getattr(actor, "pk", None),
            )  # fmt: skip
            result.revisions[name] = base
            continue
        if row is None:
            row = FieldRevision(target_type=target_type, target_id=str(target.pk), field=name)
        row.revision = stored + 1
        row.editor = request.editor
        row.updated_by = actor
        row.save()
        result.accepted[name] = value
        result.revisions[name] = row.revision
    return result


def newer_elsewhere(target, request: EditorRequest, skip=()) -> dict:
    """field -> FieldRevision for fields stored after the revision this editor holds (written by
    someone else, or by this editor in a save whose answer never arrived)."""
    if target is None or not target.pk:
        return {}
    return {
        name: row
        for name, row in revision_rows(target).items()
        if name in request.bases and row.revision > request.bases[name] and name not in skip
    }


# --- Who else is editing ----------------------------------------------------------------------
def touch_presence(key: str, user) -> list[str]:
    """Note that `user` has this editor open; return the names of the others who have it open.
    Best effort: without the cache nobody is shown, and saving goes on."""
    from django.core.cache import cache

    now = time.time()
    try:
        seen = cache.get(f"editing:{key}") or {}
        seen = {pk: (name, at) for pk, (name, at) in seen.items() if now - at < PRESENCE_SECONDS}
        seen[str(user.pk)] = (user.get_full_name() or user.email, now)
        cache.set(f"editing:{key}", seen, PRESENCE_SECONDS * 2)
    except Exception:  # noqa: BLE001  (Redis down: presence is a nicety)
        return []
    return sorted(name for pk, (name, _at) in seen.items() if pk != str(user.pk))


# --- Answers -----------------------------------------------------------------------------------
def person_name(user) -> str:
    if user is None:
        return _("someone")
    return user.get_full_name() or user.email


def conflict_json(conflict: Conflict, *, value, display: str) -> dict:
    return {
        "revision": conflict.revision,
        "value": value,
        "display": display,
        "by": person_name(conflict.by),
        "by_you": conflict.by_this_person,
        "at": time_format(timezone.localtime(conflict.at), "H:i") if conflict.at else "",
    }


def saved_message() -> str:
    return _("Saved at %(time)s.") % {"time": time_format(timezone.localtime(), "H:i")}


def respond(
    *,
    result: EditResult | None = None,
    errors=None,
    conflicts=None,
    updates=None,
    others=(),
    message: str = "",
    level: str = "ok",
    **extra,
) -> JsonResponse:
    """The editor's answer. `conflicts` and `updates` are already JSON (field -> dict)."""
    errors = errors or {}
    conflicts = conflicts or {}
    if not message:
        if conflicts:
            message, level = _("Someone else changed an answer. Choose which text stays."), "error"
        elif errors:
            message, level = _("Saved, except the answers marked with an error."), "warning"
        else:
            message = saved_message()
    return JsonResponse({
        "status": "conflict" if conflicts else ("invalid" if errors else "saved"),
        "message": message, "level": level,
        "revisions": result.revisions if result else {},
        "errors": errors, "conflicts": conflicts, "updates": updates or {},
        "others": list(others), **extra,
    })  # fmt: skip


def refused(message: str, status: int = 409, **extra) -> JsonResponse:
    """A save that cannot happen at all (sent in, deadline passed): said as it is."""
    return JsonResponse({"status": "refused", "message": message, "level": "error", **extra},
                        status=status)  # fmt: skip


def logged_out() -> JsonResponse:
    return JsonResponse({
        "status": "logged_out",
        "message": _("You are logged out. Log in again; your text is safe."),
        "login_url": f"{reverse('account_login')}?next={reverse('editor_signed_in')}",
    }, status=401)  # fmt: skip


def editor_endpoint(view):
    """Editor requests never get a login page or a redirect: 401 with a marker instead."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return logged_out()
        if request.method != "POST":
            return JsonResponse({"status": "refused"}, status=405)
        claimed = request.POST.get("_user", "")
        if claimed and claimed != str(request.user.pk):
            return refused(
                _("You are now logged in as someone else. We did not save. Your text stays in "
                  "this browser for the person who typed it."),
                status=409, other_user=True,
            )  # fmt: skip
        return view(request, *args, **kwargs)

    return wrapped


def field_errors(form, names=None) -> dict:
    return {
        name: [str(message) for message in messages]
        for name, messages in form.errors.items()
        if name != "__all__" and (names is None or name in names)
    }


def widget_value(bound_field):
    """A stored value as the page's input shows it: a string, or a list for choices."""
    value = bound_field.field.widget.format_value(bound_field.value())
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value if item not in (None, "")]
    return "" if value is None else str(value)


def display_text(value) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value or "")
