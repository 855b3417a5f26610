"""Chat settings: defaults, the application's config over the environment, and bad values."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from designer_ui.chat.settings import ChatWebSettings, Rate


def flask_app(tmp_path: Path, **config: object) -> Flask:
    app = Flask("settings-test", instance_path=str(tmp_path))
    app.config.update(config)
    return app


def test_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SESSION_STORE", "HTTP_ALLOWLIST", "CHAT_RATE_IP", "CHAT_TIMER_LOOP"):
        monkeypatch.delenv(name, raising=False)
    settings = ChatWebSettings.for_app(flask_app(tmp_path))
    assert settings.runtime.session_store == str(tmp_path / "chat-sessions.db")
    assert settings.runtime.retention_days == 90 and settings.runtime.idle_timeout_s == 1800
    assert settings.timer_loop == "auto" and not settings.uses_redis
    assert settings.session_rate == Rate(20, 10) and settings.ip_rate == Rate(300, 60)
    assert settings.allowed_origins == ("*",)
    assert ChatWebSettings.for_app(flask_app(tmp_path, TESTING=True)).timer_loop == "off"


def test_config_wins_over_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SESSION_STORE", "redis://127.0.0.1:6379/0?prefix=x:")
    monkeypatch.setenv("HTTP_ALLOWLIST", "10.0.0.0/8")
    monkeypatch.setenv("CHAT_TRANSCRIPT_RETENTION_DAYS", "30")
    settings = ChatWebSettings.for_app(flask_app(
        tmp_path, HTTP_ALLOWLIST="127.0.0.1", CHAT_RATE_IP="off",
        CHAT_ALLOWED_ORIGINS="https://a.example, https://b.example"))
    assert settings.uses_redis and settings.runtime.http_allowlist == "127.0.0.1"
    assert settings.runtime.retention_days == 30 and settings.ip_rate is None
    assert settings.allowed_origins == ("https://a.example", "https://b.example")


@pytest.mark.parametrize(("name", "value"), [("CHAT_RATE_SESSION", "many"),
                                             ("CHAT_RATE_IP", "0/10x"),
                                             ("CHAT_TIMER_LOOP", "sometimes"),
                                             ("CHAT_STREAM_SECONDS", "-1"),
                                             ("CHAT_IDLE_TIMEOUT_S", "soon")])
def test_bad_values_are_named(tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(ValueError, match=name):
        ChatWebSettings.for_app(flask_app(tmp_path, **{name: value}))
