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
