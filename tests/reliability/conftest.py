import pytest

from tests.reliability.servers import DaphneServer, RedisServer


@pytest.fixture
def redis_server(tmp_path):
    """A private Redis for this test only: stopping it never disturbs anyone else."""
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()


@pytest.fixture
def daphne(redis_server, transactional_db, tmp_path):
    """A real Daphne process on the test database (data must be committed to be seen)."""
    server = DaphneServer(redis_url=redis_server.url, log=tmp_path / "daphne.log").start()
    yield server
    server.stop()
