"""The ``serve`` command: the HTTP API and web page over a collection; registered by ``newsbrief.cli``."""

from __future__ import annotations

import ipaddress
import signal
from typing import Any

import click

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


def is_loopback(host: str) -> bool:
    """True for names and addresses that only this machine can reach."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def register(group: click.Group) -> None:
    """Add this module's commands to ``group``."""

    @group.command()
    @click.option(
        "--db",
        "db_path",
        required=True,
        type=click.Path(dir_okay=False),
        help="SQLite collection to serve (created when missing).",
    )
    @click.option(
        "--host",
        default="127.0.0.1",
        show_default=True,
        help="Address to bind. Loopback by default; anything else should have a --token.",
    )
    @click.option(
        "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to bind."
    )
    @click.option(
        "--token",
        envvar="NEWSBRIEF_TOKEN",
        default=None,
        help="Bearer token required for writes (POST /v1/articles). Also read from NEWSBRIEF_TOKEN.",
    )
    @click.option(
        "--words", type=click.IntRange(min=10), default=150, show_default=True, help="Default summary budget."
    )
    def serve(db_path: str, host: str, port: int, token: str | None, words: int) -> None:
        """Serve the collection in DB: the JSON API under /v1 and the web page at /."""
        import uvicorn

        from newsbrief.serve import ServeOptions, create_app

        local = is_loopback(host)
        if not local and not token:
            click.echo(
                f"newsbrief: warning: serving on {host} without --token: anyone who can reach it can add articles",
                err=True,
            )
        # On loopback, accept only loopback Host headers: a web page elsewhere cannot reach this
        # server through DNS rebinding.
        hosts = list(LOOPBACK_NAMES) if local else None
        app = create_app(db_path, token or None, options=ServeOptions(words=words), allowed_hosts=hosts)
        # No access log: a line per request costs more than answering a cached brief. uvicorn picks
        # httptools and uvloop by itself when they are installed (`uvicorn[standard]`), h11 otherwise.
        config = uvicorn.Config(
            app,
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            server_header=False,
            proxy_headers=False,
        )
        server = _server_class()(config, f"newsbrief: serving {db_path} on http://{{}}/ (Ctrl-C stops)")
        server.run()
        if server.interrupted:
            raise KeyboardInterrupt  # the CLI's edge says "interrupted" and exits 130, as `brief` does


def _server_class() -> Any:
    import uvicorn

    class Server(uvicorn.Server):
        """uvicorn's server, which says when it is ready and remembers a Ctrl-C.

        uvicorn stops gracefully on SIGINT and returns as if nothing happened; the CLI wants to
        exit as an interrupted command does. The "serving" line comes once the socket is bound, so
        a script can wait for it (and read the port when it asked for port 0).
        """

        def __init__(self, config: uvicorn.Config, ready: str) -> None:
            super().__init__(config)
            self.ready = ready
            self.interrupted = False

        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets)
            if self.should_exit or not self.servers:
                return
            name = self.servers[0].sockets[0].getsockname()
            host, port = name[0], name[1]
            shown = f"[{host}]" if ":" in host else host
            click.echo(self.ready.format(f"{shown}:{port}"), err=True)

        def handle_exit(self, sig: int, frame: Any) -> None:
            if sig == signal.SIGINT:
                self.interrupted = True
            super().handle_exit(sig, frame)

    return Server
