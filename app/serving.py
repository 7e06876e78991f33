"""uvicorn's HTTP/1.1 protocol with a deadline for each request's head.

uvicorn (0.3x-0.5x) arms no timer while a request's line and headers are still
coming in: a client that opens a connection and never finishes its headers keeps
it (and its file descriptor) for ever. This protocol closes such a connection when
its head is not complete LANTAI_HEADER_TIMEOUT_SECONDS after the connection opened
or after the previous response ended. The body has its own deadline, in the app
(app.api.middleware.BodyDeadline).
"""

import asyncio
from typing import Any

import h11
from uvicorn.config import Config
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState

from app.config import get_settings


class DeadlineH11Protocol(H11Protocol):
    """H11Protocol that closes a connection whose request head does not arrive in time."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.header_timeout = get_settings().header_timeout_seconds
        self.head_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._watch_head()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch_head()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._watch_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_watching()
        super().connection_lost(exc)

    def _watch_head(self) -> None:
        """Arm the deadline while a request head is awaited (and unanswered); disarm it once it is in."""
        awaiting_head = self.conn.their_state is h11.IDLE and self.conn.our_state is h11.IDLE
        if not awaiting_head:
            self._stop_watching()
        elif self.head_deadline is None:
            self.head_deadline = self.loop.call_later(self.header_timeout, self._head_too_slow)

    def _stop_watching(self) -> None:
        if self.head_deadline is not None:
            self.head_deadline.cancel()
            self.head_deadline = None

    def _head_too_slow(self) -> None:
        self.head_deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.logger.info("closing a connection whose request head took over %ss", self.header_timeout)
            self.transport.close()
