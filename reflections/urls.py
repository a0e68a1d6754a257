from django.urls import path

from reflections import views

app_name = "reflections"
urlpatterns = [
    path("coalities/<slug:slug>/reflecties/nieuw/", views.create, name="create"),
    path("coalities/<slug:slug>/reflecties/", views.coalition_reflections, name="coalition_list"),
    path("coalities/<slug:slug>/reflecties/autosave/", views.autosave, name="autosave"),
    path("coalities/<slug:slug>/pitstops/nieuw/", views.plan_pitstop, name="plan_pitstop"),
    path("reflecties/<int:pk>/", views.detail, name="detail"),
    path("reflecties/<int:pk>/wijzigen/", views.edit, name="edit"),
    path("lessen/", views.lessons, name="lessons"),
    path("fonds/leren/", views.learning_dashboard, name="dashboard"),
    path("fonds/leerkader/<int:pk>/", views.framework, name="framework"),
    path("fonds/leren/verschoven-datums/", views.moved_dates, name="moved_dates"),
]
