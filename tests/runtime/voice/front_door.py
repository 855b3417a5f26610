"""A real Kamailio from `kamailio_config` in front of stub workers (UDP sockets), for the front
door's routing and filtering tests: the stubs answer OPTIONS probes and INVITEs and record every
request that reaches them, so a test can tell what Kamailio delivered and where.
"""

from __future__ import annotations

import socket
import subprocess
import threading
import time
import uuid
from pathlib import Path

from runtime.voice.kamailio import (
    FloodLimit,
    TlsListener,
    dispatcher_list,
    kamailio_binary,
    kamailio_command,
    kamailio_config,
    module_dir,
)
from runtime.voice.supervisor import sip_ping


class StubWorker:
    """Answers OPTIONS and INVITE with 200 (and other requests with 200 too; INVITEs with
    `invite_status` when given, e.g. a full worker's 486); keeps what came."""

    def __init__(self, port: int, invite_status: str = "200 OK") -> None:
        self.port = port
        self.invite_status = invite_status
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", port))
        self.sock.settimeout(0.1)
        self.received: list[str] = []
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while self.running:
            try:
                data, source = self.sock.recvfrom(65535)
            except TimeoutError:
                continue
            except OSError:
                return
            text = data.decode("utf-8", "replace")
            if text.startswith("SIP/2.0"):
                continue
            self.received.append(text)
            if text.startswith("INVITE "):
                self.sock.sendto(reply_to(text, self.invite_status,
                                          f"sip:w@127.0.0.1:{self.port}"), source)
            elif not text.startswith(("ACK ", "OPTIONS ")):
                self.sock.sendto(reply_to(text, "200 OK", f"sip:w@127.0.0.1:{self.port}"),
                                 source)
            elif text.startswith("OPTIONS "):
                self.sock.sendto(reply_to(text, "200 OK"), source)

    def methods(self) -> list[str]:
        return [text.split(" ", 1)[0] for text in self.received]

    def close(self) -> None:
        self.running = False
        self.thread.join(2)
        self.sock.close()


def reply_to(request: str, status: str, contact: str | None = None) -> bytes:
    head = request.split("\r\n\r\n", 1)[0].split("\r\n")[1:]
    copied = [line for line in head if line.split(":", 1)[0].lower() in
              ("via", "from", "to", "call-id", "cseq", "record-route")]
    copied = [line + (";tag=stub" if line.lower().startswith("to:") and "tag=" not in line
                      else "") for line in copied]
    if contact:
        copied.append(f"Contact: <{contact}>")
    return ("\r\n".join([f"SIP/2.0 {status}", *copied, "Content-Length: 0"]) + "\r\n\r\n"
            ).encode()


class FrontDoor:
    """Kamailio on `port` dispatching to stub workers on `port+10`, `port+11`."""

    def __init__(self, folder: Path, port: int, *, workers: int = 2,
                 flood: FloodLimit | None = None, tls: TlsListener | None = None,
                 invite_status: str = "200 OK") -> None:
        self.port = port
        self.workers = [StubWorker(port + 10 + index, invite_status) for index in range(workers)]
        listing = folder / "dispatcher.list"
        listing.write_text(dispatcher_list([("127.0.0.1", w.port) for w in self.workers]))
        config = folder / "kamailio.cfg"
        config.write_text(kamailio_config(host="127.0.0.1", port=port, list_file=listing,
                                          mpath=str(module_dir()), probe_s=1, flood=flood,
                                          tls=tls))
        self.log = (folder / "kamailio.log").open("wb")
        self.process = subprocess.Popen(kamailio_command(str(kamailio_binary()), config, folder),
                                        stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        deadline = time.monotonic() + 20
        while not sip_ping("127.0.0.1", port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise AssertionError((folder / "kamailio.log").read_text()[-3000:])
            time.sleep(0.1)

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
        self.log.close()
        for worker in self.workers:
            worker.close()


def request(method: str, ruri: str, *, local_port: int, to_tag: bool = True,
            drop: tuple[str, ...] = (), extra: tuple[str, ...] = (), body: str = "") -> bytes:
    """A SIP request from 127.0.0.1:`local_port`, with `drop` headers left out."""
    tag = uuid.uuid4().hex[:8]
    headers = [("Via", f"SIP/2.0/UDP 127.0.0.1:{local_port};branch=z9hG4bK{tag}"),
               ("From", f"<sip:caller@127.0.0.1:{local_port}>;tag={tag}"),
               ("To", "<sip:18005550100@127.0.0.1>" + (";tag=worker1" if to_tag else "")),
               ("Call-ID", f"{tag}@front-door"), ("CSeq", f"2 {method}"),
               ("Max-Forwards", "70"), ("Content-Length", str(len(body)))]
    lines = [f"{method} {ruri} SIP/2.0"]
    lines += [f"{name}: {value}" for name, value in headers if name not in drop]
    lines += list(extra)
    return ("\r\n".join(lines) + "\r\n\r\n" + body).encode()


def exchange(data: bytes, port: int, *, local_port: int, host: str = "127.0.0.1",
             wait_s: float = 1.5) -> str | None:
    """Send one datagram from (`host`, `local_port`) and return the first final answer."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((host, local_port))
        sock.settimeout(wait_s)
        sock.sendto(data, ("127.0.0.1", port))
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            try:
                answer = sock.recv(65535).decode("utf-8", "replace")
            except TimeoutError:
                return None
            if not answer.startswith("SIP/2.0 1"):
                return answer
    return None
