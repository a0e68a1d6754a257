from django.contrib import admin

from events.models import (
    AgendaItem,
    Event,
    EventInvitation,
    EventQuestion,
    Harvest,
    Registration,
    Session,
    ThemeTable,
)


class QuestionInline(admin.TabularInline):
    model = EventQuestion
    extra = 0


class InvitationInline(admin.TabularInline):
    model = EventInvitation
    extra = 0
    readonly_fields = ["mailed_at"]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


class ThemeTableInline(admin.StackedInline):
    model = ThemeTable
    extra = 0
    filter_horizontal = ["participants"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "audience", "capacity", "is_published"]
    list_filter = ["kind", "audience", "is_published", "programme"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["coalitions", "learning_groups", "organisers"]
    inlines = [QuestionInline, InvitationInline, SessionInline, ThemeTableInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """For looking things up; changes go through the event pages (they mail and log)."""

    list_display = ["event", "user", "state", "position", "attended", "created_at"]
    list_filter = ["state", "event"]
    search_fields = ["user__email", "user__name", "event__title"]
    readonly_fields = ["event", "user", "state", "position", "answers", "created_at",
                       "cancelled_at"]  # fmt: skip


@admin.register(Harvest)
class HarvestAdmin(admin.ModelAdmin):
    """For looking things up; writing goes through the harvest page (revisions, activity)."""

    list_display = ["event", "table", "is_public", "revision", "saved_by", "updated_at"]
    list_filter = ["is_public", "event"]
    readonly_fields = ["revision", "saved_by", "created_at", "updated_at"]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["text", "programme", "kind", "status", "owner", "owner_name", "follow_up_on"]
    list_filter = ["programme", "kind", "status"]
    search_fields = ["text", "owner_name", "owner__email"]
    raw_id_fields = ["source_table", "source_harvest", "source_reflection", "owner", "event"]
