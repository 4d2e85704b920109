from django.urls import path

from club.pages import views
from club.pages.feeds import NewsFeed

app_name = "pages"

urlpatterns = [
    path("actualites/", views.news, name="news"),
    path("actualites/flux.atom", NewsFeed(), name="news_feed"),
    path("questions-frequentes/", views.faq, name="faq"),
]
