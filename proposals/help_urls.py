"""Writing help: helpers comment beside answers, applicants resolve, staff assign."""

from django.urls import path

from proposals import help_views

app_name = "proposals_help"
urlpatterns = [
    path("", help_views.mine, name="mine"),
    path("<int:proposal_pk>/", help_views.proposal, name="proposal"),
    path("opmerking/<int:comment_pk>/opgelost/", help_views.resolve, name="resolve"),
    path("toewijzen/<int:proposal_pk>/", help_views.assign, name="assign"),
]
