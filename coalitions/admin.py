from django.contrib import admin

from coalitions.models import (
    Coalition,
    CoalitionMember,
    CoalitionMessage,
    LearningGroup,
    LearningGroupMember,
    PaymentTranche,
)


class MemberInline(admin.TabularInline):
    model = CoalitionMember
    extra = 0
    autocomplete_fields = ["user"]


class TrancheInline(admin.TabularInline):
    model = PaymentTranche
    extra = 0


@admin.register(Coalition)
class CoalitionAdmin(admin.ModelAdmin):
    """Staff can also make a coalition by hand here."""

    list_display = ["name", "municipality", "status", "is_public"]
    list_filter = ["status", "is_public", "programme"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["organisations", "support_team"]
    inlines = [MemberInline, TrancheInline]


@admin.register(CoalitionMessage)
class CoalitionMessageAdmin(admin.ModelAdmin):
    list_display = ["coalition", "author", "from_fund", "created_at"]
    list_filter = ["from_fund", "coalition"]
    raw_id_fields = ["author"]


class LearningGroupMemberInline(admin.TabularInline):
    model = LearningGroupMember
    extra = 0
    raw_id_fields = ["proposal"]


@admin.register(LearningGroup)
class LearningGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "call", "created_at"]
    list_filter = ["call"]
    inlines = [LearningGroupMemberInline]
