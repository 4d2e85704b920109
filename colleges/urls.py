from django.urls import include, path

from colleges.views import member, public, staff

app_name = "colleges"

urlpatterns = [
    path("", public.index, name="index"),
    path("candidater/", member.apply, name="apply"),
    path("candidater/<slug:slug>/", member.apply_to, name="apply_to"),
    path("mon-espace/", member.my_space, name="my_space"),
    path("mon-espace/candidatures/<int:pk>/completer/", member.resubmit, name="resubmit"),
    path("mon-espace/candidatures/<int:pk>/retirer/", member.withdraw, name="withdraw"),
    path("mon-espace/adhesions/<int:pk>/quitter/", member.leave, name="leave"),
    path(
        "mon-espace/adhesions/<int:pk>/annuaire/",
        member.directory_visibility,
        name="directory_visibility",
    ),
    path("membres/<int:pk>/", public.profile, name="profile"),
    path("chartes/", public.charters, name="charters"),
    path("equipe/candidatures/", staff.queue, name="queue"),
    path("equipe/candidatures/<int:pk>/", staff.review, name="review"),
    path("equipe/adhesions/<int:pk>/suspendre/", staff.suspend, name="suspend"),
    path("equipe/adhesions/<int:pk>/retablir/", staff.reinstate, name="reinstate"),
    path("equipe/roles/<str:kind>/<int:pk>/fin/", staff.end_role, name="end_role"),
    path("equipe/<slug:slug>/membres/", staff.college_members, name="members"),
    path("equipe/<slug:slug>/roles/", staff.roles, name="roles"),
    # Themes, threads, posts and moderation (single-segment paths first, before the college slug).
    path("", include("colleges.threads.urls")),
    path("", include("colleges.meetings.urls")),
    path("<slug:slug>/", public.detail, name="detail"),
    path("<slug:slug>/annuaire/", public.directory, name="directory"),
    path("<slug:slug>/charte/", public.charter, name="charter"),
    path("<slug:slug>/charte/version-<int:version>/", public.charter, name="charter_version"),
]
