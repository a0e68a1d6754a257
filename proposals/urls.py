"""The applicant's pages: start, fill in, invite, submit, follow."""

app_name = "proposals"
urlpatterns = []
