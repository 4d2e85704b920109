# Mounted under notifications/ (club/urls.py): the addresses predate the move to the roof, and
# notices already sent link to them.
from django.urls import path

from club.announcements import views

app_name = "announcements"

urlpatterns = [
    path("annonces/", views.announcement_list, name="list"),
    path("annonces/nouvelle/", views.announcement_create, name="create"),
    path("annonces/<int:pk>/", views.announcement_detail, name="detail"),
    path("lettres/", views.newsletter_list, name="newsletters"),
    path("lettres/nouvelle/", views.newsletter_create, name="newsletter_create"),
    path("lettres/<int:pk>/", views.newsletter_detail, name="newsletter_detail"),
    path("lettres/inscription/", views.newsletter_subscription, name="newsletter_subscription"),
]
