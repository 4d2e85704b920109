"""Club-scale data for benchmarks: members, threads and posts, requests and supports, ballots.

`seed_scale` tops the database up to a target size: run it twice with the same figures and the
second run adds nothing; raise a figure and it adds the difference. Rows are written in big
batches (PostgreSQL COPY, `bulk_create` elsewhere) with ids taken above the table's maximum,
so the command assumes nobody else writes these tables while it runs (a seeding tool, not a
service). The rows still respect every database constraint, and the denormalised counters
(thread post counts and revisions, support counts, ballot participant and elector counts)
are exact, so the pages and services see a consistent club.

Scale people have addresses under `SCALE_DOMAIN`; everything seeded hangs from them
(themes, ballots opened by, requests authored by), which is how `--reset` finds it.
"""

import itertools
import json
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

SCALE_DOMAIN = "charge.club-chorus-pro.test"
# The member benchmarks sign in as: an active member of the first college.
BENCH_MEMBER_EMAIL = f"membre.0@{SCALE_DOMAIN}"
# The thread the benchmark reads: exactly this many posts, in the bench member's college.
REFERENCE_THREAD_TITLE = "Fil de référence : rejets de factures au format Factur-X"
REFERENCE_THREAD_POSTS = 50


@dataclass(frozen=True)
class Preset:
    members: int
    posts: int
    requests: int
    votes: int


PRESETS = {
    "tiny": Preset(members=300, posts=3_000, requests=200, votes=3_000),
    "small": Preset(members=3_000, posts=10_000, requests=1_000, votes=30_000),
    "medium": Preset(members=20_000, posts=100_000, requests=5_000, votes=300_000),
    # 100,000 members as the issue asks, with posts and votes sized to fit `make bench`.
    "bench": Preset(members=100_000, posts=100_000, requests=10_000, votes=300_000),
    # The figures: 100,000 members, 1,000,000 posts, 10,000,000 votes.
    "large": Preset(members=100_000, posts=1_000_000, requests=50_000, votes=10_000_000),
}

FIRST_NAMES = [
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Inès",
    "Jade",
    "Louise",
    "Alice",
    "Lina",
    "Emma",
    "Lucas",
    "Hugo",
    "Louis",
    "Jules",
    "Adam",
    "Gabriel",
    "Arthur",
    "Nathan",
    "Paul",
    "Raphaël",
    "Sophie",
    "Claire",
    "Julien",
    "Thomas",
    "Nicolas",
    "Élodie",
    "Karim",
    "Yasmine",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Benali",
    "Nguyen",
]
ORGANISATIONS = (
    "Menuiserie",
    "Transports",
    "Cabinet comptable",
    "Boulangerie",
    "Imprimerie",
    "Services informatiques",
    "Nettoyage industriel",
    "Bureau d'études",
)
TOWNS = ("Lyon", "Nantes", "Lille", "Rennes", "Tours", "Dijon", "Metz", "Pau", "Brest", "Albi")
THEME_TOPICS = (
    "Rejets de factures",
    "Factur-X et formats structurés",
    "Raccordement par API",
    "Suivi du cycle de vie des factures",
    "Facturation des sous-traitants",
    "Comptes et habilitations",
    "Pièces jointes et annexes",
    "Avoirs et factures rectificatives",
    "Engagements juridiques",
    "Assistance et documentation",
)
SENTENCES = (
    "Nous recevons un rejet « destinataire inconnu » alors que le SIRET est correct.",
    "Depuis la dernière version, le statut reste « mise à disposition » plusieurs jours.",
    "Le numéro d'engagement juridique n'est pas demandé pour ce service exécutant.",
    "L'export CSV des factures ne reprend pas le code service.",
    "Pouvez-vous préciser quel profil Factur-X est accepté pour les sous-traitants ?",
    "Nous avons contourné le problème en déposant un PDF signé, mais ce n'est pas durable.",
    "Même constat chez nous : le message d'erreur ne dit pas quel champ pose problème.",
    "Le connecteur API renvoie une erreur 500 quand la pièce jointe dépasse 10 Mo.",
    "Merci, la documentation mise à jour répond à notre question.",
    "Il faudrait pouvoir filtrer les factures rejetées par motif de rejet.",
)
REQUEST_TITLES = (
    "Afficher le motif de rejet complet dans la liste des factures",
    "Permettre le filtrage par code service",
    "Accepter les pièces jointes de plus de 10 Mo par l'API",
    "Préciser le champ en erreur dans les messages de rejet",
    "Exporter le suivi du cycle de vie en CSV",
    "Notifier le fournisseur quand une facture est mise en paiement",
)
BOARD_STATUSES = ("submitted", "under_discussion", "adopted", "escalated", "accepted", "planned")


