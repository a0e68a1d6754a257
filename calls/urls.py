from django.urls import include, path

urlpatterns = [
    path("oproepen/", include("calls.public_urls")),
    path("fonds/", include("calls.staff_urls")),
]
