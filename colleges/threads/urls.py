"""Themes, threads, posts and moderation; included by colleges/urls.py, so the names stay in
the "colleges" namespace (`colleges:thread_detail`) that templates and links already use."""

from django.urls import path

from colleges.threads import views

urlpatterns = [
    path("<slug:college_slug>/themes/", views.theme_list, name="theme_list"),
    path("<slug:college_slug>/themes/nouveau/", views.theme_create, name="theme_create"),
    path("themes/<int:pk>/", views.theme_detail, name="theme_detail"),
    path("themes/<int:pk>/modifier/", views.theme_edit, name="theme_edit"),
    path("themes/<int:pk>/clore/", views.theme_close, name="theme_close"),
    path("themes/<int:pk>/suivre/", views.theme_follow, name="theme_follow"),
    path("themes/<int:pk>/nouveau-fil/", views.thread_create, name="thread_create"),
    path("fils/suivis/", views.thread_followed, name="thread_followed"),
    path("fils/<int:pk>/", views.thread_detail, name="thread_detail"),
    path("fils/<int:pk>/repondre/", views.post_create, name="post_create"),
    path("fils/<int:pk>/suivre/", views.thread_follow, name="thread_follow"),
    path("fils/<int:pk>/pieces/<str:token>/", views.attachment, name="post_attachment"),
    path("messages/<int:pk>/modifier/", views.post_edit, name="post_edit"),
    path("messages/<int:pk>/versions/", views.post_history, name="post_history"),
    path("messages/<int:pk>/signaler/", views.post_report, name="post_report"),
    path("messages/<int:pk>/reagir/", views.post_react, name="post_react"),
    path("<slug:college_slug>/moderation/", views.moderation_queue, name="moderation_queue"),
    path("moderation/journal/", views.moderation_log, name="moderation_log"),
    path(
        "moderation/messages/<int:pk>/masquer/",
        views.moderation_hide_post,
        name="moderation_hide_post",
    ),
    path(
        "moderation/messages/<int:pk>/classer/",
        views.moderation_dismiss_reports,
        name="moderation_dismiss_reports",
    ),
    path("moderation/fils/<int:pk>/deplacer/", views.moderation_move, name="moderation_move"),
    path(
        "moderation/fils/<int:pk>/<str:action>/", views.moderation_thread, name="moderation_thread"
    ),
]
