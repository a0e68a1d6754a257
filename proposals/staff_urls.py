"""Fund staff: a proposal's page, reviewers, decisions and their mails."""

app_name = "proposals_staff"
urlpatterns = []
