from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("berichten/", views.message_list, name="message_list"),
    path("berichten/<int:pk>/", views.message_detail, name="message_detail"),
    path("bestanden/<int:pk>/", views.download_file, name="download_file"),
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
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
