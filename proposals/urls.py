from django.urls import include, path

from proposals import feeds, views

app_name = "proposals"

urlpatterns = [
    path("", views.board, name="board"),
    path("flux.atom", feeds.BoardFeed(), name="feed"),
    path("demandes.csv", views.board_export, name="board_csv"),
    path("demandes.xlsx", views.board_export, {"fmt": "xlsx"}, name="board_xlsx"),
    path("mes-demandes/", views.mine, name="mine"),
    path("similaires/", views.similar, name="similar"),
    path("nouvelle/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/soutenir/", views.support, name="support"),
    path("<int:pk>/suivre/", views.follow, name="follow"),
    path("<int:pk>/ne-plus-suivre/", views.unfollow, name="unfollow"),
    path("<int:pk>/deposer/", views.submit, name="submit"),
    path("<int:pk>/retirer/", views.withdraw, name="withdraw"),
    path("<int:pk>/fusionner/", views.merge, name="merge"),
    path("<int:pk>/etape/<slug:step>/", views.step, name="step"),
    path("captures/<int:pk>/", views.screenshot, name="screenshot"),
    path("positions/nouvelle/", views.position_create, name="position_create"),
    path("positions/<int:pk>/", views.position_detail, name="position"),
    path("positions/<int:pk>/vote/", views.position_put_to_vote, name="position_put_to_vote"),
    path("ipm/", include("proposals.ipm.urls")),
]
