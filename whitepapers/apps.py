from django.apps import AppConfig


class WhitepapersConfig(AppConfig):
    name = "whitepapers"
    verbose_name = "Livres blancs"

    def ready(self) -> None:
        from wagtail.signals import page_published

        from whitepapers.models import WhitepaperPage
        from whitepapers.notifications import on_page_published

        # Publishing happens through the service, the review workflow's approval and the
        # admin's own button: Wagtail's publish signal is the one place all three meet.
        page_published.connect(
            on_page_published, sender=WhitepaperPage, dispatch_uid="whitepapers.notify"
        )
