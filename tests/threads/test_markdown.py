"""Hostile Markdown renders harmless."""

import pytest

from colleges.threads.markdown import MAX_BODY_LENGTH, render_markdown


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert('x')</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        '<img src="x" onerror="alert(1)">',
        '<a href="#" onclick="alert(1)">clic</a>',
        '<div onmouseover="alert(1)">survol</div>',
        "<svg onload=alert(1)>",
        "<iframe src='https://evil.example'></iframe>",
        "<style>body{display:none}</style>",
    ],
)
def test_scripts_and_event_handlers_are_removed(hostile):
    html = render_markdown(f"Texte {hostile} fin", thread_id=1)
    lowered = html.lower()
    for needle in (
        "<script",
        "onerror",
        "onclick",
        "onmouseover",
        "onload",
        "<iframe",
        "<style",
        "<svg",
    ):
        assert needle not in lowered
    assert "Texte" in html and "fin" in html


@pytest.mark.parametrize(
    "link",
    [
        "[clic](javascript:alert(1))",
        "[clic](JaVaScRiPt:alert(1))",
        "[clic](data:text/html;base64,PHNjcmlwdD4=)",
        '<a href="javascript:alert(1)">clic</a>',
        "[clic](vbscript:msgbox)",
    ],
)
def test_dangerous_link_schemes_are_dropped(link):
    html = render_markdown(link, thread_id=1)
    assert "javascript" not in html.lower()
    assert "data:" not in html
    assert "vbscript" not in html.lower()
    assert "clic" in html


def test_safe_links_keep_their_target_and_get_rel():
    html = render_markdown("[Chorus Pro](https://portail.chorus-pro.gouv.fr)")
    assert 'href="https://portail.chorus-pro.gouv.fr"' in html
    assert 'rel="nofollow noopener noreferrer"' in html


def test_remote_images_are_not_rendered_but_thread_attachments_are():
    html = render_markdown(
        "![pixel](https://tracker.example/p.png) ![capture](/colleges/fils/7/pieces/AbC_-9/) "
        "![autre fil](/colleges/fils/8/pieces/AbC/) ![en](/en/colleges/fils/7/pieces/x/)",
        thread_id=7,
    )
    assert "tracker.example" not in html
    assert '<img alt="capture" src="/colleges/fils/7/pieces/AbC_-9/">' in html
    assert "/colleges/fils/8/" not in html
    assert 'src="/en/colleges/fils/7/pieces/x/"' in html
    assert "pixel" in html  # the alt text stays readable


def test_markdown_features_survive():
    html = render_markdown("# Titre\n\n**gras** *it*\n\n> cité\n\n- un\n- deux\n\n`code <b>`")
    assert "<h3>Titre</h3>" in html  # h1 demoted below the page's own headings
    assert "<strong>gras</strong>" in html
    assert "<blockquote>" in html
    assert "<li>un</li>" in html
    assert "<code>code &lt;b&gt;</code>" in html


def test_huge_and_pathological_input_is_bounded_and_fast():
    html = render_markdown("a" * (MAX_BODY_LENGTH * 10))
    assert html.count("a") <= MAX_BODY_LENGTH + 10
    nested = render_markdown(">" * 50_000 + " profond")
    assert nested.count("<blockquote>") <= 5
    # Python-Markdown is quadratic on these: unbounded, each took minutes (the suite would hang).
    for pathological in ("[" * 20_000, ("[" * 500 + "x") * 40, "[a](" * 5_000, "<a " * 7_000):
        html = render_markdown(pathological)
        assert "<a" not in html
