from django.urls import include, path

app_name = "colleges"

urlpatterns: list = [
    path("", include("colleges.thread_urls")),
]
