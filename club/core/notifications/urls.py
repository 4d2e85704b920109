from django.urls import path

from club.core.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("lire/", views.mark_read, name="mark_read"),
    path("<int:pk>/ouvrir/", views.open_notice, name="open"),
    path("preferences/", views.preferences, name="preferences"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
