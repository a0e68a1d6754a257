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
