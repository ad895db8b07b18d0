"""``bundlinje serve``: the local web page for lawyers who never open a terminal."""

from __future__ import annotations

import ipaddress
import re
import secrets
import socket
import sys
import threading
import time
from pathlib import Path

import click

DEFAULT_PORT = 8765
_TOKEN = re.compile(r"[A-Za-z0-9._~-]{8,200}")


def loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command("serve")
@click.option("--host", metavar="ADRESSE", default="127.0.0.1", show_default=True,
              help="Adressen, siden lytter på. Kun adresser på denne computer (127.0.0.1, localhost, ::1).")
@click.option("--port", metavar="PORT", type=click.IntRange(1, 65535), default=DEFAULT_PORT, show_default=True, help="Porten.")
@click.option("--token", metavar="NØGLE", help="Adgangsnøgle til siden (standard: en ny tilfældig nøgle ved hver start).")
@click.option("--reviews", type=click.Path(dir_okay=False, path_type=Path), default=Path("reviews.jsonl"),
              show_default=True, help="Fil, som juristens vurderinger af bestemmelserne gemmes i.")
@click.option("--workers", metavar="ANTAL", type=click.IntRange(1, 16), default=2, show_default=True,
              help="Antal screeninger, der højst kører på samme tid.")
def command(host: str, port: int, token: str | None, reviews: Path, workers: int) -> None:
    """Start den lokale side: upload et lovforslag, se fundene, besvar spørgsmålene, og hent afsnittet.

    Siden kører kun på denne computer og henter intet fra nettet. Åbn den adresse, der vises;
    den indeholder en adgangsnøgle, som siden kræver.
    """
    from ..errors import BundlinjeError

    started = time.perf_counter()
    try:
        import uvicorn

        from ..web.app import Settings, create_app
    except ImportError:
        raise BundlinjeError(
            "Den lokale side kræver de ekstra pakker til web (Starlette, uvicorn, Jinja2 og python-multipart). "
            "Installér dem med: pip install \"relationel-bundlinje[web]\"."
        ) from None
    if not loopback(host):
        raise BundlinjeError(
            f"Siden kan kun køre på denne computer, ikke på adressen {host}. Brug 127.0.0.1, localhost eller ::1."
        )
    if token is not None and not _TOKEN.fullmatch(token):
        raise BundlinjeError("Adgangsnøglen skal være 8-200 tegn: bogstaver a-z og A-Z, tal og tegnene . _ ~ -.")
    if reviews.exists() and reviews.is_dir():
        raise BundlinjeError(f"{reviews} er en mappe. Angiv en fil til vurderingerne med --reviews.")
    if not (reviews.parent if str(reviews.parent) else Path(".")).is_dir():
        raise BundlinjeError(f"Mappen til vurderingsfilen {reviews} findes ikke.")
    key = token or secrets.token_urlsafe(24)
    settings = Settings(token=key, port=port, host=host, reviews=reviews.resolve(), workers=workers)
    app = create_app(settings)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/?token={key}"
    sock = _bind(host, port, shown)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on", server_header=False)
    server = uvicorn.Server(config)

    def announce() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.01)
        if server.started:
            click.echo(f"Relationel bundlinje kører på {url}")
            click.echo(f"Klar efter {_seconds(time.perf_counter() - started)}. Vurderinger gemmes i {settings.reviews}.")
            click.echo("Åbn adressen i din browser. Stop siden med Ctrl+C.")
            sys.stdout.flush()

    threading.Thread(target=announce, daemon=True).start()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    click.echo("Siden er stoppet.")


def _bind(host: str, port: int, shown: str) -> socket.socket:
    """The listening socket, bound here so a busy port is a Danish message, not uvicorn's."""
    from ..errors import BundlinjeError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as err:
        sock.close()
        reason = "porten er allerede i brug" if err.errno in (98, 48, 10048) else (err.strerror or str(err))
        raise BundlinjeError(f"Siden kan ikke startes på {shown}:{port} ({reason}). Vælg en anden port med --port.") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _seconds(value: float) -> str:
    return f"{value:.1f} s".replace(".", ",")
