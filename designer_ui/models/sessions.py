"""Server-side records of who is logged in and of failed log-ins.

A signed cookie alone cannot be taken back: whoever holds a copy stays logged in until it
expires. Each log-in therefore gets a `LoginSession` row that logout, a password change or a
deactivation deletes, and the cookie only names the row. `LoginThrottle` counts failed log-ins
per key (an account with a client address, an address, an account) with atomic updates, so
guesses sent at the same moment are all counted.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from designer_ui.extensions import Base
from designer_ui.models.base import UTCDateTime, utcnow


class LoginSession(Base):
    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class LoginThrottle(Base):
    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_allowed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
