from django.urls import path

from club.core.gdpr import views

app_name = "gdpr"

urlpatterns = [
    path("", views.index, name="index"),
    path("telecharger/", views.export, name="export"),
    path("supprimer-mon-compte/", views.erase, name="erase"),
]
