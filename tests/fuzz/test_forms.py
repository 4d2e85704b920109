"""Hostile input at every form that accepts a POST: never a 500, nothing stored when refused,
and a re-rendered form keeps what was typed.

Each example starts from a valid submission (tests/form_targets.py) and replaces some fields
with malformed, huge or hostile values, sometimes adding unknown fields or invalid UTF-8. It
runs in a savepoint rolled back afterwards, so every example meets the same world.
"""

import os
import urllib.parse

import pytest
from django.db import transaction
from django.utils.html import escape
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.form_targets import BY_NAME, counts, sign_in

pytestmark = pytest.mark.django_db

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "fuzz")
RUNS = {"examples": 0, "refused": 0, "kept": 0}

# Percent-encoded bytes that are not UTF-8: a lone surrogate, an overlong NUL, 0xFF.
INVALID_UTF8 = object()
RAW_INVALID = "%ED%A0%80%C0%80%FF%FE"

HOSTILE = [
    "",
    " ",
    "\t\r\n",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "'; DROP TABLE colleges_post; --",
    "' OR 1=1 --",
    "{{ 7*7 }}{% debug %}",
    "%s%n%x",
    "../../../../etc/passwd",
    "\u202eRTL \u05e2\u05d1\u05e8\u05d9\u05ea \u0645\u0631\u062d\u0628\u0627",
    "😀👨‍👩‍👧‍👦🇫🇷" * 20,
    "\u0301\u0301\u0301Zalgo\u0336\u0336",
    "\ufeff\u200b\u2028\u2029",
    "0",
    "-1",
    "-999999999999999999999999",
    "99999999999999999999999999999999",
    "1e309",
    "NaN",
    "0x41",
    "3.14",
    "true",
    "null",
    "[]",
    "{}",
    "２０２６-１３-４０",
    "2026-02-30",
    "2026-02-30T25:61",
    "9999-12-31T23:59",
    "0001-01-01",
    "x" * 5_000,
    "x" * 1_000_000,
    INVALID_UTF8,
]

values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=300),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.lists(st.sampled_from(HOSTILE[:-3]), min_size=2, max_size=3),
)


def _encode(value) -> list[str]:
    if isinstance(value, list):
        return [item for v in value for item in _encode(v)]
    if value is INVALID_UTF8:
        return [RAW_INVALID]
    return [urllib.parse.quote_plus(str(value), safe="")]


def _body(data: dict) -> str:
    return "&".join(
        f"{urllib.parse.quote_plus(key)}={encoded}"
        for key, value in data.items()
        for encoded in _encode(value)
    )


@st.composite
def submissions(draw, valid: dict):
    data = {}
    for key, value in valid.items():
        choice = draw(st.sampled_from(["keep", "replace", "replace", "drop"]))
        if choice == "keep":
            data[key] = value
        elif choice == "replace":
            data[key] = draw(values)
    if draw(st.booleans()):
        data.update(
            draw(
                st.dictionaries(
                    st.sampled_from(
                        [
                            "id",
                            "pk",
                            "user",
                            "author",
                            "status",
                            "is_staff",
                            "college",
                            "submission_token",
                            "action",
                        ]
                    ),
                    values,
                    max_size=2,
                )
            )
        )
    return data


# How a page says the form was refused (DSFR error styles).
ERROR_MARKS = ("fr-error-text", "fr-input-group--error", "fr-alert--error", "fr-message--error")


