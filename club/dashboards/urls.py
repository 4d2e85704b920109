from django.urls import path

from club.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.public, name="public"),
    path("equipe/", views.staff, name="staff"),
    path("equipe/<slug:table>.csv", views.staff_csv, name="staff_csv"),
    path("equipe/<slug:table>.xlsx", views.staff_csv, {"fmt": "xlsx"}, name="staff_xlsx"),
    path("<slug:table>.csv", views.public_csv, name="public_csv"),
    path("<slug:table>.xlsx", views.public_csv, {"fmt": "xlsx"}, name="public_xlsx"),
]
