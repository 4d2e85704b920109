"""The notices about ballots: their kinds (the sending is in `votes/services.py`)."""

from django.utils.translation import gettext_lazy

from club.core.notifications.kinds import Kind

BALLOT_OPENED = "ballot_opened"
BALLOT_RESULTS = "ballot_results"

# The kinds of notice sent here, registered by `VotesConfig.ready` (club/core/notifications/kinds.py).
NOTICE_KINDS = (
    Kind(
        BALLOT_OPENED,
        gettext_lazy("Ouverture d'un scrutin"),
        gettext_lazy("Un scrutin où vous êtes électeur ou électrice est ouvert."),
        order=60,
    ),
    Kind(
        BALLOT_RESULTS,
        gettext_lazy("Résultats d'un scrutin"),
        gettext_lazy(
            "Les résultats d'un scrutin où vous étiez électeur ou électrice sont publiés."
        ),
        order=70,
    ),
)
