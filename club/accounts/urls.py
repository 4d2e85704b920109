from django.urls import path

from club.accounts import views

# Included under compte/ before allauth's own URLs.
urlpatterns = [
    path("", views.account_index, name="account_index"),
    path("signup/", views.signup, name="account_signup"),
]
