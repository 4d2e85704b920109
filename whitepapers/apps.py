from django.apps import AppConfig


class WhitepapersConfig(AppConfig):
    name = "whitepapers"
    verbose_name = "Livres blancs"

    def ready(self) -> None:
        from wagtail.signals import page_published

        from club.core.notifications.kinds import register_kinds
        from whitepapers import lifecycle  # noqa: F401 - registers the lifecycle tables
        from whitepapers.models import WhitepaperPage
        from whitepapers.notifications import NOTICE_KINDS, on_page_published

        register_kinds(*NOTICE_KINDS)
        from whitepapers import selectors
        from whitepapers.models import WhitepaperIndexPage

        # The pages' reads, plugged in here so that the models never import the selectors.
        WhitepaperIndexPage.read_context = selectors.index_page_context
        WhitepaperPage.read_context = selectors.whitepaper_page_context
        from club.core.audit.labels import register_action_labels
        from whitepapers.audit import ACTION_LABELS

        register_action_labels(ACTION_LABELS)

        # Publishing happens through the service, the review workflow's approval and the
        # admin's own button: Wagtail's publish signal is the one place all three meet.
        page_published.connect(
            on_page_published, sender=WhitepaperPage, dispatch_uid="whitepapers.notify"
        )

        from django.db.models.signals import post_save
        from wagtail.models import PageLogEntry

        from whitepapers.audit import record_publication

        # Wagtail logs every publication with the person who published it, whichever of the
        # three paths it took: the audit entry is written from that log, once.
        post_save.connect(record_publication, sender=PageLogEntry, dispatch_uid="whitepapers.audit")
