from django.urls import path

from club.core.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("lire/", views.mark_read, name="mark_read"),
    path("<int:pk>/ouvrir/", views.open_notice, name="open"),
    path("preferences/", views.preferences, name="preferences"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("annonces/", views.announcement_list, name="announcements"),
    path("annonces/nouvelle/", views.announcement_create, name="announcement_create"),
    path("annonces/<int:pk>/", views.announcement_detail, name="announcement"),
    path("lettres/", views.newsletter_list, name="newsletters"),
    path("lettres/nouvelle/", views.newsletter_create, name="newsletter_create"),
    path("lettres/<int:pk>/", views.newsletter_detail, name="newsletter_detail"),
]
