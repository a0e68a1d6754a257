"""Reviewers: their assigned proposals, conflict declaration, scoring; the comparison table."""

app_name = "proposals_review"
urlpatterns = []
