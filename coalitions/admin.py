from django.contrib import admin

from coalitions.models import Coalition, CoalitionMember, PaymentTranche


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
