"""Thin views: fetch and authorise, call a service or a selector, render."""

from datetime import UTC

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from club.core.throttle import throttle
from club.core.views import handle_refusal
from colleges.models import College
from votes import rules, selectors, services
from votes.counting import draw_key
from votes.forms import BallotForm, CandidacyForm, ReceiptCheckForm, VoteForm
from votes.lifecycle import BALLOTS, effective_state
from votes.models import Ballot, Elector, Participation
from votes.services import Receipt

# The receipt of a vote just cast waits here, in the voter's session, for the page the vote
# redirects to (post/redirect/get): a double click or a retry of the POST is answered with the
# same redirect (club.core.submissions), so the receipt survives it, and it is shown once.
RECEIPT_KEY = "votes.receipt.%s"


def _colleges_i_may_open(user):
    return [college for college in College.objects.all() if rules.can_open_ballot_in(user, college)]


@login_required
def index(request):
    groups = selectors.grouped_ballots(request.user)
    return render(
        request,
        "votes/index.html",
        {
            "page_title": _("Votes"),
            "groups": groups,
            "may_open": bool(_colleges_i_may_open(request.user)),
        },
    )


def _pending_receipt(request, ballot: Ballot) -> Receipt | None:
    """The receipt of the vote just cast, taken out of the session: it is shown once."""
    stored = request.session.pop(RECEIPT_KEY % ballot.pk, None)
    if not isinstance(stored, dict) or not stored.get("code"):
        return None
    return Receipt(code=str(stored["code"]), changed=bool(stored.get("changed")))


def _detail_context(request, ballot: Ballot, *, vote_form=None, check=None) -> dict:
    now = timezone.now()
    status = effective_state(ballot, now)
    elector = Elector.objects.filter(ballot=ballot, user=request.user).first()
    participation = (
        Participation.objects.filter(ballot=ballot, elector=elector).first() if elector else None
    )
    # Until the scheduled opening freezes the electorate, who votes is read from the memberships.
    is_elector = elector is not None or rules.is_or_will_be_elector(request.user, ballot)
    options = list(ballot.options.select_related("candidate"))
    may_vote = BALLOTS.can(request.user, ballot, "vote") and (
        participation is None or ballot.allow_change
    )
    if may_vote and vote_form is None:
        vote_form = VoteForm(ballot=ballot, options=options, show_receipt=participation is not None)
    tally = selectors.tally_of(ballot) if status == Ballot.Status.CLOSED else None
    context = {
        "page_title": ballot.question,
        "ballot": ballot,
        "status": status,
        "Status": Ballot.Status,
        "options": options,
        "elector": elector,
        "is_elector": is_elector,
        "participation": participation,
        "vote_form": vote_form if may_vote else None,
        "receipt": _pending_receipt(request, ballot),
        "tally": tally,
        "candidacies": ballot.candidacies.select_related("candidate")
        if ballot.kind == Ballot.Kind.ELECTION
        else [],
        "may_stand": BALLOTS.can(request.user, ballot, "stand"),
    }
    if ballot.electorate_frozen_at is None and status == Ballot.Status.OPEN:
        context["electorate_done"], context["electorate_total"] = selectors.electorate_progress(
            ballot
        )
    if tally is not None:
        context["bars"] = selectors.chart_bars(tally)
        context["chart_height"] = max(len(context["bars"]), 1) * selectors.ROW_HEIGHT
        context["board"] = selectors.bulletin_board(ballot)
        context["public_votes"] = selectors.public_votes(ballot)
        context["tally_winners"] = [line.option.label for line in tally.lines.all() if line.winner]
        context["closes_at_utc"] = ballot.closes_at.astimezone(UTC).isoformat()
        context["draw_keys"] = (
            [
                (line.option.label, draw_key(tally.tie_break_seed, line.option_id))
                for line in tally.lines.all()
            ]
            if ballot.kind == Ballot.Kind.ELECTION
            else []
        )
        context["check_form"] = check or ReceiptCheckForm()
        context["may_check"] = participation is not None
    return context


@login_required
@throttle("vote")
def detail(request, pk: int):
    # Reads only: the scheduled services open and close ballots (votes.tasks); a vote may freeze
    # the electorate it needs (services.cast_vote).
    ballot = selectors.access_ballot(request.user, pk)
    if request.method == "POST":
        return _vote(request, ballot)
    return render(request, "votes/detail.html", _detail_context(request, ballot))


