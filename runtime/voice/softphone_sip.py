"""Kamailio's part for agents' phones: a WebSocket listener, registration and media relay.

Agents answer calls in the browser (a JsSIP softphone over WebSocket) or on SIP phones. Both
register with the front door as `sip:agent-<username>@<domain>`; a call to such an address is
looked up in the location table and relayed to the registered contact. When either side of the
call is a browser, rtpengine bridges its WebRTC media (ICE, DTLS-SRTP) to the plain RTP/AVP of
the media workers and SIP phones.

Agents authenticate with a short-lived credential the Designer hands to the logged-in agent
(`designer_ui.queues.softphone`): the username is `<expiry unix time>:agent-<username>` and the
password the base64 HMAC-SHA1 of that username under a secret shared with Kamailio, the scheme
Kamailio's auth_ephemeral module checks. Nothing else may register, and only `agent-...`
addresses are served here.

This module only produces configuration text; `runtime.voice.kamailio` splices it in through
small hooks and `runtime.voice.rtpengine` runs the media relay.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SOFTPHONE_MODULES = ("xhttp", "websocket", "nathelper", "usrloc", "registrar", "auth",
                     "auth_ephemeral", "rtpengine")
MAX_REGISTRATION_S = 3600
"""Longest registration Kamailio accepts (a phone asking for more gets this)."""
MAX_CONTACTS_PER_AGENT = 5
"""Phones one agent may have registered at once (a further REGISTER is refused)."""
AGENT_USER = "^agent-[A-Za-z0-9._@+-]{1,64}$"
"""The user part of an agent's address; anything else is not registered nor looked up."""
TO_BROWSER = ("replace-origin replace-session-connection ICE=force RTP/SAVPF SDES-off "
              "rtcp-mux-require generate-mid")
FROM_BROWSER = "replace-origin replace-session-connection ICE=remove RTP/AVP rtcp-mux-demux"


@dataclass(frozen=True, slots=True)
class SoftphoneListener:
    """Agents' phones on the front door: WebSocket (`ws_port`, and `wss_port` with a TLS
    listener) on the front door's host, the auth_ephemeral `secret`, and the rtpengine
    control socket (`rtpengine_ng`, host:port of its ng protocol)."""

    ws_port: int
    secret: str
    rtpengine_ng: str
    wss_port: int = 0


def softphone_modules_missing(mpath: str) -> list[str]:
    """The Kamailio modules the softphone needs that are not installed."""
    return [name for name in SOFTPHONE_MODULES if not Path(mpath, f"{name}.so").exists()]


def softphone_listen(host: str, softphone: SoftphoneListener) -> str:
    """Core settings: TCP on for WebSocket (SIP over TCP itself is never listened on)."""
    lines = [f"listen=tcp:{host}:{softphone.ws_port}", "tcp_accept_no_cl=yes",
             "tcp_connection_lifetime=3605"]
    if softphone.wss_port:
        lines.append(f"listen=tls:{host}:{softphone.wss_port}")
    return "\n".join(lines)


def softphone_modparams(softphone: SoftphoneListener) -> list[str]:
    secret = softphone.secret.replace('"', "")
    return [
        'modparam("usrloc", "db_mode", 0)',
        f'modparam("registrar", "max_expires", {MAX_REGISTRATION_S})',
        f'modparam("registrar", "max_contacts", {MAX_CONTACTS_PER_AGENT})',
        'modparam("registrar", "received_avp", "$avp(RECEIVED)")',
        'modparam("nathelper", "received_avp", "$avp(RECEIVED)")',
        f'modparam("auth_ephemeral", "secret", "{secret}")',
        'modparam("auth_ephemeral", "sha_algorithm", 0)',
        f'modparam("rtpengine", "rtpengine_sock", "udp:{softphone.rtpengine_ng}")',
        'modparam("websocket", "keepalive_mechanism", 1)',
    ]


SOFTPHONE_DEFINES = "#!define BROWSER_MEDIA 5"
"""The transaction flag of a call with a browser on one side (its media goes via rtpengine)."""
SOFTPHONE_REQUEST_HOOK = "    route(SOFTPHONE_REQUEST);\n"
"""Called from request_route after the sanity checks and before dispatching to workers."""

