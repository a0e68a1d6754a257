"""Staff pages to set up programmes, calls, stages and their forms (mounted under /fonds/)."""

from django.urls import path

from calls import staff_views as views

app_name = "calls_staff"

call = "oproepen/<slug:slug>/"

urlpatterns = [
    path("programmas/", views.programme_list, name="programme_list"),
    path("programmas/nieuw/", views.programme_create, name="programme_create"),
    path("programmas/<slug:slug>/bewerken/", views.programme_edit, name="programme_edit"),
    path("oproepen/", views.call_list, name="call_list"),
    path("oproepen/nieuw/", views.call_create, name="call_create"),
    path("oproepen/importeren/", views.call_import, name="call_import"),
    path(call, views.call_detail, name="call_detail"),
    path(call + "bewerken/", views.call_edit, name="call_edit"),
    path(call + "kopieren/", views.call_duplicate, name="call_duplicate"),
    path(call + "export/", views.call_export, name="call_export"),
    path(call + "deelname/", views.eligibility_edit, name="eligibility_edit"),
    path(call + "fasen/nieuw/", views.stage_create, name="stage_create"),
    path(call + "fasen/<int:pk>/", views.stage_detail, name="stage_detail"),
    path(call + "fasen/<int:pk>/bewerken/", views.stage_edit, name="stage_edit"),
    path(call + "fasen/<int:pk>/verwijderen/", views.stage_delete, name="stage_delete"),
    path(call + "fasen/<int:pk>/voorbeeld/", views.stage_preview, name="stage_preview"),
    path(call + "fasen/<int:pk>/paginas/nieuw/", views.section_create, name="section_create"),
    path(call + "paginas/<int:pk>/bewerken/", views.section_edit, name="section_edit"),
    path(call + "paginas/<int:pk>/verwijderen/", views.section_delete, name="section_delete"),
    path(call + "paginas/<int:pk>/verplaatsen/", views.section_move, name="section_move"),
    path(call + "paginas/<int:pk>/vragen/nieuw/", views.question_create, name="question_create"),
    path(call + "vragen/<int:pk>/bewerken/", views.question_edit, name="question_edit"),
    path(call + "vragen/<int:pk>/verwijderen/", views.question_delete, name="question_delete"),
    path(call + "vragen/<int:pk>/verplaatsen/", views.question_move, name="question_move"),
    path(call + "datums/nieuw/", views.milestone_create, name="milestone_create"),
    path(call + "datums/<int:pk>/bewerken/", views.milestone_edit, name="milestone_edit"),
    path(call + "datums/<int:pk>/verwijderen/", views.milestone_delete, name="milestone_delete"),
    path(call + "snelle-check/nieuw/", views.quick_check_create, name="quick_check_create"),
    path(call + "snelle-check/<int:pk>/bewerken/", views.quick_check_edit, name="quick_check_edit"),
    path(
        call + "snelle-check/<int:pk>/verwijderen/",
        views.quick_check_delete,
        name="quick_check_delete",
    ),
]
