from django.urls import path

from events import agenda_views, programme_views, staff_views, views

app_name = "events"
urlpatterns = [
    path("evenementen/", views.event_list, name="list"),
    path("evenementen/mijn/", views.mine, name="mine"),
    path("evenementen/mijn/agenda-link/", views.new_feed_link, name="new_feed_link"),
    path("evenementen/agenda/<str:token>.ics", views.my_feed, name="my_feed"),
    path("evenementen/programma/<slug:slug>.ics", views.programme_feed, name="programme_feed"),
    path("evenementen/<slug:slug>/", views.detail, name="detail"),
    path("evenementen/<slug:slug>/aanmelden/", views.register, name="register"),
    path("evenementen/<slug:slug>/afmelden/", views.cancel, name="cancel"),
    path("evenementen/<slug:slug>/agenda.ics", views.event_ics, name="ics"),
    path("evenementen/<slug:slug>/sessies/<int:pk>/dia/", programme_views.slides, name="slides"),
    path("evenementen/<slug:slug>/oogst/<str:key>/", programme_views.write_harvest, name="harvest"),
    path(
        "evenementen/<slug:slug>/oogst/<str:key>/autosave/",
        programme_views.autosave_harvest,
        name="harvest_autosave",
    ),
    path("fonds/evenementen/", staff_views.event_list, name="staff_list"),
    path("fonds/evenementen/nieuw/", staff_views.edit, name="staff_create"),
    path("fonds/evenementen/<slug:slug>/wijzigen/", staff_views.edit, name="staff_edit"),
    path(
        "fonds/evenementen/<slug:slug>/aanmeldingen/",
        staff_views.registrations,
        name="staff_registrations",
    ),
    path(
        "fonds/evenementen/<slug:slug>/aanmeldingen/export/",
        staff_views.export,
        name="staff_export",
    ),
    path(
        "fonds/evenementen/<slug:slug>/presentielijst.pdf",
        staff_views.presence_list,
        name="staff_presence_list",
    ),
    path(
        "fonds/evenementen/<slug:slug>/programma/",
        programme_views.edit_programme,
        name="staff_programme",
    ),
    path("fonds/kennisagenda/", agenda_views.agenda, name="agenda"),
    path("fonds/kennisagenda/nieuw/", agenda_views.edit_item, name="agenda_create"),
    path("fonds/kennisagenda/<int:pk>/wijzigen/", agenda_views.edit_item, name="agenda_edit"),
    path("fonds/kennisagenda/<int:pk>/status/", agenda_views.change_status, name="agenda_status"),
]
