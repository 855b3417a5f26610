"""Settings from the environment build the store and the HTTP executor."""

from __future__ import annotations

from pathlib import Path

import pytest

from runtime.chat import ChatSettings
from runtime.sessions.sqlite_store import SQLiteSessionStore


def test_settings_come_from_the_environment(tmp_path: Path) -> None:
    settings = ChatSettings.from_env({
        "SESSION_STORE": str(tmp_path / "chat.db"), "CHAT_IDLE_TIMEOUT_S": "120",
        "CHAT_TRANSCRIPT_RETENTION_DAYS": "30", "HTTP_ALLOWLIST": "10.0.0.0/8, crm.internal",
        "HTTP_MAX_TIMEOUT_MS": "2000", "HTTP_MAX_RESPONSE_BYTES": "4096",
    })
    store = settings.open_store()
    try:
        assert isinstance(store, SQLiteSessionStore)
        assert store.idle_timeout_s == 120 and store.retention_days == 30
    finally:
        store.close()
    executor = settings.http_executor()
    assert executor.max_timeout_ms == 2000 and executor.max_response_bytes == 4096
    assert executor.policy.vet("10.2.3.4", 80) == "10.2.3.4"
    assert executor.policy.host_allowed("crm.internal")


def test_defaults() -> None:
    settings = ChatSettings.from_env({})
    assert settings.idle_timeout_s == 1800 and settings.retention_days == 90
    assert settings.http_max_response_bytes == 1_048_576 and settings.http_max_timeout_ms == 30000
    assert settings.timer_interval_ms == 250 and settings.session_store == ""


@pytest.mark.parametrize("value", ["soon", "0", "-5"])
def test_bad_numbers_are_refused(value: str) -> None:
    with pytest.raises(ValueError, match="CHAT_IDLE_TIMEOUT_S"):
        ChatSettings.from_env({"CHAT_IDLE_TIMEOUT_S": value})
