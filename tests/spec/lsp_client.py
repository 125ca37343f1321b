"""A minimal LSP client over stdio, enough to ask yaml-language-server what an editor shows.

Content-Length framing, ``initialize``, the ``yaml`` settings (answered also when
the server asks for them with ``workspace/configuration``), ``didOpen``, then
``publishDiagnostics``, completion and hover.
"""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

SERVER = "yaml-language-server"
TIMEOUT = 60.0


def server_command() -> list[str] | None:
    """The command that starts the server, or None where node or the server is absent."""
    found = shutil.which(SERVER)
    return [found, "--stdio"] if found and shutil.which("node") else None


class LspClient:
    """One server process; ``settings`` is the ``yaml`` section of the editor settings."""

    def __init__(self, command: list[str], root: Path, settings: dict):
        self.settings = settings
        self.proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.inbox: queue.Queue[dict] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.request("initialize", _init_params(root))
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": settings}})

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=5)
            self.notify("exit", None)
            self.proc.wait(timeout=5)
        except (TimeoutError, OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()

    def diagnostics(self, path: Path, text: str) -> list[dict]:
        """Open ``text`` as the document ``path`` and return the diagnostics the server sends."""
        uri = path.as_uri()
        item = {"uri": uri, "languageId": "yaml", "version": 1, "text": text}
        self.notify("textDocument/didOpen", {"textDocument": item})
        message = self._wait(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
            )
        )
        return message["params"]["diagnostics"]

    def completion(self, path: Path, line: int, character: int) -> list[dict]:
        result = self.request("textDocument/completion", _position(path, line, character))
        return result.get("items", []) if isinstance(result, dict) else (result or [])

    def hover(self, path: Path, line: int, character: int) -> str:
        result = self.request("textDocument/hover", _position(path, line, character))
        contents = (result or {}).get("contents", "")
        return contents.get("value", "") if isinstance(contents, dict) else str(contents)

    def request(self, method: str, params: Any, timeout: float = TIMEOUT) -> Any:
        self.next_id += 1
        ident = self.next_id
        self._send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        reply = self._wait(lambda m: m.get("id") == ident and "method" not in m, timeout)
        return reply.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def _wait(self, wanted: Any, timeout: float = TIMEOUT) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{SERVER} sent nothing expected in {timeout:.0f} s")
            try:
                message = self.inbox.get(timeout=left)
            except queue.Empty:
                continue
            if "method" in message and "id" in message:
                self._answer(message)
            elif wanted(message):
                return message

    def _answer(self, message: dict) -> None:
        """Requests from the server: its settings, and acknowledgements of the rest."""
        result: Any = None
        if message["method"] == "workspace/configuration":
            result = [self._section(i.get("section")) for i in message["params"]["items"]]
        self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})

    def _section(self, name: str | None) -> Any:
        if name == "yaml":
            return self.settings
        if name and name.startswith("yaml."):
            return self.settings.get(name.removeprefix("yaml."))
        return None

    def _send(self, message: dict) -> None:
        body = json.dumps(message).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not line:
                return
            self.inbox.put(json.loads(stream.read(length)))


def _init_params(root: Path) -> dict:
    text = {
        "publishDiagnostics": {},
        "completion": {"completionItem": {"documentationFormat": ["plaintext"]}},
        "hover": {"contentFormat": ["plaintext"]},
    }
    return {
        "processId": None,
        "rootUri": root.as_uri(),
        "capabilities": {"textDocument": text, "workspace": {"configuration": True}},
    }


def _position(path: Path, line: int, character: int) -> dict:
    return {
        "textDocument": {"uri": path.as_uri()},
        "position": {"line": line, "character": character},
    }
