"""A minimal HTTP receiver on 127.0.0.1 for the delivery benchmarks: it answers every request 200 at once, so the
measurement is of the sender. Runs in its own process."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping

RECEIVER = r"""
import asyncio
RESPONSE = b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\n\r\nok"
class Hook(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport, self.buffer = transport, b""
    def data_received(self, data):
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head, length = self.buffer[:end].lower(), 0
            at = head.find(b"content-length:")
            if at >= 0:
                length = int(head[at + 15:].split(b"\r\n", 1)[0])
            if len(self.buffer) < end + 4 + length:
                return
            self.buffer = self.buffer[end + 4 + length:]
            self.transport.write(RESPONSE)
async def main():
    server = await asyncio.get_running_loop().create_server(Hook, "127.0.0.1", 0, backlog=1024)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()
asyncio.run(main())
"""


def start_receiver(env: Mapping[str, str] | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """The receiver process and its URL (`http://127.0.0.1:PORT/hook`); SystemExit if it does not start."""
    process = subprocess.Popen([sys.executable, "-c", RECEIVER], env=env, stdout=subprocess.PIPE)
    assert process.stdout is not None
    line = process.stdout.readline().decode().strip()
    if not line.isdigit():
        process.kill()
        process.wait()
        raise SystemExit("the loopback receiver did not start")
    return process, f"http://127.0.0.1:{line}/hook"
