"""Fund staff: the call dashboard, the proposal list with filters, search and export."""

from django.urls import path

from proposals import list_views

app_name = "proposals_list"
urlpatterns = [
    path("oproepen/<slug:slug>/dashboard/", list_views.dashboard, name="dashboard"),
    path("oproepen/<slug:slug>/aanvragen/", list_views.proposal_list, name="list"),
    path("oproepen/<slug:slug>/aanvragen/export/", list_views.export, name="export"),
]
