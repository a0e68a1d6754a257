"""Writing help: helpers comment beside answers, applicants resolve."""

app_name = "proposals_help"
urlpatterns = []
