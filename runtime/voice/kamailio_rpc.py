"""Talking to the pool's Kamailio at run time: JSON-RPC over a Unix datagram socket.

The supervisor changes Kamailio's state while calls run: it opens and closes the door for new
calls (the `admission` hash table), takes a dead worker out of the dispatcher at once, and ends
the dialogs of a worker that died so their callers get a BYE. Kamailio's jsonrpcs module
listens on a socket file in the instance folder (only processes that may write there can use
it); each request is one datagram and its answer comes back to the client's own socket file.
"""

from __future__ import annotations

import itertools
import json
import os
import socket
import tempfile
import uuid
from pathlib import Path
from typing import Any

MAX_ANSWER_BYTES = 1 << 20
"""Largest RPC answer read (a dialog list of a few thousand calls fits)."""
_ids = itertools.count(1)


class KamailioRpcError(RuntimeError):
    """Kamailio did not answer, or answered with an error."""


def kamailio_rpc(socket_path: Path, method: str, *params: Any, timeout_s: float = 1.0) -> Any:
    """Call `method` with positional `params`; its `result` (None when it has none)."""
    request = {"jsonrpc": "2.0", "method": method, "params": list(params), "id": next(_ids)}
    client_path = Path(tempfile.gettempdir(), f"kamrpc-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(str(client_path))
        try:
            sock.settimeout(timeout_s)
            sock.sendto(json.dumps(request).encode(), str(socket_path))
            data = sock.recv(MAX_ANSWER_BYTES)
        except OSError as exc:
            raise KamailioRpcError(f"{method}: no answer from Kamailio ({exc})") from exc
        finally:
            client_path.unlink(missing_ok=True)
    try:
        answer = json.loads(data)
    except ValueError as exc:
        raise KamailioRpcError(f"{method}: unreadable answer") from exc
    if not isinstance(answer, dict):
        raise KamailioRpcError(f"{method}: unreadable answer")
    if "error" in answer:
        raise KamailioRpcError(f"{method}: {answer['error']}")
    return answer.get("result")
