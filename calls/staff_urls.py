"""Staff pages to set up programmes, calls, stages and their forms."""

app_name = "calls_staff"
urlpatterns = []
