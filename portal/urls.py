from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from portal import (
    editor_views,
    preference_views,
    privacy_views,
    reminder_views,
    report_views,
    views,
)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Tools and old browsers ask /favicon.ico whatever the page links to.
    path("favicon.ico", views.favicon, name="favicon"),
    path("editor/sessie/", editor_views.session, name="editor_session"),
    path("editor/weer-ingelogd/", editor_views.signed_in, name="editor_signed_in"),
    path("berichten/", views.message_list, name="message_list"),
    path("berichten/<int:pk>/", views.message_detail, name="message_detail"),
    path(
        "berichten/<int:pk>/bijlage/<int:index>/",
        views.message_attachment,
        name="message_attachment",
    ),
    path("bestanden/<int:pk>/", views.download_file, name="download_file"),
    path("instellingen/e-mail/", preference_views.mail_settings, name="mail_settings"),
    path("afmelden/<str:token>/", preference_views.unsubscribe, name="unsubscribe"),
    path("fonds/herinneringen/", reminder_views.overview, name="reminders"),
    path("fonds/herinneringen/mislukt/<int:pk>/", reminder_views.retry, name="reminder_retry"),
    path(
        "fonds/herinneringen/<str:name>/voorbeeld/", reminder_views.preview, name="reminder_preview"
    ),
    path(
        "fonds/herinneringen/<str:name>/nu-versturen/",
        reminder_views.send_now,
        name="reminder_send_now",
    ),
    path("rapporten/taak/<int:pk>/", report_views.report_job, name="report_job"),
    path(
        "rapporten/taak/<int:pk>/opnieuw/", report_views.retry_report_job, name="retry_report_job"
    ),
    path("rapporten/<slug:kind>/<str:identifier>/", report_views.make_report, name="make_report"),
    path("account/mijn-gegevens/", privacy_views.my_data, name="my_data"),
    path(
        "account/mijn-gegevens/download/", privacy_views.download_my_data, name="download_my_data"
    ),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
    path("", include("calls.urls")),
    path("", include("proposals.urls")),
    path("fonds/", include("proposals.staff_urls")),
    path("fonds/", include("proposals.list_urls")),
    path("beoordelen/", include("proposals.review_urls")),
    path("schrijfhulp/", include("proposals.help_urls")),
    path("", include("coalitions.urls")),
    path("", include("reflections.urls")),
    path("", include("events.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
