"""Demo ballots: one open, one closed with its results, and a finished delegate election.

Made through the services, at past times where needed (`at=`), so the results are what the
real counting gives. Idempotent: a ballot is found by its college and question.
"""

from datetime import timedelta

from django.utils import timezone

from colleges.models import College, Membership
from votes import services
from votes.models import Ballot, Participation

OPEN_QUESTION = (
    "Faut-il afficher le motif de rejet directement dans la liste des factures déposées ?"
)
CLOSED_QUESTION = (
    "Faut-il demander que le code service soit facultatif pour les factures de travaux "
    "(cadres A4, A15, A19) ?"
)
ELECTION_QUESTION = "Élection des deux délégués du collège à l'IPM"


def _backdate_demo_memberships(context, before) -> None:
    """The demo members joined months ago: otherwise nobody was a member when past ballots
    opened, and their frozen electorate would rightly be empty."""
    users = [user.pk for user in context.users.values()]
    Membership.objects.filter(user__in=users, joined_at__gt=before).update(joined_at=before)


def _vote(ballot, voter, labels, at) -> None:
    if Participation.objects.filter(ballot=ballot, elector__user=voter).exists():
        return
    ids = [o.pk for o in ballot.options.all() if o.label in labels or o.role in labels]
    services.cast_vote(ballot=ballot, voter=voter, option_ids=ids, at=at)


def seed(context) -> None:
    users = context.users
    now = timezone.now().replace(second=0, microsecond=0)
    _backdate_demo_memberships(context, now - timedelta(days=90))
    suppliers = College.objects.get(slug="fournisseurs")
    institutionals = College.objects.get(slug="institutionnels")

    # An open ballot: some members have voted, lucas.michel has not yet.
    ballot = Ballot.objects.filter(college=suppliers, question=OPEN_QUESTION).first()
    if ballot is None:
        ballot = services.create_ballot(
            college=suppliers,
            author=users["sophie.leroy"],
            question=OPEN_QUESTION,
            subject_label="Position : lisibilité des rejets de factures",
            description=(
                "Aujourd'hui, il faut ouvrir chaque facture rejetée pour lire le motif du rejet. "
                "La position proposée demande une colonne « Motif » dans la liste « Factures "
                "émises », filtrable, pour traiter les rejets en série."
            ),
            kind=Ballot.Kind.POSITION,
            opens_at=now - timedelta(days=2),
            closes_at=now + timedelta(days=5),
            quorum_percent=20,
            secret=True,
        )
    if ballot.electorate_frozen_at is None:
        # Here, not in the worker's opening task: the demo's people are fictitious and the
        # seeding keeps their e-mails off (the task then finds it done).
        services.freeze_electorate(ballot=ballot)
    if ballot.is_open_at(timezone.now()):
        for key, answer in [
            ("chloe.david", "for"),
            ("mathis.lefevre", "for"),
            ("francois.dumas", "against"),
        ]:
            _vote(ballot, users[key], [answer], timezone.now())

    # A closed position ballot with its results.
    if not Ballot.objects.filter(college=suppliers, question=CLOSED_QUESTION).exists():
        opens = now - timedelta(days=21)
        ballot = services.create_ballot(
            college=suppliers,
            author=users["marc.bernard"],
            question=CLOSED_QUESTION,
            subject_label="Position : factures de travaux et code service",
            description=(
                "Les entreprises du BTP déposent des factures de travaux dont le code service est "
                "souvent inconnu ; un rejet retarde le paiement de plusieurs semaines."
            ),
            kind=Ballot.Kind.POSITION,
            opens_at=opens,
            closes_at=opens + timedelta(days=7),
            quorum_percent=25,
            majority=Ballot.Majority.SIMPLE,
            secret=False,
            at=opens - timedelta(days=1),
        )
        services.freeze_electorate(ballot=ballot, at=opens)
        for hours, (key, answer) in enumerate(
            [
                ("lucas.michel", "for"),
                ("chloe.david", "for"),
                ("marc.bernard", "for"),
                ("nadia.haddad", "against"),
                ("isabelle.petit", "for"),
                ("julien.morel", "abstain"),
                ("mathis.lefevre", "for"),
            ],
            start=1,
        ):
            _vote(ballot, users[key], [answer], opens + timedelta(hours=hours))
        services.close_ballot(ballot=ballot, at=ballot.closes_at + timedelta(minutes=1))

    # A finished election of the institutionals' delegates.
    if not Ballot.objects.filter(college=institutionals, question=ELECTION_QUESTION).exists():
        opens = now - timedelta(days=30)
        ballot = services.create_ballot(
            college=institutionals,
            author=users["anne.chevalier"],
            question=ELECTION_QUESTION,
            description="Chaque membre approuve jusqu'à deux candidats ; les deux premiers sont élus.",
            kind=Ballot.Kind.ELECTION,
            candidacy_opens_at=opens - timedelta(days=14),
            candidacy_closes_at=opens - timedelta(days=1),
            opens_at=opens,
            closes_at=opens + timedelta(days=7),
            quorum_percent=30,
            secret=True,
            at=opens - timedelta(days=15),
        )
        for key, statement in [
            (
                "pierre.colin",
                "Expert-comptable, je porterai les difficultés des petites entreprises que nous "
                "accompagnons : rejets pour SIRET ou code service, suivi des paiements.",
            ),
            (
                "sarah.meyer",
                "À la chambre de métiers, je vois chaque semaine des artisans perdus face aux "
                "cadres de facturation des travaux : je défendrai des libellés plus clairs.",
            ),
            (
                "manon.laurent",
                "Je souhaite que les tiers intermédiaires puissent déposer pour le compte de "
                "leurs clients avec une délégation simple.",
            ),
        ]:
            services.declare_candidacy(
                ballot=ballot, user=users[key], statement=statement, at=opens - timedelta(days=7)
            )
        services.freeze_electorate(ballot=ballot, at=opens)
        for hours, (key, chosen) in enumerate(
            [
                ("anne.chevalier", ["Pierre Colin", "Sarah Meyer"]),
                ("louis.perrin", ["Pierre Colin", "Manon Laurent"]),
                ("emma.faure", ["Sarah Meyer", "Pierre Colin"]),
                ("pierre.colin", ["Pierre Colin", "Sarah Meyer"]),
                ("sarah.meyer", ["Sarah Meyer"]),
                ("manon.laurent", ["Manon Laurent"]),
            ],
            start=1,
        ):
            _vote(ballot, users[key], chosen, opens + timedelta(hours=hours))
        services.close_ballot(ballot=ballot, at=ballot.closes_at + timedelta(minutes=1))
