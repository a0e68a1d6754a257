"""Fund staff: a proposal's page, reviewers, decisions and their mails."""

from django.urls import path

from proposals import staff_views

app_name = "proposals_staff"
urlpatterns = [
    path("aanvragen/<int:pk>/", staff_views.proposal_detail, name="detail"),
    path(
        "oproepen/<slug:slug>/fase/<int:stage_pk>/beoordelaars/",
        staff_views.assignments,
        name="assignments",
    ),
    path(
        "oproepen/<slug:slug>/fase/<int:stage_pk>/besluiten/",
        staff_views.decisions,
        name="decisions",
    ),
    path("oproepen/<slug:slug>/besluitmails/", staff_views.outbox, name="outbox"),
    path("oproepen/<slug:slug>/besluitmails/<int:pk>/", staff_views.draft_edit, name="draft_edit"),
    path(
        "oproepen/<slug:slug>/besluitmails/<int:pk>/versturen/",
        staff_views.draft_send,
        name="draft_send",
    ),
    path(
        "oproepen/<slug:slug>/mailteksten/",
        staff_views.decision_templates,
        name="decision_templates",
    ),
]
