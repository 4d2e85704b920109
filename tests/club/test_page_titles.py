"""Each page has its own descriptive title (RGAA 8.6, issue 22.3): a crawl of the demo club as a
member and as staff finds no two distinct pages (paths) with the same <title>."""

import html as html_lib
import io
import re
from collections import defaultdict
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db

STARTS = ["/", "/colleges/", "/demandes/", "/votes/", "/livres-blancs/", "/actualites/"]
# Not pages of the site to title: other languages, back offices, files, feeds, the API.
SKIP = re.compile(
    r"^/(en|cms|django-admin|documents|media|static|api|altcha|compte/logout)/"
    r"|\.(atom|pdf|xlsx|csv|json|png|jpg|svg)$|/pdf/$|/pieces/|/telecharger"
)
LIMIT = 260


def title_of(text: str) -> str:
    match = re.search(r"<title>(.*?)</title>", text, re.S)
    return " ".join(html_lib.unescape(match.group(1)).split()) if match else ""


def crawl(client) -> dict[str, set[str]]:
    """title -> the paths showing it (queries ignored: a filter or a page number is the same
    page)."""
    seen, queue, titles = set(), list(STARTS), defaultdict(set)
    while queue and len(seen) < LIMIT:
        url = queue.pop(0)
        path = urlsplit(url).path
        if path in seen or SKIP.search(path):
            continue
        seen.add(path)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        text = response.content.decode()
        titles[title_of(text)].add(path)
        for href in re.findall(r'href="(/[^"#]*)', text):
            href = html_lib.unescape(href)
            if urlsplit(href).path not in seen:
                queue.append(href)
    return titles


@pytest.mark.parametrize("who", ["lucas.michel", "sophie.leroy", "equipe@"])
def test_no_two_pages_share_a_title(client, who):
    call_command("seed_demo", stdout=io.StringIO())
    user = get_user_model().objects.get(email__startswith=who)
    client.force_login(user)

    titles = crawl(client)

    shared = {title: sorted(paths) for title, paths in titles.items() if len(paths) > 1}
    assert not shared, shared
    assert "" not in titles
    assert all(title.endswith("Club Chorus Pro") for title in titles)
    assert "Club Chorus Pro" not in titles, titles["Club Chorus Pro"]  # the site's name alone
    assert len(titles) > 60
