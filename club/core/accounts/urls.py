from django.urls import path

from club.core.accounts import views
from club.core.api import views as api_views

# Included under compte/ before allauth's own URLs.
urlpatterns = [
    path("", views.account_index, name="account_index"),
    path("login/", views.login, name="account_login"),
    path("signup/", views.signup, name="account_signup"),
    path("reprendre/", views.resume, name="account_resume"),
    path("jetons/", api_views.tokens, name="api_tokens"),
    path("jetons/<int:pk>/revoquer/", api_views.revoke, name="api_token_revoke"),
]
