from django.urls import path

from coalitions import views

app_name = "coalitions"
urlpatterns = [
    path("coalities/", views.public_list, name="public_list"),
    path("coalities/mijn/", views.mine, name="mine"),
    path("coalities/uitnodiging/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("coalities/<slug:slug>/", views.public_detail, name="public_detail"),
    path("coalities/<slug:slug>/werkruimte/", views.workspace, name="workspace"),
    path(
        "fonds/aanvragen/<int:proposal_pk>/experiment-starten/",
        views.start_experiment,
        name="start_experiment",
    ),
]
