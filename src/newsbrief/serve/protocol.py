"""The HTTP/1.1 connection as ``serve`` runs it: uvicorn's h11 protocol with a request deadline, a
connection limit, and JSON for the errors uvicorn answers itself.

uvicorn times out only idle keep-alive connections: a client that sends half a request line, or a
header every few seconds, or a body a byte at a time, holds its connection (and a task) for as long
as it likes. Here every request must arrive whole, head and body, within ``read_timeout`` seconds
of the connection opening or of the previous response; otherwise it gets 408 and the connection
is closed. A connection beyond ``max_connections`` gets 503 at once. uvicorn's own answers (400 for
a request h11 cannot parse, uvicorn's ``limit_concurrency`` 503) are text/plain, so they are
replaced by the server's JSON error shape. The pure-Python h11 parser is uvicorn's default here
(``uvicorn[standard]``'s httptools is not a dependency).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol


def raw_error(status: int, reason: str, code: str, message: str, extra: str = "") -> bytes:
    """A whole HTTP/1.1 error response that closes the connection, in the server's JSON shape."""
    body = json.dumps({"error": {"status": status, "code": code, "message": message}}).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n{extra}"
        "x-content-type-options: nosniff\r\n\r\n"
    )
    return head.encode("latin-1") + body


def protocol_class(read_timeout: float, max_connections: int) -> type[asyncio.Protocol]:
    """uvicorn's h11 protocol with these limits (uvicorn takes a protocol class, not an instance)."""

    class Protocol(_TimedH11):
        pass

    Protocol.read_timeout = read_timeout
    Protocol.max_connections = max_connections
    return Protocol


class _TimedH11(H11Protocol):
    read_timeout = 30.0
    max_connections = 512
    _deadline: asyncio.TimerHandle | None = None
    _refused = False

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        self._arm()
        if len(self.connections) > self.max_connections:
            # Answer, then half-close: closing outright with the request unread would send a reset,
            # and the client would lose the answer. What it sends is dropped until the deadline.
            self._refused = True
            message = "too many connections; retry shortly"
            transport.write(raw_error(503, "Service Unavailable", "busy", message, "retry-after: 1\r\n"))
            if transport.can_write_eof():
                transport.write_eof()

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.read_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self._refused:
            self.transport.close()
            return
        # Nothing of a response has been sent (the request is incomplete), so a whole one can be.
        if self.conn.our_state in (h11.IDLE, h11.SEND_RESPONSE):
            message = f"the request did not arrive within {self.read_timeout:g} s"
            self.transport.write(raw_error(408, "Request Timeout", "timeout", message))
        self.transport.close()

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return
        super().data_received(data)
        cycle = self.cycle
        # the whole request is in: the deadline is over until the response is sent
        if cycle is not None and not cycle.more_body and not cycle.response_complete:
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        cycle = self.cycle  # a pipelined request may already be in, whole
        if not self.transport.is_closing() and (cycle is None or cycle.response_complete or cycle.more_body):
            self._arm()  # the next request on this connection has its own deadline

    def eof_received(self) -> None:
        if self._refused:  # the client read the answer and closed its side: done
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        self._disarm()
        self.transport.write(raw_error(400, "Bad Request", "bad_request", "invalid HTTP request"))
        self.transport.close()
