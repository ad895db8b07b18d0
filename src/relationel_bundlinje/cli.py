"""The ``bundlinje`` command: a click group that only wires the stages together.

Every user-facing failure is a :class:`BundlinjeError` with a Danish message: printed on stderr
with exit code 2, never a traceback. An unexpected error is reported as an internal error
(exit 1); ``--debug`` shows the traceback for developers.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import click

from . import __version__, commands
from .errors import BundlinjeError


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
            click.echo("Afbrudt.", err=True)
            ctx.exit(130)
        except MemoryError:
            click.echo("Fejl: Der var ikke hukommelse nok til at behandle dokumentet.", err=True)
            ctx.exit(2)
        except Exception as err:  # noqa: BLE001 - the last line of defence against a traceback
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(
                f"Intern fejl ({type(err).__name__}): {err}. Kør igen med --debug for detaljer, "
                "og meld gerne fejlen til udviklerne.",
                err=True,
            )
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="bundlinje")
@click.option("--debug", is_flag=True, hidden=True, help="Show tracebacks of internal errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Screen Danish bills for their relational bottom line (relationel bundlinje)."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _register() -> None:
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        main.add_command(module.command)


_register()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
