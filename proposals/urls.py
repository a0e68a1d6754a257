"""The applicant's pages: start, fill in, invite, submit, follow."""

from django.urls import path

from proposals import views

app_name = "proposals"
urlpatterns = [
    path("oproepen/<slug:slug>/start/", views.start, name="start"),
    path("aanvragen/", views.my_proposals, name="mine"),
    path("aanvragen/<int:pk>/", views.detail, name="detail"),
    path("aanvragen/<int:pk>/deel/<int:section_pk>/", views.section, name="section"),
    path("aanvragen/<int:pk>/deel/<int:section_pk>/opslaan/", views.autosave, name="autosave"),
    path("aanvragen/<int:pk>/organisaties/", views.organisations, name="organisations"),
    path("aanvragen/<int:pk>/begroting/", views.budget, name="budget"),
    path("aanvragen/<int:pk>/begroting/opslaan/", views.budget_autosave, name="budget_autosave"),
    path("aanvragen/<int:pk>/indienen/", views.submit, name="submit"),
    path("aanvragen/<int:pk>/intrekken/", views.withdraw, name="withdraw"),
    path("aanvragen/<int:pk>/pdf/", views.pdf, name="pdf"),
    path(
        "aanvragen/<int:pk>/uitnodigen-uitwerking/", views.invite_full_plan, name="invite_full_plan"
    ),
    path("uitnodiging/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
