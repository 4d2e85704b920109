"""Every example of docs/api.md runs, as written, against the demo data (issue 23, defect 2).

The `curl` commands of the guide are parsed and sent with a test client: `$TOKEN` is a demo
member's token, `$AUTRE_TOKEN` another member's of the same college, `$ID` the request the guide
files. A command followed by a `# 201 …` comment must answer that status, any other a 2xx. The
guide's error example must be what the API answers for the same request without its title.
"""

import io
import json
import re
import shlex
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

from club.core.api import services as token_services
from colleges.models import Membership
from tests.api.conftest import ApiClient
from tests.factories import ensure_site

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "api.md"
COLLEGE = "editeurs-operateurs"


def blocks(language: str) -> list[tuple[str, str]]:
    """(heading, code) of each fenced block in that language."""
    found, heading = [], ""
    for part in re.split(r"(^```[a-z]*\n.*?^```$)", GUIDE.read_text(), flags=re.M | re.S):
        if part.startswith(f"```{language}\n"):
            found.append((heading, part[len(language) + 4 : -3]))
        else:
            headings = re.findall(r"^#+ (.+)$", part, flags=re.M)
            heading = headings[-1] if headings else heading
    return found


def commands(code: str) -> list[tuple[list[str], int | None]]:
    """The curl commands of a block, each with the status its `# NNN` comment announces."""
    joined = re.sub(r"\\\n\s*", " ", code)
    found, pending = [], ""
    for line in joined.splitlines():
        if pending:  # a quoted argument (a JSON body) spans lines
            line = pending + "\n" + line
        elif not line.strip().startswith("curl "):
            if (match := re.match(r"\s*# (\d{3})\b", line)) and found:
                found[-1] = (found[-1][0], int(match.group(1)))
            continue
        try:
            argv = shlex.split(line, comments=True)
        except ValueError:
            pending = line
            continue
        pending = ""
        found.append((argv, None))
    assert not pending, pending
    return found


def request_of(argv: list[str], env: dict[str, str]):
    method, headers, data, url = "GET", {}, None, None
    args = iter(argv[1:])
    for arg in args:
        if arg == "-X":
            method = next(args)
        elif arg == "-H":
            name, value = next(args).split(":", 1)
            headers[name.strip()] = value.strip()
        elif arg == "-d":
            data = next(args)
        elif arg.startswith("-"):
            continue
        else:
            url = arg
    expand = lambda text: re.sub(r"\$(\w+)", lambda m: env[m.group(1)], text)  # noqa: E731
    headers = {name: expand(value) for name, value in headers.items()}
    return method, expand(url), headers, data and expand(data)


def send(method, url, headers, data):
    client = ApiClient()
    headers = dict(headers)
    content_type = headers.pop("Content-Type", "application/octet-stream")
    return client.generic(method, url, data or "", content_type=content_type, headers=headers)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_site()
        cache.clear()
        call_command("seed_demo", stdout=io.StringIO())
        members = list(
            Membership.objects.active()
            .filter(college__slug=COLLEGE)
            .select_related("user")
            .order_by("pk")[:2]
        )
        env = {"CLUB": ""}
        for name, membership in zip(("TOKEN", "AUTRE_TOKEN"), members, strict=True):
            env[name] = token_services.create_token(
                user=membership.user, name="Guide", scope="write"
            )[1]
        yield env
        transaction.set_rollback(True)


def test_the_guide_has_examples():
    assert len([c for _h, code in blocks("sh") for c in commands(code)]) >= 5
    assert blocks("json")


def test_every_curl_example_of_the_guide_runs(demo, db):
    env = dict(demo)
    ran = []
    for heading, code in blocks("sh"):
        for argv, announced in commands(code):
            method, url, headers, data = request_of(argv, env)
            response = send(method, url, headers, data)
            expected = announced or (201 if method == "POST" else 200)
            assert response.status_code == expected, (heading, url, response.content[:500])
            body = response.json()
            if method == "POST" and url == "/api/v1/requests":
                assert body["status"] == "submitted" and body["reference"].startswith("DE-")
                assert response["Location"] == f"/api/v1/requests/{body['id']}"
                env["ID"] = str(body["id"])
            ran.append((method, url))
    assert ("POST", "/api/v1/requests") in ran and len(ran) >= 5


def test_the_error_example_is_what_the_api_answers(demo, db):
    (_h, code), *_ = [(h, c) for h, c in blocks("sh") if "-d" in c]
    argv, _status = commands(code)[0]
    method, url, headers, data = request_of(argv, dict(demo))
    without_title = {k: v for k, v in json.loads(data).items() if k != "title"}
    response = send(method, url, headers, json.dumps(without_title))
    [(_heading, example)] = blocks("json")
    assert response.json() == json.loads(example)