def _vote(request, ballot: Ballot):
    options = list(ballot.options.all())
    has_voted = Participation.objects.filter(ballot=ballot, elector__user=request.user).exists()
    form = VoteForm(request.POST, ballot=ballot, options=options, show_receipt=has_voted)
    if form.is_valid():
        # The form is not shown once the ballot is closed, not open or not for this person:
        # those refusals are said above the page.
        with handle_refusal(request, form, as_message=("closed", "not_open", "not_elector")):
            receipt = services.cast_vote(
                ballot=ballot,
                voter=request.user,
                option_ids=form.option_ids(),
                receipt_code=form.cleaned_data.get("receipt_code", ""),
                reason=form.cleaned_data.get("reason", ""),
            )
            request.session[RECEIPT_KEY % ballot.pk] = {
                "code": receipt.code,
                "changed": receipt.changed,
            }
            # Saved now, inside the request's transaction: a repeated POST waiting on the same
            # form token (club.core.submissions) is let through only once this commits, and the
            # page it is redirected to must find the receipt already there.
            request.session.save()
            return redirect(reverse("votes:detail", args=[ballot.pk]) + "#receipt")
    return render(
        request,
        "votes/detail.html",
        _detail_context(request, ballot, vote_form=form),
        status=400,
    )


@login_required
@throttle("vote")
@require_POST
def check_receipt(request, pk: int):
    """After the close, the voter's own receipt against the board. A POST: the code stays out of
    access logs, browser history and proxies."""
    ballot = selectors.access_ballot(request.user, pk)
    form = ReceiptCheckForm(request.POST)
    context = _detail_context(request, ballot, check=form)
    if context["tally"] is None:
        # A check is a read: it never counts a closed ballot, the scheduled close does.
        if context["status"] == Ballot.Status.CLOSED:
            messages.error(
                request,
                _("Le dépouillement est en cours : vérifiez votre récépissé dans une minute."),
            )
        else:
            messages.error(request, _("Les récépissés se vérifient après la clôture du scrutin."))
        return redirect("votes:detail", pk=ballot.pk)
    if not form.is_valid():
        return render(request, "votes/detail.html", context, status=400)
    with handle_refusal(request, form, field="code"):
        context["checked"] = selectors.check_receipt(
            ballot, request.user, form.cleaned_data["code"]
        )
        context["check_done"] = True
        context["check_form"] = ReceiptCheckForm()  # the code is not written back in the page
        return render(request, "votes/detail.html", context)
    return render(request, "votes/detail.html", context, status=400)


@login_required
def create(request):
    position = request.GET.get("position", "")
    if position.isdigit():
        # A position's ballot is opened from the position, which it then decides at its close.
        return redirect("proposals:position_put_to_vote", pk=int(position))
    # Permission first: a plain member gets a 403, not an invitation to set up two-factor.
    if not _colleges_i_may_open(request.user):
        raise PermissionDenied(_("Seuls les animateurs et l'équipe du club ouvrent un scrutin."))
    return _create(request)


def _create(request):
    colleges = _colleges_i_may_open(request.user)
    queryset = College.objects.filter(pk__in=[college.pk for college in colleges])
    form = BallotForm(request.POST or None, colleges=queryset)
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request, form):
            ballot = services.create_ballot(author=request.user, **form.ballot_fields())
            messages.success(request, _("Le scrutin est créé."))
            return redirect("votes:detail", pk=ballot.pk)
    return render(
        request,
        "votes/ballot_form.html",
        {"page_title": _("Ouvrir un scrutin"), "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def candidacy(request, pk: int):
    ballot = selectors.access_ballot(request.user, pk)
    if not rules.can_stand_for_election(request.user, ballot):
        raise PermissionDenied(
            _("Seuls les membres actifs du collège peuvent se porter candidats.")
        )
    existing = ballot.candidacies.filter(candidate=request.user).first()
    form = CandidacyForm(
        request.POST or None, initial={"statement": existing.statement if existing else ""}
    )
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request, form):
            services.declare_candidacy(
                ballot=ballot, user=request.user, statement=form.cleaned_data["statement"]
            )
            messages.success(request, _("Votre candidature est enregistrée."))
            return redirect("votes:detail", pk=ballot.pk)
    return render(
        request,
        "votes/candidacy_form.html",
        {
            "page_title": _("Se porter candidat"),
            "document_title": f"{_('Se porter candidat')} — {ballot.question}",
            "ballot": ballot,
            "form": form,
        },
        status=400 if form.is_bound and form.errors else 200,
    )
