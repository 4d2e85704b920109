from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "club.pages"
    label = "pages"
    verbose_name = "Pages du site"