def _kept_candidate(value) -> bool:
    return (
        isinstance(value, str)
        and 0 < len(value) <= 300
        and value == value.strip()
        and value.isprintable()
    )


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_hostile_input_never_breaks_a_form(client, world, name):
    target = BY_NAME[name]
    sign_in(client, world, target.role)
    url, valid = target.url(world), target.data(world)

    @settings(settings.get_profile(PROFILE))
    @given(data=submissions(valid))
    def fuzz(data):
        RUNS["examples"] += 1
        with transaction.atomic():
            before = counts(target)
            # Any exception in the view propagates here: a 500 fails the test.
            response = client.post(
                url, _body(data), content_type="application/x-www-form-urlencoded"
            )
            assert response.status_code < 500
            html = (
                response.content.decode()
                if response.get("Content-Type", "").startswith("text/html")
                else ""
            )
            rerendered = response.status_code == 400 or (
                response.status_code == 200 and any(mark in html for mark in ERROR_MARKS)
            )
            if response.status_code >= 400 or rerendered:
                assert counts(target) == before, f"{name} stored a refused submission"
                RUNS["refused"] += 1
            if rerendered:
                for field in target.kept:
                    if _kept_candidate(data.get(field)):
                        assert escape(data[field]) in html, (name, field, data[field])
                        RUNS["kept"] += 1
            transaction.set_rollback(True)

    fuzz()


def test_every_post_form_view_is_fuzzed():
    """A new view of the club's apps must be fuzzed, or said to be read-only or exempt."""
    from django.urls import URLPattern, URLResolver, get_resolver

    names = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns)
    apps = (
        "colleges:",
        "proposals:",
        "votes:",
        "whitepapers:",
        "gdpr:",
        "notifications:",
        "dashboards:",
        "search:",
    )
    # allauth's own views, except the ones whose forms are ours (club/core/accounts/forms.py); the
    # API's token page (the API itself takes JSON: tests/api).
    ours = {name for name in names if name.startswith(apps)}
    ours |= {"account_index", "account_signup", "account_login", "api_tokens", "api_token_revoke"}
    # club/pages (Wagtail's admin also has a "pages" namespace, not ours).
    ours |= {"pages:news", "pages:news_feed", "pages:faq"}
    assert ours - set(FORM_VIEWS) - set(NOT_FUZZED) - READ_ONLY == set()
    assert set(FORM_VIEWS.values()) <= set(BY_NAME)


