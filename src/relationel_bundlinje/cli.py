"""The ``bundlinje`` command: a click group that only wires the stages together.

Everything a user reads is Danish: our own help and messages, and click's (usage errors, "Aborted!",
"--help") through a small catalogue installed before the commands are built. Every user-facing
failure is a ``BundlinjeError``: printed as "Fejl: …" on stderr with exit code 2, never a
traceback. Ctrl-C ends with "Afbrudt." and 130, a closed pipe (``bundlinje schema | head``) ends
quietly, and an unexpected error is reported as an internal error (exit 1; ``--debug`` shows it).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys

import click

from . import __version__, commands
from .errors import BundlinjeError

#: click's messages in Danish (msgid -> text); anything not here stays as click writes it.
DANISH: dict[str, str] = {
    "Show this message and exit.": "Vis denne hjælp og afslut.",
    "Show the version and exit.": "Vis versionen og afslut.",
    "Usage:": "Brug:",
    "Options": "Tilvalg",
    "Commands": "Kommandoer",
    "Positional arguments": "Argumenter",
    "Aborted!": "Afbrudt.",
    "Error: {message}": "Fejl: {message}",
    "Try '{command} {option}' for help.": "Se '{command} {option}' for hjælp.",
    "Missing argument": "Argument mangler",
    "Missing option": "Tilvalg mangler",
    "Missing parameter": "Parameter mangler",
    "Missing command.": "Angiv en kommando.",
    "Missing {param_type}": "{param_type} mangler",
    "Missing parameter: {param_name}": "Parameter mangler: {param_name}",
    "No such command {name!r}.": "Kommandoen {name!r} findes ikke.",
    "No such option {name!r}.": "Tilvalget {name!r} findes ikke.",
    "Option {name!r} does not take a value.": "Tilvalget {name!r} tager ingen værdi.",
    "Invalid value for {param_hint}: {message}": "Ugyldig værdi for {param_hint}: {message}",
    "Invalid value: {message}": "Ugyldig værdi: {message}",
    "Argument {name!r} takes {nargs} values.": "Argumentet {name!r} tager {nargs} værdier.",
    "{value!r} is not a valid {number_type}.": "{value!r} er ikke et gyldigt {number_type}.",
    "{value} is not in the range {range}.": "{value} er ikke i intervallet {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} findes ikke.",
    "{name} {filename!r} is a file.": "{name} {filename!r} er en fil, ikke en mappe.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} er en mappe, ikke en fil.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} kan ikke læses.",
    "{name} {filename!r} is not writable.": "Der kan ikke skrives til {name} {filename!r}.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} kan ikke udføres.",
    "Could not open file {filename!r}: {message}": "Filen {filename!r} kan ikke åbnes: {message}",
    "file": "fil",
    "directory": "mappe",
    "path": "sti",
    "default: {default}": "standard: {default}",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "Choose from:\n\t{choices}": "Vælg mellem:\n\t{choices}",
    "{value!r} is not {choice}.": "{value!r} er ikke {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} er ikke en af {choices}.",
    "Got unexpected extra argument ({args})": "Uventet ekstra argument ({args})",
    "Got unexpected extra arguments ({args})": "Uventede ekstra argumenter ({args})",
    "Error: invalid input": "Fejl: ugyldigt svar",
    "Repeat for confirmation": "Gentag for at bekræfte",
    "Do you want to continue?": "Vil du fortsætte?",
    "integer": "heltal",
    "float": "decimaltal",
    "unknown error": "ukendt fejl",
    "Did you mean {possibility}?": "Mente du {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Mente du en af: {possibilities}?)",
    "Extra arguments ({args})": "Ekstra argumenter ({args})",
}


def _gettext(message: str) -> str:
    return DANISH.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


def install_danish() -> None:
    """Put the catalogue in place of gettext in click's modules (they bind ``_`` at import)."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.termui
    import click.types
    import click.utils

    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.termui, click.types, click.utils):
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]
    # Number types name themselves in messages ("'abc' er ikke et gyldigt heltal.") and in the
    # help's metavar (HELTAL); click keeps those names as class attributes, not in its catalogue.
    for cls, name in ((click.types.IntParamType, "heltal"), (click.types.IntRange, "heltal"),
                      (click.types.FloatParamType, "decimaltal"), (click.types.FloatRange, "decimaltal")):
        cls.name = name


install_danish()


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BundlinjeError as err:
            click.echo(f"Fejl: {err}", err=True)
            ctx.exit(err.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("\nAfbrudt.", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            _quiet_pipe()
            ctx.exit(0)
        except MemoryError:
            click.echo("Fejl: Der var ikke hukommelse nok til at behandle dokumentet.", err=True)
            ctx.exit(2)
        except Exception as err:  # noqa: BLE001 - the last line of defence against a traceback
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(
                f"Intern fejl ({type(err).__name__}). Kør igen med --debug for detaljer, og meld gerne fejlen til udviklerne.",
                err=True,
            )
            ctx.exit(1)

    def main(self, *args, **kwargs):
        try:
            return super().main(*args, **kwargs)
        except BrokenPipeError:
            _quiet_pipe()
            sys.exit(0)


def _quiet_pipe() -> None:
    # Python flushes stdout at exit and would complain a second time: point it at /dev/null.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


def _safe_streams() -> None:
    """A terminal or pipe that cannot show "–" or "»" gets a replacement, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[attr-defined]
        except (AttributeError, ValueError):
            pass


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="bundlinje")
@click.option("--debug", is_flag=True, hidden=True, help="Vis hele fejlen ved interne fejl.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Screen danske lovforslag og love for deres relationelle bundlinje: gør en bestemmelse det
    sværere eller lettere for de mennesker, den berører, at danne og bevare relationer?"""
    _safe_streams()
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _danish_usage(command: click.Command) -> None:
    command.options_metavar = "[TILVALG]"
    if isinstance(command, click.Group):
        command.subcommand_metavar = "KOMMANDO [ARGUMENTER]..."
        for sub in command.commands.values():
            _danish_usage(sub)
    for param in command.params:
        if isinstance(param, click.Argument) and param.metavar is None:
            param.metavar = {"files": "FIL...", "file": "FIL", "folder": "MAPPE", "model": "MODEL"}.get(param.name or "", None)


def _register() -> None:
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        main.add_command(module.command)
    _danish_usage(main)


_register()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
