"""Only <mark> survives in snippets, whatever people wrote."""

from club.search.snippets import START, STOP, excerpt, sanitise_headline


def test_headline_keeps_marks_and_escapes_the_rest():
    raw = f'<img src=x onerror="alert(1)"> {START}facture{STOP} & <b>gras</b>'
    html = sanitise_headline(raw)
    assert "<mark>facture</mark>" in html
    assert "<img" not in html and "<b>" not in html
    assert "&lt;img" in html and "&amp;" in html


def test_unbalanced_markers_never_open_a_tag():
    html = sanitise_headline(f"{START}début sans fin {STOP}{STOP} et {START}")
    assert html.count("<mark>") == html.count("</mark>") == 1
    assert START not in html and STOP not in html


def test_plain_excerpt_centres_on_the_first_word_and_marks_it():
    text = "Préambule. " * 40 + "Les factures <rejetées> reviennent."
    html = excerpt(text, ["factures"])
    assert html.startswith("… ")
    assert "<mark>factures</mark>" in html
    assert "&lt;rejetées&gt;" in html
