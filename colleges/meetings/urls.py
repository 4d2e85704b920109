"""Meetings; included by colleges/urls.py, so the names stay in the "colleges" namespace."""

from django.urls import path

from colleges.meetings import views

urlpatterns = [
    path("<slug:college_slug>/reunions/", views.meeting_list, name="meeting_list"),
    path("<slug:college_slug>/reunions/nouvelle/", views.meeting_create, name="meeting_create"),
    path("reunions/agenda/", views.calendar_settings, name="meeting_calendar"),
    path("reunions/agenda/<str:token>.ics", views.meeting_feed, name="meeting_feed"),
    path("reunions/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("reunions/<int:pk>/reunion.ics", views.meeting_ics, name="meeting_ics"),
    path("reunions/<int:pk>/modifier/", views.meeting_edit, name="meeting_edit"),
    path("reunions/<int:pk>/annuler/", views.meeting_cancel, name="meeting_cancel"),
    path("reunions/<int:pk>/ouvrir/", views.meeting_open, name="meeting_open"),
    path("reunions/<int:pk>/inscription/", views.meeting_register, name="meeting_register"),
    path("reunions/<int:pk>/desinscription/", views.meeting_unregister, name="meeting_unregister"),
    path("reunions/<int:pk>/presences/", views.meeting_attendance, name="meeting_attendance"),
    path("reunions/<int:pk>/compte-rendu/", views.meeting_minutes, name="meeting_minutes"),
]
