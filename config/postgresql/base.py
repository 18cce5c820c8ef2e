"""Django's PostgreSQL backend, failing fast once the server has not answered.

A request reads the database from several places (the session, the user, the page, the
session saved again on the way out), and each would try to connect again: with a server that
accepts connections and never answers, a page would wait one DB_CONNECT_TIMEOUT per attempt.
After a failed connection, attempts fail at once with the same error until the next request
begins or 10 seconds (or the connect timeout, if longer) have passed, so a request waits one
timeout at most and gets its 503 page (config.views).
"""

import time

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    _failed_connect: Exception | None = None
    _failed_at = 0.0

    def _recently_failed(self) -> Exception | None:
        # At least 10 s: a slow request (a loaded machine) must not try again between two
        # reads of the same request; a new request resets it in any case.
        window = max(float(self.settings_dict.get("OPTIONS", {}).get("connect_timeout") or 5), 10.0)
        if self._failed_connect is not None and time.monotonic() - self._failed_at < window:
            return self._failed_connect
        self._failed_connect = None
        return None

    def get_new_connection(self, conn_params):
        failed = self._recently_failed()
        if failed is not None:
            raise base.Database.OperationalError(f"{failed} (not tried again yet)")
        try:
            return super().get_new_connection(conn_params)
        except base.Database.OperationalError as exc:
            self._failed_connect, self._failed_at = exc, time.monotonic()
            raise

    def close_if_unusable_or_obsolete(self):
        # Called as each request begins and ends: a new request tries the server again.
        self._failed_connect = None
        super().close_if_unusable_or_obsolete()
