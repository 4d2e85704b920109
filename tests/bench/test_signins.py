"""bench/signins.py signs members in as a browser does: the login form, its CSRF token, the
redirect of a success; all from one address, as the plenary burst of `make bench` needs."""

from urllib.parse import urlsplit

import pytest

from bench.signins import burst, prepare


@pytest.mark.django_db(transaction=True)
def test_the_burst_signs_in_every_member_it_prepared(live_server):
    emails = prepare(4)
    port = urlsplit(live_server.url).port
    outcomes = burst([port], emails, seconds=0.5)
    assert [status for status, _ in outcomes] == [302] * 4
    assert prepare(2) and len(prepare(3)) == 3  # prepared again from scratch
