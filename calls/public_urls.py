"""Public pages of calls: the list, one call, the quick check."""

app_name = "calls"
urlpatterns = []
