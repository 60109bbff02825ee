"""The ``serve`` command: the HTTP API and web page over a collection; registered by ``newsbrief.cli``."""

from __future__ import annotations

import ipaddress
import signal
from typing import Any

import click

from newsbrief.cli_types import collection_file

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


def is_loopback(host: str) -> bool:
    """True for names and addresses that only this machine can reach."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_address(host: str, port: int) -> None:
    """Raise ``ConfigError`` saying why ``host``:``port`` cannot be served on: a name that does not
    resolve, an address this machine does not have, a port in use or reserved. Binds a socket
    and closes it at once (uvicorn binds again, with SO_REUSEADDR as here)."""
    import socket

    from newsbrief.errors import ConfigError

    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except (socket.gaierror, UnicodeError) as exc:
        raise ConfigError(f"cannot serve on {host}: {getattr(exc, 'strerror', None) or exc}") from exc
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise ConfigError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from exc


def register(group: click.Group) -> None:
    """Add this module's commands to ``group``."""

    @group.command()
    @click.option(
        "--db",
        "db_path",
        required=True,
        type=collection_file(),
        help="SQLite collection to serve (created when missing).",
    )
    @click.option(
        "--host",
        default="127.0.0.1",
        show_default=True,
        help="Address to bind. Loopback by default; anything else needs --token (or --insecure).",
    )
    @click.option(
        "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to bind."
    )
    @click.option(
        "--token",
        envvar="NEWSBRIEF_TOKEN",
        default=None,
        help="Bearer token required for writes and model work (POST /v1/articles, POST /v1/brief). "
        "Also read from NEWSBRIEF_TOKEN.",
    )
    @click.option(
        "--insecure",
        is_flag=True,
        help="Allow binding beyond loopback without --token: anyone who can reach it can add articles.",
    )
    @click.option(
        "--words", type=click.IntRange(min=10), default=150, show_default=True, help="Default summary budget."
    )
    @click.option(
        "--read-timeout",
        type=click.FloatRange(min=0.1),
        default=30.0,
        show_default=True,
        help="Seconds a request (head and body) may take to arrive; a slower one gets 408.",
    )
    @click.option(
        "--max-connections",
        type=click.IntRange(min=1),
        default=512,
        show_default=True,
        help="Open connections at most; one more gets 503.",
    )
    @click.option(
        "--warm/--no-warm",
        default=True,
        show_default=True,
        help="Load the models at start-up, or on the first brief (saves ~1 GB until one is asked for).",
    )
    def serve(
        db_path: str,
        host: str,
        port: int,
        token: str | None,
        insecure: bool,
        words: int,
        read_timeout: float,
        max_connections: int,
        warm: bool,
    ) -> None:
        """Serve the collection in DB: the JSON API under /v1 and the web page at /."""
        import uvicorn

        from newsbrief.serve import ServeOptions, create_app, open_collection
        from newsbrief.serve.protocol import protocol_class

        local = is_loopback(host)
        if not local and not token and not insecure:
            raise click.UsageError(
                f"--host {host} is reachable from other machines: give --token (or NEWSBRIEF_TOKEN), "
                "or --insecure to serve it without one"
            )
        check_address(host, port)  # one line now, not uvicorn's log line and exit status 3
        if not local and not token:
            click.echo(
                f"newsbrief: warning: serving on {host} without --token: anyone who can reach it can add articles",
                err=True,
            )
        # Refused now, with the file named, rather than on the first request (StoreError → one line).
        collection = open_collection(db_path)
        # On loopback, accept only loopback Host headers: a web page elsewhere cannot reach this
        # server through DNS rebinding.
        hosts = list(LOOPBACK_NAMES) if local else None
        options = ServeOptions(words=words, warm_model=warm)
        app = create_app(db_path, token or None, options=options, allowed_hosts=hosts, collection=collection)
        # No access log: a line per request costs more than answering a cached brief. The protocol is
        # uvicorn's h11 one with a request deadline and a connection limit (``serve.protocol``).
        config = uvicorn.Config(
            app,
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            server_header=False,
            proxy_headers=False,
            http=protocol_class(read_timeout, max_connections),
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
