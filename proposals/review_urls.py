"""Reviewers: their assigned proposals, conflict declaration, scoring; the comparison table."""

from django.urls import path

from proposals import review_views

app_name = "proposals_review"
urlpatterns = [
    path("", review_views.mine, name="mine"),
    path("<int:review_pk>/", review_views.review, name="review"),
    path("banden/", review_views.ties, name="ties"),
    path("criteria/<int:stage_pk>/", review_views.criteria, name="criteria"),
    path("vergelijken/<slug:call_slug>/<int:stage_pk>/", review_views.compare, name="compare"),
]
