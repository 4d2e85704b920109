"""The moderation queue lists the reported posts, and only them (issue 21.1)."""

from django.urls import reverse

from club.core.notifications.models import Notification
from colleges.threads import selectors, services
from tests.factories import make_member
from tests.threads.factories import make_facilitator, make_theme


def _reply(thread, author, body):
    return services.create_post(thread=thread, author=author, body=body)


def test_queue_lists_only_posts_with_an_open_report(thread, member, staff, college, facilitator):
    quiet = [_reply(thread, member, f"Message sans histoire n° {n}.") for n in range(3)]
    reported = _reply(thread, member, "Message signalé.")
    settled = _reply(thread, member, "Signalé puis traité.")
    reporter = make_member(college, staff=staff).user
    services.report_post(post=reported, reporter=reporter, reason="Hors sujet.")
    other = services.report_post(post=settled, reporter=reporter, reason="Déjà traité.")
    other.resolved_at = other.created_at
    other.save(update_fields=["resolved_at"])

    queue = list(selectors.open_reports(college))

    assert [post.pk for post in queue] == [reported.pk]
    assert queue[0].open_reports == 1
    assert [r.reason for r in queue[0].pending_reports] == ["Hors sujet."]
    assert not {p.pk for p in quiet} & {p.pk for p in queue}


def test_queue_orders_by_oldest_open_report(thread, member, staff, college):
    first, second = (_reply(thread, member, f"Message {n}.") for n in range(2))
    reporter = make_member(college, staff=staff).user
    services.report_post(post=second, reporter=reporter, reason="Signalé d'abord.")
    services.report_post(post=first, reporter=reporter, reason="Signalé ensuite.")
    assert [p.pk for p in selectors.open_reports(college)] == [second.pk, first.pk]


def test_queue_page_shows_the_reported_post_in_constant_queries(
    client, thread, member, staff, college, facilitator, django_assert_max_num_queries
):
    reporter = make_member(college, staff=staff).user
    for n in range(5):
        post = _reply(thread, member, f"Message signalé n° {n}.")
        services.report_post(post=post, reporter=reporter, reason=f"Motif {n}.")
    _reply(thread, member, "Message jamais signalé.")
    client.force_login(facilitator)
    url = reverse("colleges:moderation_queue", kwargs={"college_slug": college.slug})
    with django_assert_max_num_queries(25):
        page = client.get(url).content.decode()
    assert page.count("1 signalement") == 5
    assert "Message jamais signalé." not in page
    assert "0 signalement" not in page


def test_a_facilitator_reads_the_moderation_log_of_their_own_college_only(
    client, thread, member, staff, college, other_college, facilitator
):
    post = _reply(thread, member, "À masquer.")
    services.hide_post(post=post, actor=facilitator, reason="Propos déplacés.")
    elsewhere = make_facilitator(other_college, staff=staff)
    other_theme = make_theme(other_college, elsewhere, title="Thème des éditeurs")
    services.close_theme(theme=other_theme, actor=elsewhere, reason="Sujet épuisé.")

    client.force_login(facilitator)
    queue = client.get(reverse("colleges:moderation_queue", kwargs={"college_slug": college.slug}))
    assert "Journal de modération du collège" in queue.content.decode()
    page = client.get(reverse("colleges:moderation_log")).content.decode()
    assert "Propos déplacés." in page
    assert "Sujet épuisé." not in page and other_college.name not in page
    # Asking for another college's part shows nothing of it.
    page = client.get(reverse("colleges:moderation_log"), {"college": other_college.slug})
    assert "Sujet épuisé." not in page.content.decode()


def test_the_author_of_a_hidden_post_is_told_why_by_whom_and_how_to_contest(
    thread, member, facilitator, mailoutbox, django_capture_on_commit_callbacks
):
    post = _reply(thread, member, "Propos vifs.")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # e-mails leave on commit
        services.hide_post(post=post, actor=facilitator, reason="Attaque personnelle.")
    notice = Notification.objects.get(recipient=member, kind="moderation")
    assert "a été masqué" in notice.subject
    assert "Attaque personnelle." in notice.body
    assert "animateurs du collège" in notice.body  # the role, not the person
    assert facilitator.get_full_name() not in notice.body
    assert "contestez" in notice.body
    assert [m.to for m in mailoutbox] == [[member.email]]
    services.unhide_post(post=post, actor=facilitator)
    assert Notification.objects.filter(
        recipient=member, kind="moderation", subject__contains="de nouveau visible"
    ).exists()


def test_followers_of_a_locked_thread_are_told_why(thread, member, facilitator):
    services.create_post(thread=thread, author=member, body="Je suis ce fil.")  # follows it
    services.set_thread_flag(
        thread=thread, actor=facilitator, action="lock", reason="Débat clos, voir la position."
    )
    notice = Notification.objects.get(recipient=member, kind="moderation")
    assert "verrouillé" in notice.subject and "Débat clos" in notice.body


def test_moderation_notices_cannot_be_turned_off():
    from club.core.notifications.kinds import get_kind

    assert get_kind("moderation").can_disable is False
