"""Whether the session store answers, and a log that tells an outage once and its end once.

While Redis is away every request, the 250 ms timer sweep and the news listener fail at once;
logging each failure with its traceback wrote tens of kilobytes a second. The store's
`StoreHealth` records the first failure as one warning and the first success after it as one
more, and lets hosts answer "unavailable, retry" (HTTP 503) instead of an internal error.
"""

from __future__ import annotations

import logging
import threading
import time

log = logging.getLogger("runtime.sessions")

UNAVAILABLE_RETRY_AFTER_S = 2
"""What a host tells clients to wait (Retry-After) while the store does not answer."""


class StoreUnavailable(Exception):
    """Raised by `check()` when the store does not answer at all (start-up checks)."""


class StoreHealth:
    def __init__(self, name: str, unavailable: tuple[type[BaseException], ...]):
        self.name = name
        self.unavailable = unavailable
        self._lock = threading.Lock()
        self._down_since: float | None = None

    @property
    def down(self) -> bool:
        return self._down_since is not None

    def is_unavailable(self, exc: BaseException) -> bool:
        """True when `exc` means the store is away (not a bug): callers answer 503."""
        return bool(self.unavailable) and isinstance(exc, self.unavailable)

    def failed(self, exc: BaseException) -> bool:
        """Note a failure; True (and logged once per outage) when it means the store is away."""
        if not self.is_unavailable(exc):
            return False
        with self._lock:
            if self._down_since is not None:
                return True
            self._down_since = time.monotonic()
        log.warning("the session store %s is unavailable (%s: %s); chat requests answer 503 "
                    "until it is back", self.name, type(exc).__name__, exc)
        return True

    def succeeded(self) -> None:
        """Note that the store answered; logs the end of an outage once."""
        if self._down_since is None:
            return
        with self._lock:
            since, self._down_since = self._down_since, None
        if since is not None:
            log.warning("the session store %s is available again (after %.1f s)", self.name,
                        time.monotonic() - since)
