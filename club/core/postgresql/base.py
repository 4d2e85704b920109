"""Django's PostgreSQL backend with club.core.postgresql.pool.ResilientPool as its pool.

Set as ENGINE by club/settings.py when the pool is on; everything else is Django's."""

from django.db.backends.base.base import NO_DB_ALIAS
from django.db.backends.postgresql import base

from club.core.postgresql.pool import ResilientPool


class DatabaseWrapper(base.DatabaseWrapper):
    @property
    def pool(self):
        options = self.settings_dict["OPTIONS"].get("pool")
        if self.alias != NO_DB_ALIAS and options and self.alias not in self._connection_pools:
            if self.settings_dict.get("CONN_MAX_AGE", 0) != 0:
                return super().pool  # Django's own refusal (persistent connections)
            kwargs = self.get_connection_params()
            kwargs["autocommit"] = True  # as Django's pool: Django sets it later on
            pool = ResilientPool(
                kwargs=kwargs,
                open=False,
                configure=self._configure_connection,
                check_lent=self.settings_dict["CONN_HEALTH_CHECKS"],
                **({} if options is True else options),
            )
            # Several threads may build one at start-up: the first one stored wins.
            self._connection_pools.setdefault(self.alias, pool)
        return super().pool
