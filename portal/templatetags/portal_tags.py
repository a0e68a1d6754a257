from django import template
from django.utils.safestring import mark_safe

from portal.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Render staff-written Markdown, sanitised by nh3 (no scripts, no inline handlers)."""
    return mark_safe(render_markdown(text))  # noqa: S308  (sanitised above)


@register.filter
def euro(amount):
    """€ 1.234,56 in Dutch, € 1,234.56 in English: Django's formats set the separators."""
    from django.utils.formats import number_format

    if amount in (None, ""):
        return ""
    return f"€ {number_format(amount, decimal_pos=2, force_grouping=True)}"


@register.filter
def join_if_list(value):
    """Multiple-choice answers are lists; show them as one line."""
    return ", ".join(str(item) for item in value) if isinstance(value, list) else value


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, or None (a for loop over None shows nothing)."""
    return mapping.get(key) if mapping else None


@register.filter
def as_json(value):
    """A value as JSON for a hidden input's value (the template escapes it as an attribute)."""
    import json

    return json.dumps(value, default=str)


@register.inclusion_tag("portal/_editor.html", takes_context=True)
def editor_fields(context, revisions, editor_id):
    """The hidden fields and texts every editor form carries (portal/editing.py, editor.js)."""
    from django.utils.translation import gettext as _

    texts = {
        "saving": _("Saving…"),
        "unsaved": _("Not saved yet."),
        "offline": _(
            "No connection. Your text is safe in this browser. We try again in %(seconds)s "
            "seconds, or as soon as you are online."
        ),
        "failed": _(
            "Saving did not work. Your text is safe in this browser. We try again in "
            "%(seconds)s seconds."
        ),
        "logged_out": _("You are logged out. Log in again; your text is safe."),
        "log_in": _("Log in again (opens a new tab)"),
        "restored": _("You had text that was not saved yet. We put it back and save it now."),
        "others": _("Also working on this page now: %(names)s."),
        "updated": _("%(name)s changed an answer you were not editing. It now shows their text."),
        "conflict_intro": _(
            "%(name)s also changed this answer, at %(time)s. Choose which text stays."
        ),
        "conflict_you": _(
            "You also changed this answer in another window, at %(time)s. Choose which text stays."
        ),
        "theirs": _("The saved text:"),
        "mine_is_above": _("Your text is in the field above. It is not saved yet."),
        "keep_mine": _("Keep my text"),
        "take_theirs": _("Take the saved text"),
        "edit_both": _("Put both texts in the field and edit"),
        "errors": _("Some answers need a change:"),
        "leave": _("Not everything is saved yet. Leave anyway?"),
        "remove": _("Remove"),
        "signed_in": _("You are logged in again. We save your text now."),
        "file_saved": _("File saved: %(name)s."),
    }
    return {
        "revisions": revisions,
        "editor_id": editor_id,
        "user": context["user"],
        "texts": texts,
    }
