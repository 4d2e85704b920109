"""Who gets what from every route: the permission matrix's declarations.

One line per route: its URL name, the sample objects behind its parameters (see world.py), and
one answer per role in this order:

    anonymous  applicant  other_member  member  facilitator  delegate  ipm_member  staff

applicant: pending application to the sample college; other_member: member of another college;
member / facilitator / delegate: of the sample college (whose threads are closed to outsiders);
ipm_member: IPM participant with no college; staff: the club's team. Facilitators, delegates,
IPM members and staff have a second factor (TOTP).

Answers: a status code; `login` (redirect to the login page); `mfa` (redirect to the
second-factor set-up); `302` (any other redirect). For POST, a trailing `!` means the request
changes the database; without it the database must stay as it was (refusals never carry `!`).
`post=` is declared for the routes that only accept POST (their GET answers 405).

A new route fails test_every_route_is_declared until it has its line here.
"""

from tests.security.matrix import R

# fmt: off
HTTP = {
    "wagtaildocs_serve": R(lambda w: [w.wagtail_document.pk, "guide.pdf"], get="200 200 200 200 200 200 200 200"),
    "wagtaildocs_authenticate_with_password": R(lambda w: [999999], get="404 404 404 404 404 404 404 404"),
    "health": R("", get="200 200 200 200 200 200 200 200"),
    "altcha_django:challenge": R("", get="200 200 200 200 200 200 200 200"),
    "altcha_django:sentinel-challenge": R("", get="404 404 404 404 404 404 404 404"),
    "account_index": R("", get="login 200 200 200 200 200 200 200"),
    "account_signup": R("", get="200 302 302 302 302 302 302 302"),
    "account_login": R("", get="200 302 302 302 302 302 302 302"),
    "account_logout": R("", get="302 200 200 200 200 200 200 200"),
    "account_inactive": R("", get="200 200 200 200 200 200 200 200"),
    "account_reauthenticate": R("", get="login 200 200 200 200 200 200 200"),
    "account_email": R("", get="login 200 200 200 200 200 200 200"),
    "account_email_verification_sent": R("", get="200 200 200 200 200 200 200 200"),
    "account_change_password": R("", get="login 200 200 200 200 200 200 200"),
    "account_set_password": R("", get="login 302 302 302 302 302 302 302"),
    "account_reset_password": R("", get="200 200 200 200 200 200 200 200"),
    "account_confirm_login_code": R("", get="login 302 302 302 302 302 302 302"),
    "account_confirm_email": R(lambda w: ["cle-inconnue"], get="200 200 200 200 200 200 200 200"),
    "account_reset_password_from_key_done": R("", get="200 200 200 200 200 200 200 200"),
    "account_reset_password_from_key": R(lambda w: ["1", "cle-inconnue"], get="200 200 200 200 200 200 200 200"),
    "account_reset_password_done": R("", get="200 200 200 200 200 200 200 200"),
    "mfa_index": R("", get="login 200 200 200 200 200 200 200"),
    "mfa_authenticate": R("", get="login 302 302 302 302 302 302 302"),
    "mfa_reauthenticate": R("", get="login 302 302 302 200 200 200 200"),
    "mfa_activate_totp": R("", get="login 302 302 302 302 302 302 302"),
    "mfa_deactivate_totp": R("", get="login 404 404 404 302 302 302 302"),
    "mfa_view_recovery_codes": R("", get="login 404 404 404 404 404 404 404"),
    "mfa_generate_recovery_codes": R("", get="login 302 302 302 302 302 302 302"),
    "mfa_download_recovery_codes": R("", get="login 404 404 404 404 404 404 404"),
    "mfa_list_webauthn": R("", get="login 200 200 200 200 200 200 200"),
    "mfa_add_webauthn": R("", get="login 302 302 302 302 302 302 302"),
    "mfa_reauthenticate_webauthn": R("", get="login 302 302 302 302 302 302 302"),
    "mfa_remove_webauthn": R(lambda w: [999999], get="login 302 302 302 302 302 302 302"),
    "mfa_edit_webauthn": R(lambda w: [999999], get="login 302 302 302 302 302 302 302"),
    "colleges:index": R("", get="200 200 200 200 200 200 200 200"),
    "colleges:apply": R("", get="login 200 200 200 200 200 200 200"),
    "colleges:apply_to": R("college.slug", get="login 200 200 200 200 200 200 200"),
    "colleges:my_space": R("", get="login 200 200 200 200 200 200 200"),
    "colleges:resubmit": R("application", get="login 302 404 404 404 404 404 404"),
    "colleges:withdraw": R("application", get="405 405 405 405 405 405 405 405", post="login 302! 404 404 404 404 404 404"),
    "colleges:leave": R("membership", get="login 404 404 200 404 404 404 404"),
    "colleges:directory_visibility": R("membership", get="405 405 405 405 405 405 405 405", post="login 404 404 302 404 404 404 404"),
    "colleges:profile": R("membership.user_id", get="login 404 404 200 404 404 404 200"),
    "colleges:queue": R("", get="login 403 403 403 403 403 403 200"),
    "colleges:review": R("application", get="login 403 403 403 403 403 403 200"),
    "colleges:suspend": R("membership", get="login 403 403 403 403 403 403 200"),
    "colleges:reinstate": R("membership", get="405 405 405 405 405 405 405 405", post="login 403 403 403 403 403 403 302"),
    "colleges:end_role": R(lambda w: ["animateur", w.facilitator_role.pk], get="405 405 405 405 405 405 405 405", post="login 403 403 403 403 403 403 302!"),
    "colleges:members": R("college.slug", get="login 403 403 403 200 403 403 200"),
    "colleges:roles": R("college.slug", get="login 403 403 403 403 403 403 200"),
    "colleges:theme_list": R("college.slug", get="login 403 403 200 200 200 403 200"),
    "colleges:theme_create": R("college.slug", get="login 403 403 403 200 403 403 200"),
    "colleges:theme_detail": R("theme", get="login 403 403 200 200 200 403 200"),
    "colleges:theme_edit": R("theme", get="login 403 403 403 200 403 403 200"),
    "colleges:theme_close": R("theme", get="login 403 403 403 200 403 403 200"),
    "colleges:theme_follow": R("theme", get="login 405 405 405 405 405 405 405", post="login 403 403 302 302 302 403 302"),
    "colleges:thread_create": R("theme", get="login 403 403 403 200 403 403 200"),
    "colleges:thread_followed": R("", get="login 200 200 200 200 200 200 200"),
    "colleges:thread_detail": R("thread", get="login 403 403 200 200 200 403 200"),
    "colleges:post_create": R("thread", get="login 405 405 405 405 405 405 405", post="login 403 403 400! 400! 400! 403 400!"),
    "colleges:thread_follow": R("thread", get="login 405 405 405 405 405 405 405", post="login 403 403 302! 302! 302 403 302"),
    "colleges:post_attachment": R(lambda w: [w.thread.pk, w.attachment.token], get="login 403 403 200 200 200 403 200"),
    "colleges:post_edit": R("post", get="login 403 403 200 403 403 403 403"),
    "colleges:post_history": R("post", get="login 403 403 200 200 403 403 200"),
    "colleges:post_report": R("post", get="login 403 403 403 200 200 403 200"),
    "colleges:moderation_queue": R("college.slug", get="login 403 403 403 200 403 403 200"),
    "colleges:moderation_log": R("", get="login 403 403 403 403 403 403 200"),
    "colleges:moderation_hide_post": R("post", get="login 403 403 403 200 403 403 200"),
    "colleges:moderation_dismiss_reports": R("post", get="login 405 405 405 405 405 405 405", post="login 403 403 403 302 403 403 302"),
    "colleges:moderation_move": R("thread", get="login 403 403 403 200 403 403 200"),
    "colleges:moderation_thread": R(lambda w: [w.thread.pk, "lock"], get="login 403 403 403 200 403 403 200"),
    "colleges:detail": R("college.slug", get="200 200 200 200 200 200 200 200"),
    "colleges:directory": R("college.slug", get="login 403 403 200 200 200 403 200"),
    "proposals:board": R("", get="200 200 200 200 200 200 200 200"),
    "proposals:feed": R("", get="200 200 200 200 200 200 200 200"),
    "proposals:mine": R("", get="login 200 200 200 200 200 200 200"),
    "proposals:email_preference": R("", get="405 405 405 405 405 405 405 405", post="login 302 302 302 302 302 302 302"),
    "proposals:create": R("", get="login 403 200 200 200 200 403 403"),
    "proposals:detail": R("request", get="200 200 200 200 200 200 200 200"),
    "proposals:support": R("request", get="405 405 405 405 405 405 405 405", post="login 302 302 302 302! 302! 302 302"),
    "proposals:follow": R("request", get="405 405 405 405 405 405 405 405", post="login 302! 302! 302 302! 302! 302! 302!"),
    "proposals:unfollow": R("request", get="405 405 405 405 405 405 405 405", post="login 302 302 302! 302 302 302 302"),
    "proposals:submit": R("request", get="405 405 405 405 405 405 405 405", post="login 302 302 302 302 302 302 302"),
    "proposals:withdraw": R("request", get="login 403 403 200 403 403 403 403"),
    "proposals:merge": R("request", get="login 403 403 403 200 403 403 200"),
    "proposals:step": R(lambda w: [w.request.pk, "open_discussion"], get="login 403 403 403 200 403 403 200"),
    "proposals:screenshot": R("screenshot", get="200 200 200 200 200 200 200 200"),
    "proposals:position_create": R("", get="login 403 403 403 404 404 404 404"),
    "proposals:position": R("position", get="200 200 200 200 200 200 200 200"),
    "proposals:position_put_to_vote": R("position", get="login 403 403 403 302 403 403 302"),
    "proposals:cycles": R("", get="200 200 200 200 200 200 200 200"),
    "proposals:cycle_new": R("", get="login 403 403 403 403 403 403 200"),
    "proposals:cycle": R("cycle.number", get="200 200 200 200 200 200 200 200"),
    "proposals:cycle_move": R("cycle.number", get="405 405 405 405 405 405 405 405", post="login 403 403 403 403 403 403 302"),
    "proposals:cycle_report": R("cycle.number", get="200 200 200 200 200 200 200 200"),
    "proposals:cycle_report_csv": R("cycle.number", get="200 200 200 200 200 200 200 200"),
    "proposals:cycle_report_pdf": R("cycle.number", get="200 200 200 200 200 200 200 200"),
    "proposals:ipm_session_new": R("cycle.number", get="login 403 403 403 403 403 403 200"),
    "proposals:ipm_group_new": R("cycle.number", get="login 403 403 403 403 403 403 200"),
    "proposals:ipm_escalate": R("", get="login 403 403 403 403 200 403 403"),
    "proposals:ipm_item": R("item", get="200 200 200 200 200 200 200 200"),
    "proposals:ipm_item_analysis": R("item", get="login 403 403 403 403 200 200 200"),
    "proposals:ipm_item_argument": R("item", get="405 405 405 405 405 405 405 405", post="login 403 403 403 403 302 403 302"),
    "proposals:ipm_pilot_new": R("item", get="login 403 403 403 403 403 403 200"),
    "proposals:ipm_session": R("session", get="200 200 200 200 200 200 200 200"),
    "proposals:ipm_session_minutes": R("session", get="405 405 405 405 405 405 405 405", post="login 403 403 403 403 403 403 302"),
    "proposals:ipm_decide": R("session pending_item", get="login 403 403 403 403 403 403 200"),
    "proposals:ipm_group": R("group", get="200 200 200 200 200 200 200 200"),
    "proposals:ipm_group_member": R("group", get="405 405 405 405 405 405 405 405", post="login 403 403 403 403 403 403 302"),
    "proposals:ipm_meeting_new": R("group", get="405 405 405 405 405 405 405 405", post="login 403 403 403 403 403 403 302"),
    "proposals:ipm_meeting": R("meeting", get="login 403 403 403 403 200 200 200"),
    "proposals:ipm_document": R("document", get="login 404 404 404 404 200 200 200"),
    "proposals:ipm_pilot": R("pilot", get="200 200 200 200 200 200 200 200"),
    "proposals:ipm_pilot_volunteer": R("pilot", get="405 405 405 405 405 405 405 405", post="login 302 302 302 302 302 302 302"),
    "proposals:ipm_pilot_feedback": R("pilot", get="405 405 405 405 405 405 405 405", post="login 404 404 404 404 404 404 404"),
    "proposals:ipm_pilot_act": R(lambda w: [w.pilot.pk, "demarrer"], get="405 405 405 405 405 405 405 405", post="login 403 403 403 403 403 403 302"),
    "proposals:ipm_participants": R("", get="login 403 403 403 403 403 403 200"),
    "votes:index": R("", get="login 200 200 200 200 200 200 200"),
    "votes:create": R("", get="login 403 403 403 200 403 403 200"),
    "votes:detail": R("ballot", get="login 403 403 200 200 200 403 200"),
    "votes:candidacy": R("election", get="login 403 403 200 200 200 403 403"),
    "whitepapers:index": R("", get="200 200 200 200 200 200 200 200"),
    "whitepapers:feed": R("", get="200 200 200 200 200 200 200 200"),
    "whitepapers:pdf": R("whitepaper", get="200 200 200 200 200 200 200 200"),
    "whitepapers:version": R("whitepaper whitepaper_revision", get="200 200 200 200 200 200 200 200"),
    "whitepapers:version_pdf": R("whitepaper whitepaper_revision", get="200 200 200 200 200 200 200 200"),
    "whitepapers:consultation": R("consultation", get="login 403 403 200 200 200 403 200"),
    "whitepapers:moderate_comment": R("comment", get="login 405 405 405 405 405 405 405", post="login 403 403 403 403 403 403 302!"),
    "gdpr:index": R("", get="login 200 200 200 200 200 200 200"),
    "gdpr:export": R("", get="login 405 405 405 405 405 405 405", post="login 200! 200! 200! 200! 200! 200! 200!"),
    "gdpr:erase": R("", get="login 405 405 405 405 405 405 405", post="login 200 200 200 200 200 200 200"),
    "audit:index": R("", get="login 403 403 403 403 403 403 200"),
    "wagtailcore_authenticate_with_password": R(lambda w: [999999, w.whitepaper.pk], get="404 404 404 404 404 404 404 404"),
    # Wagtail's page tree: representative pages are in PREFIX_GROUPS["pages"].
    "wagtail_serve": R(lambda w: [""], get="200 200 200 200 200 200 200 200"),
}

