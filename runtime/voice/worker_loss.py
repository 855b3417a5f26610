"""What the supervisor does when a media worker dies with calls up.

Its callers would otherwise hear dead air, and their BYE would later get 481: the supervisor
takes the worker out of Kamailio's dispatcher at once (its probes bring the restarted worker
back), asks Kamailio's dialog module to end every dialog that worker answered (a BYE to each
caller), and writes the calls' records and analytics session ends from the worker's journal
(`runtime.voice.call_journal`). Each part runs even when another one fails.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from runtime.voice.analytics import open_analytics_sink
from runtime.voice.call_journal import journal_folder, settle_lost_calls
from runtime.voice.cdr import open_cdr_store
from runtime.voice.kamailio_rpc import KamailioRpcError, kamailio_rpc
from runtime.voice.settings import VoiceSettings

log = logging.getLogger(__name__)
MAX_ENDED_DIALOGS = 1000
"""Dialogs ended per dead worker at most (a worker holds 4 calls; this only bounds the cost of
a corrupt answer)."""


def dialog_handles(listing: Any) -> list[tuple[int, int]]:
    """(h_entry, h_id) of every dialog in a `dlg.profile_list` / `dlg.list` answer."""
    found: list[tuple[int, int]] = []

    def walk(node: Any) -> None:
        if len(found) >= MAX_ENDED_DIALOGS:
            return
        if isinstance(node, dict):
            if isinstance(node.get("h_entry"), int) and isinstance(node.get("h_id"), int):
                found.append((node["h_entry"], node["h_id"]))
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(listing)
    return list(dict.fromkeys(found))


def end_worker_dialogs(rpc_socket: Path, worker_address: str) -> int:
    """Take the worker out of rotation and end its dialogs; how many were ended."""
    try:
        kamailio_rpc(rpc_socket, "dispatcher.set_state", "ip", 1, f"sip:{worker_address}")
    except KamailioRpcError as exc:
        log.warning("voice: could not take %s out of rotation: %s", worker_address, exc)
    try:
        listing = kamailio_rpc(rpc_socket, "dlg.profile_list", "worker", worker_address)
    except KamailioRpcError as exc:
        log.error("voice: could not list the dialogs of %s: %s", worker_address, exc)
        return 0
    ended = 0
    for entry, hash_id in dialog_handles(listing):
        try:
            kamailio_rpc(rpc_socket, "dlg.end_dlg", entry, hash_id)
            ended += 1
        except KamailioRpcError as exc:  # the caller hung up meanwhile
            log.info("voice: dialog %s:%s of %s not ended: %s", entry, hash_id,
                     worker_address, exc)
    return ended


def record_lost_calls(settings: VoiceSettings, index: int) -> int:
    """Call records (`worker_lost`) and session ends for the journal of worker `index`."""
    folder = journal_folder(settings.instance, index)
    if not folder.is_dir() or not any(folder.iterdir()):
        return 0
    cdrs = open_cdr_store(settings.cdr_path)
    analytics = open_analytics_sink(settings.analytics_path)
    try:
        return settle_lost_calls(folder, cdrs, analytics, time.time())
    finally:
        cdrs.close()
        analytics.close()


def worker_lost(settings: VoiceSettings, index: int, rpc_socket: Path | None) -> None:
    address = f"{settings.worker_host}:{settings.worker_sip_port(index)}"
    if rpc_socket is not None:
        ended = end_worker_dialogs(rpc_socket, address)
        log.warning("voice: ended %d dialogs of the dead worker %d", ended, index)
    try:
        recorded = record_lost_calls(settings, index)
    except Exception:
        log.exception("voice: the lost calls of worker %d were not recorded", index)
        return
    if recorded:
        log.warning("voice: recorded %d calls lost with worker %d", recorded, index)
