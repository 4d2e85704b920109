import html


def page_text(response) -> str:
    """The page's HTML with entities decoded, so French apostrophes compare as typed."""
    return html.unescape(response.content.decode())
