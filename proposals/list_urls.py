"""Fund staff: the call dashboard, the proposal list with filters, search and export."""

app_name = "proposals_list"
urlpatterns = []
