"""Chat settings: defaults, the application's config over the environment, and bad values."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask

from designer_ui.chat.settings import RUNTIME_NAMES, ChatWebSettings, Rate


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


def test_session_limits_come_from_the_environment_and_the_config(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The session limits a host documents reach the engine whether an operator sets them in
    the environment (gunicorn, `designer runtime`) or in the app's config."""
    monkeypatch.setenv("CHAT_MAX_WAITS_PER_BLOCK", "5")
    monkeypatch.setenv("CHAT_MAX_SESSION_S", "20")
    limits = ChatWebSettings.for_app(flask_app(tmp_path)).runtime.session_limits()
    assert (limits.max_waits_per_block, limits.max_duration_s) == (5, 20)
    configured = ChatWebSettings.for_app(flask_app(tmp_path, CHAT_MAX_WAITS_PER_BLOCK=3))
    assert configured.runtime.session_limits().max_waits_per_block == 3


def test_every_runtime_setting_is_gathered() -> None:
    """Each name the chat runtime reads is one the web host passes on."""
    import inspect

    from runtime.chat import config

    read = set(re.findall(r'"((?:CHAT|HTTP|SESSION)_[A-Z_]+)"',
                          inspect.getsource(config.ChatSettings.from_env)))
    assert read and read <= set(RUNTIME_NAMES)
