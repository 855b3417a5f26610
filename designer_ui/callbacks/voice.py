"""The voice workers' callback service: the Designer's booking rules over a plain SQLAlchemy
engine on the Designer database (the runtime never imports the Designer; a worker names this
factory in its settings: `designer_ui.callbacks.voice:designer_callback_service`).

The database is `CALLBACK_DATABASE_URL`, else `VOICE_CDR_DATABASE_URL`, else `DATABASE_URL`;
the callback settings come from the same environment variables as the Designer's.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from designer_ui.analytics.tables import TABLES
from designer_ui.callbacks.analytics_events import CallbackEvents
from designer_ui.callbacks.dial_orders import DesignerDialDesk, session_scope
from designer_ui.callbacks.dialer_settings import DialerSettings
from designer_ui.callbacks.flow_requests import DesignerCallbackService
from designer_ui.callbacks.settings import CallbackSettings
from designer_ui.config import normalise_database_uri
from runtime.analytics.sql_store import SqlAnalyticsStore
from runtime.analytics.writer import AnalyticsWriter

URL_VARIABLES = ("CALLBACK_DATABASE_URL", "VOICE_CDR_DATABASE_URL", "DATABASE_URL")


def engine_sessions(database_url: str) -> sessionmaker[Session]:
    options: dict[str, object] = {"pool_pre_ping": True}
    if database_url.startswith("sqlite"):
        options["connect_args"] = {"timeout": 30}
    return sessionmaker(sa.create_engine(normalise_database_uri(database_url), **options),
                        expire_on_commit=False)


def service_over(database_url: str, settings: CallbackSettings | None = None
                 ) -> DesignerCallbackService:
    factory = engine_sessions(database_url)

    @contextmanager
    def scope() -> Iterator[Session]:
        with factory() as session:
            yield session

    return DesignerCallbackService(scope, settings or CallbackSettings.from_config({}))


def designer_callback_service() -> DesignerCallbackService:
    url = next((os.environ[name] for name in URL_VARIABLES if os.environ.get(name)), None)
    if not url:
        raise RuntimeError("set CALLBACK_DATABASE_URL (or VOICE_CDR_DATABASE_URL or "
                           "DATABASE_URL) to the Designer database for voice callbacks")
    return service_over(url)


def designer_dial_desk() -> DesignerDialDesk:
    """The dial desk voice workers name in `callback_dial_desk`: dial orders in the Designer
    database (same URL variables as the callback service; dialer settings from the environment).
    Its connects, failures and abandons are analytics events written to the same database
    (`ANALYTICS_ENABLED=false` in the environment writes none)."""
    url = next((os.environ[name] for name in URL_VARIABLES if os.environ.get(name)), None)
    if not url:
        raise RuntimeError("set CALLBACK_DATABASE_URL (or VOICE_CDR_DATABASE_URL or "
                           "DATABASE_URL) to the Designer database for callback dialling")
    factory = engine_sessions(url)
    return DesignerDialDesk(session_scope(factory), CallbackSettings.from_config({}),
                            DialerSettings.from_config({}), events=desk_events(factory))


def desk_events(factory: sessionmaker[Session]) -> CallbackEvents | None:
    if os.environ.get("ANALYTICS_ENABLED", "true").lower() in ("false", "0", "off", "no"):
        return None
    engine = factory.kw["bind"]
    return CallbackEvents(AnalyticsWriter(SqlAnalyticsStore(engine, TABLES)))
