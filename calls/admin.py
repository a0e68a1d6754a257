from django.contrib import admin

from calls.models import Call, Programme


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "fund"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "status"]
    list_filter = ["status", "programme"]
    prepopulated_fields = {"slug": ["title"]}
