from django.urls import path

from votes import views

app_name = "votes"

urlpatterns = [
    path("", views.index, name="index"),
    path("nouveau/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/recepisse/", views.check_receipt, name="check_receipt"),
    path("<int:pk>/candidature/", views.candidacy, name="candidacy"),
]
