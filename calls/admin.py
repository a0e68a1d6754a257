from django.contrib import admin

from calls.models import (
    Call,
    EligibilityRule,
    Milestone,
    Programme,
    Question,
    QuickCheckQuestion,
    Section,
    Stage,
)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "fund"]
    prepopulated_fields = {"slug": ["name"]}


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class EligibilityInline(admin.TabularInline):
    model = EligibilityRule
    extra = 0


class QuickCheckInline(admin.TabularInline):
    model = QuickCheckQuestion
    extra = 0


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "status", "kind"]
    list_filter = ["status", "programme"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [StageInline, MilestoneInline, EligibilityInline, QuickCheckInline]


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fk_name = "section"


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "stage", "order"]
    list_select_related = ["stage__call"]
    inlines = [QuestionInline]