# URL name → fuzz target. Adding a form view: add its Target in tests/form_targets.py and a line.
FORM_VIEWS = {
    "account_index": "account_name",
    "account_signup": "signup",
    "account_login": "login",
    "colleges:apply_to": "apply",
    "colleges:resubmit": "resubmit",
    "colleges:withdraw": "application_withdraw",
    "colleges:leave": "leave",
    "colleges:directory_visibility": "directory_visibility",
    "colleges:review": "review",
    "colleges:suspend": "suspend",
    "colleges:reinstate": "reinstate",
    "colleges:end_role": "end_role",
    "colleges:roles": "roles",
    "colleges:theme_create": "theme_create",
    "colleges:meeting_create": "meeting_create",
    "colleges:meeting_edit": "meeting_edit",
    "colleges:meeting_cancel": "meeting_cancel",
    "colleges:meeting_open": "meeting_open",
    "colleges:meeting_register": "meeting_register",
    "colleges:meeting_unregister": "meeting_unregister",
    "colleges:meeting_attendance": "meeting_attendance",
    "colleges:meeting_minutes": "meeting_minutes",
    "colleges:meeting_calendar": "meeting_calendar",
    "colleges:theme_edit": "theme_edit",
    "colleges:theme_close": "theme_close",
    "colleges:theme_follow": "theme_follow",
    "colleges:thread_create": "thread_create",
    "colleges:post_create": "post_create",
    "colleges:thread_follow": "thread_follow",
    "colleges:post_edit": "post_edit",
    "colleges:post_report": "post_report",
    "colleges:post_react": "post_react",
    "colleges:moderation_hide_post": "moderation_hide_post",
    "colleges:moderation_dismiss_reports": "moderation_dismiss_reports",
    "colleges:moderation_move": "moderation_move",
    "colleges:moderation_thread": "moderation_thread",
    "proposals:create": "request_create",
    "proposals:support": "support",
    "proposals:follow": "follow",
    "proposals:unfollow": "unfollow",
    "proposals:submit": "request_submit",
    "proposals:withdraw": "request_withdraw",
    "proposals:merge": "merge",
    "proposals:step": "request_step",
    "proposals:position_create": "position_create",
    "proposals:position_put_to_vote": "position_put_to_vote",
    "proposals:cycle_new": "ipm_cycle_new",
    "proposals:cycle_move": "ipm_cycle_move",
    "proposals:ipm_session_new": "ipm_session_new",
    "proposals:ipm_group_new": "ipm_group_new",
    "proposals:ipm_escalate": "ipm_escalate",
    "proposals:ipm_item_analysis": "ipm_analysis",
    "proposals:ipm_item_argument": "ipm_argument",
    "proposals:ipm_pilot_new": "ipm_pilot_new",
    "proposals:ipm_session_minutes": "ipm_session_minutes",
    "proposals:ipm_decide": "ipm_decide",
    "proposals:ipm_group_member": "ipm_group_member",
    "proposals:ipm_meeting_new": "ipm_meeting_new",
    "proposals:ipm_meeting": "ipm_meeting",
    "proposals:ipm_pilot_volunteer": "ipm_pilot_volunteer",
    "proposals:ipm_pilot_feedback": "ipm_pilot_feedback",
    "proposals:ipm_pilot_act": "ipm_pilot_act",
    "proposals:ipm_participants": "ipm_participants",
    "votes:create": "ballot_create",
    "votes:detail": "vote",
    "votes:candidacy": "candidacy",
    "whitepapers:consultation": "consultation_comment",
    "whitepapers:moderate_comment": "moderate_comment",
    "gdpr:erase": "gdpr_erase",
    "notifications:mark_read": "notifications_mark_read",
    "notifications:preferences": "notification_preferences",
    "notifications:unsubscribe": "unsubscribe",
    "announcements:create": "announcement_create",
    "announcements:newsletter_create": "newsletter_create",
    "api_tokens": "api_token_create",
    "api_token_revoke": "api_token_revoke",
}
NOT_FUZZED = {
    "gdpr:export": "takes no input: the download of one's own data",
    "proposals:ipm_document": "serves a file; uploads go through proposals:ipm_meeting",
    "notifications:open": "takes no input: marks the notice of the URL read and follows its link",
    "votes:check_receipt": "writes nothing; its one field (a receipt code, normalised to letters "
    "and digits, then a keyed hash) is sent garbage in tests/votes/test_secrecy.py",
}
READ_ONLY = {
    "colleges:meeting_list",
    "colleges:meeting_detail",
    "colleges:meeting_ics",
    "colleges:meeting_feed",
    "colleges:index",
    "colleges:apply",
    "colleges:my_space",
    "colleges:profile",
    "colleges:queue",
    "colleges:members",
    "colleges:theme_list",
    "colleges:theme_detail",
    "colleges:thread_followed",
    "colleges:thread_detail",
    "colleges:post_attachment",
    "colleges:post_history",
    "colleges:moderation_queue",
    "colleges:moderation_log",
    "colleges:detail",
    "colleges:directory",
    "proposals:board",
    "proposals:feed",
    "proposals:mine",
    "proposals:detail",
    "proposals:screenshot",
    "proposals:position",
    "proposals:cycles",
    "proposals:cycle",
    "proposals:cycle_report",
    "proposals:similar",
    "proposals:board_csv",
    "proposals:board_xlsx",
    "proposals:cycle_report_csv",
    "proposals:cycle_report_xlsx",
    "proposals:cycle_report_pdf",
    "proposals:ipm_item",
    "proposals:ipm_session",
    "proposals:ipm_group",
    "proposals:ipm_pilot",
    "proposals:ipm_participants_list",
    "votes:index",
    "whitepapers:index",
    "whitepapers:feed",
    "whitepapers:pdf",
    "whitepapers:version",
    "whitepapers:version_pdf",
    "gdpr:index",
    "colleges:charters",
    "colleges:charter",
    "colleges:charter_version",
    "notifications:list",
    "announcements:list",
    "announcements:detail",
    "announcements:newsletters",
    "announcements:newsletter_detail",
    "dashboards:public",
    "dashboards:public_csv",
    "dashboards:public_xlsx",
    "dashboards:staff",
    "dashboards:staff_csv",
    "dashboards:staff_xlsx",
    "search:index",  # a GET form, fuzzed with every combination in test_search.py
    "pages:news",
    "pages:news_feed",
    "pages:faq",
}
