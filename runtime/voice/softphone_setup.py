"""Checks the voice settings for agents' phones before the pool starts, with clear errors.

Softphones need more than a plain pool: Kamailio's WebSocket, registrar and auth_ephemeral
modules, the rtpengine daemon and a shared secret. Each missing part is named with the Debian
package that provides it, instead of a Kamailio that fails later with a parser error.
"""

from __future__ import annotations

from pathlib import Path

from runtime.voice.rtpengine import INSTALL_HINT, rtpengine_binary, rtpengine_command
from runtime.voice.settings import VoiceSettings
from runtime.voice.softphone_sip import SoftphoneListener, softphone_modules_missing

MIN_SECRET_CHARS = 16
PACKAGES = {"websocket": "kamailio-websocket-modules", "xhttp": "kamailio-extra-modules",
            "auth_ephemeral": "kamailio-autheph-modules"}


class SoftphoneSetupError(RuntimeError):
    """The settings ask for softphones but something they need is missing."""


def softphone_listener(settings: VoiceSettings, mpath: str) -> SoftphoneListener | None:
    """The listener the settings ask for (None when `ws_port` is 0), after checking that
    Kamailio and rtpengine can serve it."""
    if not settings.ws_port:
        return None
    missing = softphone_modules_missing(mpath)
    if missing:
        packages = sorted({PACKAGES.get(name, "kamailio") for name in missing})
        raise SoftphoneSetupError(f"softphones need Kamailio modules {', '.join(missing)} "
                                  f"(apt-get install {' '.join(packages)})")
    if rtpengine_binary() is None:
        raise SoftphoneSetupError(f"softphones need rtpengine ({INSTALL_HINT})")
    if len(settings.softphone_secret) < MIN_SECRET_CHARS:
        raise SoftphoneSetupError(f"softphones need a softphone_secret of at least "
                                  f"{MIN_SECRET_CHARS} characters")
    if settings.wss_port and not settings.sip_tls_port:
        raise SoftphoneSetupError("secure WebSocket (wss_port) needs the TLS listener "
                                  "(sip_tls_port, tls_certificate, tls_private_key)")
    if not 0 < settings.rtpengine_port_min < settings.rtpengine_port_max < 65536:
        raise SoftphoneSetupError("rtpengine_port_min must be below rtpengine_port_max")
    return SoftphoneListener(settings.ws_port, settings.softphone_secret,
                             f"{settings.sip_host}:{settings.rtpengine_ng_port}",
                             settings.wss_port)


def media_relay_command(settings: VoiceSettings, folder: Path) -> list[str]:
    binary = rtpengine_binary()
    if binary is None:
        raise SoftphoneSetupError(f"softphones need rtpengine ({INSTALL_HINT})")
    return rtpengine_command(binary, interface=settings.sip_host,
                             ng_port=settings.rtpengine_ng_port,
                             port_min=settings.rtpengine_port_min,
                             port_max=settings.rtpengine_port_max, folder=folder)
