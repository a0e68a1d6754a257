"""Public pages of calls: the list, one call, the quick check."""

from django.urls import path

from calls import views

app_name = "calls"
urlpatterns = [
    path("", views.call_list, name="list"),
    path("<slug:slug>/", views.call_detail, name="detail"),
    path("<slug:slug>/past-het/", views.quick_check, name="quick_check"),
]