# The back offices and Wagtail's page catch-all, by representative URLs.
PREFIX_GROUPS = {
    "cms/": {
        # Staff without a Wagtail group are sent to the CMS login, which refuses them (403).
        "/cms/": (lambda w: "/cms/", R(get="302 302 302 302 302 302 302 302")),
        "/cms/pages/": (lambda w: "/cms/pages/", R(get="302 302 302 302 302 302 302 302")),
        "/cms/documents/": (lambda w: "/cms/documents/", R(get="302 302 302 302 302 302 302 302")),
        "/cms/login/": (lambda w: "/cms/login/", R(get="login 403 403 403 403 403 403 403")),
    },
    "django-admin/": {
        "/django-admin/": (lambda w: "/django-admin/", R(get="302 302 302 302 302 302 302 200")),
        "/django-admin/accounts/user/": (lambda w: "/django-admin/accounts/user/", R(get="302 302 302 302 302 302 302 403")),
        "/django-admin/login/": (lambda w: "/django-admin/login/", R(get="login 403 403 403 403 403 403 403")),
    },
    "^((?:[\\w\\-]+/)*)$": {
        "home": (lambda w: "/", R(get="200 200 200 200 200 200 200 200")),
        "home in English": (lambda w: "/en/", R(get="200 200 200 200 200 200 200 200")),
        "published whitepaper": (lambda w: "/livres-blancs/choisir-son-format/", R(get="200 200 200 200 200 200 200 200")),
        "draft whitepaper": (lambda w: "/livres-blancs/brouillon-confidentiel/", R(get="404 404 404 404 404 404 404 404")),
        "draft whitepaper's PDF": (lambda w: f"/livres-blancs/{w.draft.pk}/pdf/", R(get="404 404 404 404 404 404 404 404")),
        "draft whitepaper's version": (lambda w: f"/livres-blancs/{w.draft.pk}/versions/{w.draft_revision.pk}/", R(get="404 404 404 404 404 404 404 404")),
        "unknown page": (lambda w: "/nulle-part/", R(get="404 404 404 404 404 404 404 404")),
        "thread in English": (lambda w: f"/en/colleges/fils/{w.thread.pk}/", R(get="login 403 403 200 200 200 403 200")),
    },
    # Wagtail's own login form would skip the second factor: it sends everyone to allauth's.
    "_util/login/": {
        "/_util/login/": (lambda w: "/_util/login/", R(get="login login login login login login login login", post="login login login login login login login login")),
    },
}
# fmt: on

# WebSocket routes (club/routing.py), by pattern: the sample path, then one answer per role:
# `accept`, or the close code of the refusal (4401 not signed in, 4403 not allowed).
# fmt: off
WEBSOCKETS = {
    "ws/me/": (lambda w: "/ws/me/", "4401 accept accept accept accept accept accept accept"),
    "ws/fils/<int:thread_id>/": (lambda w: f"/ws/fils/{w.thread.pk}/", "4401 4403 4403 accept accept accept 4403 accept"),
    "ws/votes/<int:ballot_id>/": (lambda w: f"/ws/votes/{w.ballot.pk}/", "4401 4403 4403 accept accept accept 4403 accept"),
}
# fmt: on
