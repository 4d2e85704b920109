"""A URL longer than Daphne's 16 KB line limit gets a 414 page, not a dropped connection.

Against a real Daphne process: Twisted's parser is what refused it, and only a real server
shows whether the client can read the answer before the connection closes.
"""

import socket

import pytest

from tests.reliability.servers import DaphneServer, request


class PlainDaphne(DaphneServer):
    """Daphne on an SQLite file of its own: an overlong line never reaches Django."""

    def __init__(self, tmp_path):
        super().__init__(redis_url="")
        self.database = tmp_path / "db.sqlite3"

    def environment(self) -> dict:
        env = super().environment()
        env["DATABASE_URL"] = f"sqlite:///{self.database}"
        env.pop("REDIS_URL", None)
        return env

    def healthy(self) -> bool:
        if self.process is None or self.process.poll() is not None:
            raise RuntimeError(f"daphne exited with {self.process and self.process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return True
        except OSError:
            return False


@pytest.fixture
def daphne(tmp_path):
    server = PlainDaphne(tmp_path).start()
    yield server
    server.stop()


def _raw(server, payload: bytes, *, chunk: int | None = None) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=20) as sock:
        step = chunk or len(payload)
        for start in range(0, len(payload), step):
            try:
                sock.sendall(payload[start : start + step])
            except OSError:
                break  # the server answered and stopped reading: read what it said
        received = b""
        while True:
            try:
                data = sock.recv(65536)
            except OSError:
                break
            if not data:
                break
            received += data
        return received


@pytest.mark.parametrize("size", [17_000, 64_000])
def test_a_query_string_over_16_kb_gets_a_414_page(daphne, size):
    status, headers, body = request(daphne, "GET", "/recherche/?q=" + "x" * size)
    assert status == 414
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    page = body.decode()
    assert "Adresse trop longue" in page and "Raccourcissez votre recherche" in page
    assert 'lang="en"' in page and "The address is too long" in page


def test_the_answer_arrives_when_the_line_comes_in_small_pieces(daphne):
    line = b"GET /recherche/?q=" + b"y" * 40_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    answer = _raw(daphne, line, chunk=1_000)
    assert answer.startswith(b"HTTP/1.1 414 URI Too Long\r\n")
    assert b"Adresse trop longue" in answer


def test_an_overlong_header_line_gets_a_431(daphne):
    line = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: " + b"z" * 20_000 + b"\r\n\r\n"
    assert _raw(daphne, line).startswith(b"HTTP/1.1 431 ")


def test_a_long_but_acceptable_url_still_reaches_the_site(daphne):
    status, _headers, _body = request(daphne, "GET", "/healthz?pad=" + "x" * 8_000)
    assert status == 200