SOFTPHONE_ROUTES = """
event_route[xhttp:request] {{
    set_reply_close();
    set_reply_no_connect();
    if ($Rp != {ws_port} && $Rp != {wss_port}) {{
        xhttp_reply("403", "Forbidden", "", "");
        exit;
    }}
    if ($hdr(Upgrade) =~ "websocket" && $hdr(Connection) =~ "Upgrade" && $rm =~ "GET") {{
        if (ws_handle_handshake()) {{
            exit;
        }}
    }}
    xhttp_reply("404", "Not Found", "", "");
}}

route[SOFTPHONE_REQUEST] {{
    if (nat_uac_test("64")) {{
        force_rport();
        if (is_method("REGISTER")) {{
            fix_nated_register();
        }} else if (!has_totag() && is_method("INVITE")) {{
            add_contact_alias();
        }}
    }}
    if (is_method("REGISTER")) {{
        route(AGENT_REGISTER);
    }}
    if (has_totag()) {{
        if (search("^(Route|route):[^\\r\\n]*;sp=")) {{
            route(SOFTPHONE_IN_DIALOG);
        }}
        if (nat_uac_test("64")) {{
            sl_send_reply("403", "No such call");
            exit;
        }}
        return;
    }}
    if (is_method("INVITE") && $rU =~ "{agent_user}") {{
        route(TO_AGENT);
    }}
    if (nat_uac_test("64") && !is_method("CANCEL")) {{
        sl_send_reply("403", "Browsers only call agents here");
        exit;
    }}
}}

route[AGENT_REGISTER] {{
    if (!($tU =~ "{agent_user}")) {{
        sl_send_reply("403", "Only agent-... addresses register here");
        exit;
    }}
    if (!autheph_check("$td")) {{
        auth_challenge("$td", "0");
        exit;
    }}
    if (!autheph_check_to()) {{
        sl_send_reply("403", "Credential is for another agent");
        exit;
    }}
    consume_credentials();
    if (!save("location")) {{
        sl_reply_error();
    }}
    exit;
}}

route[TO_AGENT] {{
    t_check_trans();
    if (!lookup("location")) {{
        sl_send_reply("480", "Agent not registered");
        exit;
    }}
    dlg_manage();
    record_route();
    if (nat_uac_test("64") || $du =~ "transport=ws" || $ru =~ "transport=ws") {{
        setflag(BROWSER_MEDIA);
        add_rr_param(";sp=ws");
    }} else {{
        add_rr_param(";sp=sip");
    }}
    route(SOFTPHONE_MEDIA);
    t_on_reply("SOFTPHONE_REPLY");
    if (!t_relay()) {{
        sl_reply_error();
    }}
    exit;
}}

route[SOFTPHONE_IN_DIALOG] {{
    if (!loose_route() || !is_known_dlg()) {{
        if (!is_method("ACK")) {{
            sl_send_reply("403", "No such call");
        }}
        exit;
    }}
    handle_ruri_alias();
    if (nat_uac_test("64") && is_method("INVITE")) {{
        add_contact_alias();
    }}
    if (check_route_param("sp=ws")) {{
        setflag(BROWSER_MEDIA);
    }}
    route(SOFTPHONE_MEDIA);
    t_on_reply("SOFTPHONE_REPLY");
    if (is_method("ACK") && !t_check_trans()) {{
        forward();
        exit;
    }}
    t_relay();
    exit;
}}

route[SOFTPHONE_MEDIA] {{
    if (!isflagset(BROWSER_MEDIA)) {{
        return;
    }}
    if (nat_uac_test("64")) {{
        rtpengine_manage("{from_browser}");
    }} else {{
        rtpengine_manage("{to_browser}");
    }}
}}

onreply_route[SOFTPHONE_REPLY] {{
    if (nat_uac_test("64")) {{
        add_contact_alias();
    }}
    if (!isflagset(BROWSER_MEDIA) || !has_body("application/sdp")) {{
        return;
    }}
    if (nat_uac_test("64")) {{
        rtpengine_manage("{from_browser}");
    }} else {{
        rtpengine_manage("{to_browser}");
    }}
}}
"""


def softphone_routes(softphone: SoftphoneListener) -> str:
    return SOFTPHONE_ROUTES.format(ws_port=softphone.ws_port,
                                   wss_port=softphone.wss_port or softphone.ws_port,
                                   agent_user=AGENT_USER, to_browser=TO_BROWSER,
                                   from_browser=FROM_BROWSER)