def _siret(number: int) -> str:
    """A SIRET that passes the Luhn check the application form applies."""
    from colleges.validators import luhn_is_valid

    prefix = f"8{number:012d}"
    return next(prefix + digit for digit in "0123456789" if luhn_is_valid(prefix + digit))


def _rng(seed: int) -> random.Random:
    return random.Random(seed)


# --- Writing in big batches ------------------------------------------------------------------


class BulkWriter:
    """Writes rows of one model: COPY on PostgreSQL, bulk_create elsewhere.

    Columns are attribute names (`college_id`, not `college`); ids are given by the caller,
    and the id sequence is moved past them at the end.
    """

    def __init__(self, model: type[models.Model], columns: str | Sequence[str], batch: int = 5_000):
        self.model = model
        self.columns = columns.split() if isinstance(columns, str) else list(columns)
        self.batch = batch
        self.fields = [model._meta.get_field(name.removesuffix("_id")) for name in self.columns]
        self.db_columns = [field.column for field in self.fields]

    def write(self, rows: Iterable[tuple], progress: Callable[[int], None] | None = None) -> int:
        if connection.vendor == "postgresql":
            return self._copy(rows, progress)
        written = 0
        for chunk in _chunks(rows, self.batch):
            self.model.objects.bulk_create(
                [self.model(**dict(zip(self.columns, row, strict=True))) for row in chunk],
                batch_size=1_000,
            )
            written += len(chunk)
            if progress:
                progress(len(chunk))
        return written

    def _copy(self, rows, progress) -> int:
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(column) for column in self.db_columns)
        json_positions = [
            i for i, field in enumerate(self.fields) if isinstance(field, models.JSONField)
        ]
        written = 0
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            pending = 0
            for row in rows:
                if json_positions:
                    row = list(row)
                    for i in json_positions:
                        row[i] = json.dumps(row[i])
                copy.write_row(row)
                written += 1
                pending += 1
                if progress and pending == self.batch:
                    progress(pending)
                    pending = 0
            if progress and pending:
                progress(pending)
        return written


def _chunks(rows: Iterable, size: int):
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def reset_sequences(*models_: type[models.Model]) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite takes the next id above the maximum by itself.
    with connection.cursor() as cursor:
        for model in models_:
            table = model._meta.db_table
            column = model._meta.pk.column
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, %s), "
                f"COALESCE((SELECT MAX({connection.ops.quote_name(column)}) FROM "
                f"{connection.ops.quote_name(table)}), 1))",
                [table, column],
            )


