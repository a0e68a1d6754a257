from django.urls import path

from coalitions import staff_views, views

app_name = "coalitions"

groups = "fonds/oproepen/<slug:slug>/leergroepen/"

urlpatterns = [
    path("coalities/", views.public_list, name="public_list"),
    path("coalities/mijn/", views.mine, name="mine"),
    path("coalities/uitnodiging/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("coalities/<slug:slug>/", views.public_detail, name="public_detail"),
    path("coalities/<slug:slug>/werkruimte/", views.workspace, name="workspace"),
    path("coalities/<slug:slug>/berichten/", views.coalition_messages, name="messages"),
    path(
        "fonds/aanvragen/<int:proposal_pk>/experiment-starten/",
        views.start_experiment,
        name="start_experiment",
    ),
    path("fonds/coalities/", staff_views.coalition_list, name="staff_list"),
    path("fonds/coalities/nieuw/", staff_views.coalition_create, name="staff_create"),
    path("fonds/coalities/<slug:slug>/wijzigen/", staff_views.coalition_edit, name="staff_edit"),
    path(groups, staff_views.learning_groups, name="learning_groups"),
    path(groups + "maken/", staff_views.learning_group_create, name="learning_group_create"),
    path(groups + "verplaatsen/", staff_views.learning_group_move, name="learning_group_move"),
    path(
        groups + "<int:pk>/wijzigen/",
        staff_views.learning_group_change,
        name="learning_group_change",
    ),
    path(
        groups + "<int:pk>/verwijderen/",
        staff_views.learning_group_delete,
        name="learning_group_delete",
    ),
]
