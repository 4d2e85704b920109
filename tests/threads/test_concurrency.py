"""Concurrent writers never share a revision: catch-up relies on it."""

import threading

import pytest
from django.db import connection, connections

from colleges.threads import services
from colleges.threads.models import Post
from tests.factories import make_member


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_and_edits_get_distinct_revisions(thread, college, staff, facilitator):
    if connection.vendor != "postgresql":
        pytest.skip("Real concurrency needs PostgreSQL (second CI pass).")
    writers = [make_member(college, staff=staff).user for _ in range(6)]
    editable = services.create_post(thread=thread, author=facilitator, body="À corriger")
    barrier = threading.Barrier(len(writers) + 1)
    errors = []

    def write(user=None):
        try:
            barrier.wait()
            if user is None:
                services.edit_post(post=editable, actor=facilitator, body="Corrigé")
            else:
                services.create_post(thread=thread, author=user, body=f"Message de {user.pk}")
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=write, args=(user,)) for user in writers]
    workers.append(threading.Thread(target=write))
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    revisions = list(Post.objects.filter(thread=thread).values_list("revision", flat=True))
    assert len(revisions) == len(set(revisions)) == len(writers) + 2
    thread.refresh_from_db()
    assert thread.revision == max(revisions) == len(writers) + 3  # 2 creations, 6 posts, 1 edit
    assert thread.post_count == len(writers) + 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_clicks_on_a_reaction_make_one_row(thread, member):
    from colleges.threads.models import Reaction

    if connection.vendor != "postgresql":
        pytest.skip("Real concurrency needs PostgreSQL (second CI pass).")
    post = thread.posts.get()
    clicks = 8
    barrier = threading.Barrier(clicks)
    errors = []

    def click():
        try:
            barrier.wait()
            services.set_reaction(post=post, user=member, kind="agree", on=True)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=click) for _ in range(clicks)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert Reaction.objects.filter(post=post, user=member, kind="agree").count() == 1
