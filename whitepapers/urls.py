from django.urls import path

from whitepapers import views
from whitepapers.feeds import WhitepaperFeed

app_name = "whitepapers"

urlpatterns = [
    path("", views.index, name="index"),
    path("flux.atom", WhitepaperFeed(), name="feed"),
    path("<int:page_id>/pdf/", views.pdf, name="pdf"),
    path("<int:page_id>/versions/<int:revision_id>/", views.version, name="version"),
    path("<int:page_id>/versions/<int:revision_id>/pdf/", views.version_pdf, name="version_pdf"),
    path("consultations/<int:pk>/", views.consultation, name="consultation"),
    path(
        "consultations/commentaires/<int:pk>/moderer/",
        views.moderate_comment,
        name="moderate_comment",
    ),
]
