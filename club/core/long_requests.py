"""Request lines too long for Daphne's HTTP parser: answered 414 with a page, not dropped.

Daphne parses HTTP with Twisted's `HTTPChannel`, which reads the request line and each header
as a line of at most 16 KB (`LineReceiver.MAX_LENGTH`). Past it, Twisted closes the connection
without a word, so a long search URL left the person on the browser's own "connection reset"
page. `install()` (called from club/asgi.py, before Daphne builds its first channel) answers
414 URI Too Long (or 431 for an overlong header line) with a small page in French and English,
then closes gently: the rest of the request is read and dropped for a moment so that the
kernel does not reset the connection before the client has read the answer.
"""

from django.template.loader import render_to_string
from twisted.web import http  # does not install a reactor: Daphne installs its own

LINGER_SECONDS = 2.0
_PAGES: dict[int, bytes] = {}


def _page(status: int) -> bytes:
    if status not in _PAGES:
        if status == 414:
            _PAGES[status] = render_to_string(
                "errors/414.html", {"limit": http.HTTPChannel.MAX_LENGTH}
            ).encode()
        else:
            _PAGES[status] = b""
    return _PAGES[status]


def _answer_and_close(channel: http.HTTPChannel, status: int, reason: bytes) -> None:
    transport = channel.transport
    if transport is None or transport.disconnecting:
        return
    body = _page(status)
    transport.write(
        b"HTTP/1.1 %d %s\r\n" % (status, reason)
        + b"Content-Type: text/html; charset=utf-8\r\n"
        + b"Content-Length: %d\r\n" % len(body)
        + b"Connection: close\r\n\r\n"
        + body
    )
    # Drop whatever else the client sends, stop writing, and close a moment later.
    channel.dataReceived = lambda data: None
    channel.setTimeout(None)
    if hasattr(transport, "loseWriteConnection"):
        transport.loseWriteConnection()
    from twisted.internet import reactor  # Daphne's, running by now

    reactor.callLater(LINGER_SECONDS, transport.loseConnection)


def _line_too_long(self: http.HTTPChannel, line: bytes) -> None:
    # Name-mangled in Twisted: true until the request line has been read.
    if getattr(self, "_HTTPChannel__first_line", 1):
        _answer_and_close(self, 414, b"URI Too Long")
    else:
        _answer_and_close(self, 431, b"Request Header Fields Too Large")


def install() -> None:
    _page(414)  # rendered once, at start-up, where a failure shows at once
    http.HTTPChannel.lineLengthExceeded = _line_too_long
