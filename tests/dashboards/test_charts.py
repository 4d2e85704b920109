"""The shared SVG charts: text alternatives, escaping, proportions."""

from club.core import charts


def test_bars_have_title_description_and_escape_labels():
    svg = charts.bars(
        chart_id="c", title="Titre <b>", rows=[("A & <B>", 4), ("C", 2)], label="Valeur"
    )
    assert 'role="img"' in svg and 'aria-labelledby="c-title c-desc"' in svg
    assert '<title id="c-title">Titre &lt;b&gt;</title>' in svg
    assert '<desc id="c-desc">A &amp; &lt;B&gt; : 4; C : 2</desc>' in svg
    assert "<B>" not in svg


def test_stacked_bars_are_proportional_to_the_biggest_total():
    series = charts.series_of([("x", "X"), ("y", "Y")])
    svg = charts.stacked_bars(
        chart_id="s",
        title="T",
        rows=[("un", {"x": 1, "y": 1}), ("deux", {"x": 1})],
        series=series,
        width=400,
    )
    assert 'width="200.0"' in svg  # 1 of a biggest total of 2, on 400 units
    assert "un : X 1, Y 1; deux : X 1" in svg
    assert charts.scaled(3, 0, 100) == 0.0


def test_labels_are_whole_and_readable_on_a_phone():
    """Issue 22.4: labels were cut (« diteurs et opérateurs de dé ») and, the chart stretched to
    the page, 5 pixels high at 375 px. A label has its own line; the chart keeps its natural
    size, shrunk at most to a phone's 343 usable pixels."""
    label = "Éditeurs et opérateurs de dématérialisation"
    svg = charts.stacked_bars(
        chart_id="p",
        title="T",
        rows=[(label, {"x": 3}), ("Fournisseurs", {"x": 1})],
        series=charts.series_of([("x", "X"), ("y", "Une légende assez longue"), ("z", "Z")]),
    )
    assert f">{label}</text>" in svg
    natural = int(svg.split('width="')[1].split('"')[0])
    smallest = min(int(size) for size in svg.split('font-size="')[1:] for size in [size[:2]])
    assert smallest * 343 / natural >= 11
    long = charts.bars(chart_id="l", title="T", rows=[("x" * 80, 1)], label="V")
    assert "x" * 49 + "…" in long
