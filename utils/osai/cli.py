# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The ``osai`` command (built with Typer): ``osai build-labs``, ``osai doctor``."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(
    name="osai",
    help="The Open Source AI lab kit: build labs from solutions, check your set-up.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _folder(path: Path, what: str) -> Path:
    if not path.is_dir():
        typer.echo(f"error: {what} folder not found: {path} (run from the kit's top folder, or pass --{what})", err=True)
        raise typer.Exit(2)
    return path


@app.command("build-labs")
def build_labs_command(
    check: bool = typer.Option(False, "--check", help="Only compare; exit 1 naming notebook and cell when a lab differs."),
    execute: bool = typer.Option(False, "--execute", help="First run each solution and save its outputs."),
    solutions: Path = typer.Option(Path("solutions"), help="Folder of solution notebooks."),
    labs: Path = typer.Option(Path("labs"), help="Folder the labs are written to."),
    only: list[str] = typer.Option([], "--only", help="Lab number(s) to execute and build, e.g. --only 01 (repeatable)."),
) -> None:
    """Generate labs/NN_*.ipynb from solutions/NN_*.ipynb (solutions are the single source)."""
    from osai.build import BuildError, build_labs, execute_notebook, solution_notebooks
    from osai.checks import normalize_lab_id

    _folder(solutions, "solutions")
    try:
        wanted = {normalize_lab_id(number) for number in only}
    except ValueError as error:
        typer.echo(f"error: --only: {error}", err=True)
        raise typer.Exit(2) from None
    try:
        if execute:
            for path in solution_notebooks(solutions):
                if wanted and path.name[:2] not in wanted:
                    continue
                typer.echo(f"executing {path}")
                execute_notebook(path)
        differences = build_labs(solutions, labs, check=check, only=wanted or None)
    except BuildError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    for difference in differences:
        typer.echo(str(difference), err=check)
    if check and differences:
        typer.echo(f"{len(differences)} lab(s) out of step with solutions/: run osai build-labs", err=True)
        raise typer.Exit(1)
    typer.echo("labs are up to date" if check or not differences else f"wrote {len(differences)} lab(s)")


@app.command()
def doctor(
    skip_model: bool = typer.Option(False, "--skip-model", help="Do not load the offline model (saves a few seconds)."),
) -> None:
    """Check Python, packages, the offline model, the shipped data and free memory."""
    from osai.doctor import report

    result = report(load_model=not skip_model)
    typer.echo(str(result))
    raise typer.Exit(0 if result.ok else 1)


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