def analyze() -> None:
    """Fresh planner statistics: a table that grew a hundredfold plans differently."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# --- The seeder ------------------------------------------------------------------------------


class ScaleSeeder:
    """Tops the club up to a `Preset`. `progress(total, label)` returns a bar with `update(n)`."""

    def __init__(self, *, progress, log=print, seed: int = 2026):
        self.progress = progress
        self.log = log
        self.rng = _rng(seed)
        self.now = timezone.now()

    # Each step returns how many rows of its kind it added.
    def run(self, preset: Preset) -> dict:
        from colleges.models import College

        self.colleges = list(College.objects.colleges().order_by("pk"))
        if not self.colleges:
            raise RuntimeError("Aucun collège : lancez d'abord `manage.py seed_demo`.")
        added = {
            "members": self.members(preset.members),
            "posts": self.posts(preset.posts),
            "requests": self.requests(preset.requests),
            "votes": self.votes(preset.votes),
        }
        analyze()
        return added

    def _bar(self, total: int, label: str):
        return self.progress(total, label)

    def _when(self, days_back: int = 730):
        return self.now - timedelta(seconds=self.rng.randrange(1, days_back * 86_400))

    # --- Members: approved applications and active memberships ------------------------------

    def scale_users(self):
        from club.core.accounts.models import User

        return User.objects.filter(email__endswith="@" + SCALE_DOMAIN)

    def members(self, target: int) -> int:
        from club.core.accounts.models import User
        from colleges.models import Application, Membership

        start = self.scale_users().count()
        missing = target - start
        if missing <= 0:
            return 0
        charters = {college.pk: college.current_charter for college in self.colleges}
        user_id, application_id, membership_id = (
            next_id(User),
            next_id(Application),
            next_id(Membership),
        )
        users, applications, memberships = [], [], []
        for offset in range(missing):
            i = start + offset
            college = self.colleges[i % len(self.colleges)]
            charter = charters[college.pk]
            joined = self._when()
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
            organisation = f"{self.rng.choice(ORGANISATIONS)} {last} ({self.rng.choice(TOWNS)})"
            uid, aid, mid = user_id + offset, application_id + offset, membership_id + offset
            users.append(
                (
                    uid,
                    "!",
                    None,
                    False,
                    f"membre.{i}@{SCALE_DOMAIN}",
                    first,
                    last,
                    False,
                    True,
                    joined,
                )
            )
            applications.append(
                (
                    aid, uid, college.pk, "approved", organisation, _siret(i),
                    "company", "Responsable comptable", [], "", "",
                    "Nous déposons nos factures sur le portail et voulons partager nos retours.",
                    charter.pk if charter else None, joined if charter else None, "",
                    joined - timedelta(days=2), joined,
                )
            )  # fmt: skip
            # One in fifty left, one in a hundred is suspended; the bench member (0) is active.
            status = "left" if i % 50 == 49 else "suspended" if i % 100 == 98 else "active"
            memberships.append(
                (
                    mid, uid, college.pk, status, aid, organisation, i % 3 == 0, "", joined,
                    None if status == "active" else self.now,
                )
            )  # fmt: skip
        with transaction.atomic():
            bar = self._bar(missing * 3, "membres")
            BulkWriter(
                User,
                "id password last_login is_superuser email first_name last_name is_staff "
                "is_active date_joined",
            ).write(users, bar.update)
            BulkWriter(
                Application,
                "id applicant_id college_id status organisation_name siret organisation_kind "
                "role_in_organisation sending_channels software_offered institution_kind "
                "motivation charter_id charter_accepted_at staff_request submitted_at "
                "decided_at",
            ).write(applications, bar.update)
            BulkWriter(
                Membership,
                "id user_id college_id status application_id organisation_name in_directory "
                "status_reason joined_at status_changed_at",
            ).write(memberships, bar.update)
            bar.close()
            reset_sequences(User, Application, Membership)
        return missing

    def active_members(self) -> dict[int, list[int]]:
        from colleges.models import Membership

        by_college: dict[int, list[int]] = {college.pk: [] for college in self.colleges}
        rows = (
            Membership.objects.active()
            .filter(user__email__endswith="@" + SCALE_DOMAIN, college__in=self.colleges)
            .order_by("user_id")
            .values_list("college_id", "user_id")
        )
        for college_id, user_id in rows.iterator(chunk_size=10_000):
            by_college[college_id].append(user_id)
        return by_college

    # --- Themes, threads and posts ------------------------------------------------------------

    def themes(self, members: dict[int, list[int]]) -> list:
        from colleges.threads.models import Theme

        themes = []
        for college in self.colleges:
            if not members[college.pk]:
                raise RuntimeError("Des messages sans membres : demandez d'abord des membres.")
            opener = members[college.pk][0]
            for topic in THEME_TOPICS:
                theme, _ = Theme.objects.get_or_create(
                    college=college,
                    title=f"{topic} : retours des membres",
                    defaults={"opened_by_id": opener, "opened_at": self.now - timedelta(days=800)},
                )
                themes.append(theme)
        return themes

    def posts(self, target: int) -> int:
        from colleges.threads.markdown import render_markdown
        from colleges.threads.models import Post, Thread

        existing = Post.objects.filter(
            thread__theme__opened_by__email__endswith="@" + SCALE_DOMAIN
        ).count()
        missing = target - existing
        if missing <= 0:
            return 0
        members = self.active_members()
        themes = self.themes(members)
        bodies = []
        for i, sentence in enumerate(SENTENCES):
            body = f"{sentence}\n\n{SENTENCES[(i * 3 + 1) % len(SENTENCES)]}"
            bodies.append((body, render_markdown(body)))
        reference_exists = Thread.objects.filter(title=REFERENCE_THREAD_TITLE).exists()
        sizes = []
        if not reference_exists:
            sizes.append(min(REFERENCE_THREAD_POSTS, missing))
        while sum(sizes) < missing:
            # Most threads are short, a few run long: 3 to 120 posts, about 40 on average.
            sizes.append(min(max(3, int(self.rng.expovariate(1 / 40))), 120))
        sizes[-1] -= sum(sizes) - missing
        thread_id, post_id = next_id(Thread), next_id(Post)
        thread_rows, post_rows = [], []
        for n, size in enumerate(sizes):
            if size <= 0:
                continue
            reference = n == 0 and not reference_exists
            theme = themes[0] if reference else self.rng.choice(themes)
            authors = members[theme.college_id]
            started = self._when()
            posted = started
            tid = thread_id + n
            for revision in range(1, size + 1):
                body, html = bodies[self.rng.randrange(len(bodies))]
                post_rows.append(
                    (
                        post_id, tid, self.rng.choice(authors), body, html, None, posted, None,
                        revision, False, "", None, None,
                    )
                )  # fmt: skip
                post_id += 1
                posted = min(posted + timedelta(minutes=self.rng.randrange(5, 600)), self.now)
            title = (
                REFERENCE_THREAD_TITLE
                if reference
                else f"{self.rng.choice(REQUEST_TITLES)} ({self.rng.choice(TOWNS)}, n° {tid})"
            )
            thread_rows.append(
                (
                    tid, theme.pk, theme.college_id, title, authors[0], started, posted, size,
                    size, False, False, False,
                )
            )  # fmt: skip
        with transaction.atomic():
            bar = self._bar(len(thread_rows) + len(post_rows), "fils et messages")
            BulkWriter(
                Thread,
                "id theme_id college_id title opened_by_id created_at last_post_at post_count "
                "revision is_locked is_pinned is_archived",
            ).write(thread_rows, bar.update)
            BulkWriter(
                Post,
                "id thread_id author_id body body_html reply_to_id created_at edited_at revision "
                "is_hidden hidden_reason hidden_by_id hidden_at",
                batch=20_000,
            ).write(post_rows, bar.update)
            bar.close()
            reset_sequences(Thread, Post)
        return missing

    # --- Change requests and their supports ---------------------------------------------------

    def requests(self, target: int) -> int:
        from proposals.models import ChangeRequest, ChangeRequestEvent, PortalArea, Support

        existing = ChangeRequest.objects.filter(author__email__endswith="@" + SCALE_DOMAIN).count()
        missing = target - existing
        if missing <= 0:
            return 0
        members = self.active_members()
        areas = list(PortalArea.objects.values_list("pk", flat=True))
        request_id, support_id, event_id = (
            next_id(ChangeRequest),
            next_id(Support),
            next_id(ChangeRequestEvent),
        )
        requests, supports, events = [], [], []
        for n in range(missing):
            rid = request_id + n
            college = self.colleges[self.rng.randrange(len(self.colleges))]
            pool = members[college.pk]
            if not pool:
                raise RuntimeError("Des demandes sans membres : demandez d'abord des membres.")
            author = self.rng.choice(pool)
            created = self._when()
            status = self.rng.choice(BOARD_STATUSES)
            supporters = self.rng.sample(
                pool, min(len(pool) - 1, min(int(self.rng.expovariate(1 / 6)), 200))
            )
            supporters = [member for member in supporters if member != author]
            requests.append(
                (
                    rid, f"{self.rng.choice(REQUEST_TITLES)} (n° {rid})", college.pk, author,
                    self.rng.choice(areas), "Liste des factures émises", "", SENTENCES[0],
                    SENTENCES[9], "Fournisseurs", "weekly", None, "", status, len(supporters),
                    None, "", "", "", created, created, created,
                )
            )  # fmt: skip
            events.append(
                (event_id + n, rid, "submit", "draft", "submitted", author, "", {}, created)
            )
            for member in supporters:
                supports.append((support_id, rid, member, created, None))
                support_id += 1
        with transaction.atomic():
            bar = self._bar(len(requests) * 2 + len(supports), "demandes et soutiens")
            BulkWriter(
                ChangeRequest,
                "id title college_id author_id area_id screen field_label current_behaviour "
                "expected_behaviour affected_who frequency source_thread_id source_url status "
                "support_count merged_into_id cycle_label decision_reason target_release "
                "created_at submitted_at status_changed_at",
            ).write(requests, bar.update)
            BulkWriter(
                ChangeRequestEvent,
                "id request_id transition from_status to_status actor_id reason details created_at",
            ).write(events, bar.update)
            BulkWriter(
                Support, "id request_id member_id created_at carried_from_id", batch=20_000
            ).write(supports, bar.update)
            bar.close()
            reset_sequences(ChangeRequest, ChangeRequestEvent, Support)
        return missing

    # --- Ballots, electors, participations and cast ballots -----------------------------------

    def votes(self, target: int) -> int:
        from votes import receipts, sealing
        from votes.models import Ballot, Elector, Option, Participation, SealedVote, TurnoutShard

        scale_ballots = Ballot.objects.filter(opened_by__email__endswith="@" + SCALE_DOMAIN)
        existing = Participation.objects.filter(ballot__in=scale_ballots).count()
        missing = target - existing
        if missing <= 0:
            return 0
        members = self.active_members()
        elector_id, participation_id = next_id(Elector), next_id(Participation)
        electors, participations, casts = [], [], []
        counts = []
        left = missing
        n = scale_ballots.count()
        while left > 0:
            college = self.colleges[n % len(self.colleges)]
            electorate = members[college.pk]
            if not electorate:
                n += 1
                continue
            # About 60 % turnout, the last ballot takes what is left.
            voters = min(left, max(1, int(len(electorate) * 0.6)))
            opens = self.now - timedelta(days=7)
            ballot = Ballot.objects.create(
                college=college,
                subject_label=f"Position du collège n° {n + 1}",
                question=f"Adoptez-vous la position n° {n + 1} du collège {college.short_name} ?",
                kind=Ballot.Kind.POSITION,
                opens_at=opens,
                closes_at=self.now + timedelta(days=365),
                opened_by_id=electorate[0],
                electorate_frozen_at=opens,
                elector_count=len(electorate),
            )
            TurnoutShard.objects.create(ballot=ballot, shard=0, participants=voters)
            options = [
                Option.objects.create(ballot=ballot, label=label, role=role, position=i)
                for i, (label, role) in enumerate(
                    (("Pour", "for"), ("Contre", "against"), ("Abstention", "abstain"))
                )
            ]
            codes: set[str] = set()
            for i, user in enumerate(electorate):
                electors.append((elector_id, ballot.pk, user))
                if i < voters:
                    code = self._code(codes)
                    participations.append(
                        (participation_id, ballot.pk, elector_id, self._when(7),
                         receipts.hash_code(ballot.pk, code), [], "")
                    )  # fmt: skip
                    choice = options[self.rng.choices((0, 1, 2), weights=(6, 3, 1))[0]].pk
                    # Open ballots: the choice sealed as the mixing leaves it (votes.sealing).
                    sealed = sealing.seal(
                        ballot.pk, {"t": receipts.tag(ballot.pk, code), "v": 0, "c": [choice]}
                    )
                    casts.append((self._uuid(), ballot.pk, sealed, True))
                    participation_id += 1
                elector_id += 1
            counts.append(voters)
            left -= voters
            n += 1
        with transaction.atomic():
            bar = self._bar(len(electors) + 2 * len(participations), "votes")
            BulkWriter(Elector, ["id", "ballot_id", "user_id"], batch=20_000).write(
                electors, bar.update
            )
            BulkWriter(
                Participation,
                "id ballot_id elector_id voted_at receipt_hash public_choices public_reason",
                batch=20_000,
            ).write(participations, bar.update)
            BulkWriter(SealedVote, "id ballot_id sealed mixed", batch=20_000).write(
                casts, bar.update
            )
            bar.close()
            reset_sequences(Elector, Participation)
        return missing

    def _code(self, taken: set[str]) -> str:
        from votes.receipts import ALPHABET

        while True:
            raw = "".join(self.rng.choices(ALPHABET, k=12))
            code = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
            if code not in taken:
                taken.add(code)
                return code

    def _uuid(self):
        import uuid

        return uuid.UUID(int=self.rng.getrandbits(128), version=4)


def reset() -> dict:
    """Remove everything seeded at scale, children before parents (the keys protect them)."""
    from colleges.threads.models import Theme, Thread
    from proposals.models import ChangeRequest
    from votes.models import Ballot

    users = ScaleSeeder(progress=None).scale_users()
    removed = {}
    with transaction.atomic():
        removed["ballots"] = Ballot.objects.filter(opened_by__in=users).delete()[0]
        removed["requests"] = ChangeRequest.objects.filter(author__in=users).delete()[0]
        themes = Theme.objects.filter(opened_by__in=users)
        removed["threads"] = Thread.objects.filter(theme__in=themes).delete()[0]
        removed["themes"] = themes.delete()[0]
        removed["members"] = users.delete()[0]
    return removed
