from django.contrib import admin

from reflections.models import Element, Framework, Pitstop, Reflection, Theme


class ElementInline(admin.TabularInline):
    model = Element
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "is_example"]
    inlines = [ElementInline]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "approved"]
    list_filter = ["approved"]


@admin.register(Pitstop)
class PitstopAdmin(admin.ModelAdmin):
    """Staff and the support team plan pitstops here for now."""

    list_display = ["title", "coalition", "date", "place"]
    filter_horizontal = ["facilitators"]


@admin.register(Reflection)
class ReflectionAdmin(admin.ModelAdmin):
    list_display = ["title", "coalition", "kind", "date", "visibility"]
    list_filter = ["kind", "visibility"]

    def get_queryset(self, request):
        # "Only our coalition" and drafts are not for the admin either (reflections/rules.py).
        return super().get_queryset(request).exclude(visibility="coalition").exclude(is_draft=True)
