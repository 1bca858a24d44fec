# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The ``osai`` command (built with Typer): ``osai build-labs``, ``osai new-exercise``, ``osai doctor``,
``osai grade``, ``osai classroom-template`` and ``osai classroom-report``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from osai.grading import GradeSettings

app = typer.Typer(
    name="osai",
    help="The Open Source AI lab kit: build labs from solutions, check your set-up, grade a class.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _fail(message: str) -> NoReturn:
    """Say what went wrong (and what was expected) on stderr and exit with status 2."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _folder(path: Path, what: str) -> Path:
    if not path.is_dir():
        _fail(f"{what} folder not found: {path} (run from the kit's top folder, or pass --{what})")
    return path


@app.command("build-labs")
def build_labs_command(
    check: bool = typer.Option(False, "--check", help="Only compare; exit 1 naming notebook and cell when a lab differs."),
    execute: bool = typer.Option(False, "--execute", help="First run each solution and save its outputs."),
    solutions: Path = typer.Option(Path("solutions"), help="Folder of solution notebooks."),
    labs: Path = typer.Option(Path("labs"), help="Folder the labs are written to."),
    only: list[str] = typer.Option([], "--only", help="Lab number(s) to execute and build, e.g. --only 01 (repeatable)."),
    for_: str = typer.Option("", "--for", help="'otter': write otter-assign master notebooks to OUT instead of labs."),
    out: Path = typer.Argument(None, help="With --for otter: the folder the master notebooks go to."),
) -> None:
    """Generate labs/NN_*.ipynb from solutions/NN_*.ipynb (solutions are the single source)."""
    from osai.build import BuildError, build_labs, execute_notebook, solution_notebooks
    from osai.checks import normalize_lab_id

    _folder(solutions, "solutions")
    try:
        wanted = {normalize_lab_id(number) for number in only}
    except ValueError as error:
        _fail(f"--only: {error}")
    if for_ or out is not None:
        _export_for(for_, out, solutions, wanted or None, check or execute)
        return
    try:
        if execute:
            for path in solution_notebooks(solutions):
                if wanted and path.name[:2] not in wanted:
                    continue
                typer.echo(f"executing {path}")
                execute_notebook(path)
        differences = build_labs(solutions, labs, check=check, only=wanted or None)
    except BuildError as error:
        _fail(str(error))
    for difference in differences:
        typer.echo(str(difference), err=check)
    if check and differences:
        typer.echo(f"{len(differences)} file(s) out of step with solutions/ or [tool.osai.course]: run osai build-labs", err=True)
        raise typer.Exit(1)
    typer.echo("labs are up to date" if check or not differences else f"wrote {len(differences)} file(s)")


@app.command("new-exercise")
def new_exercise_command(
    lab: str = typer.Argument(..., help="Lab number, e.g. 03."),
    qid: str = typer.Argument(..., help="The new exercise's id, e.g. q10."),
    points: int = typer.Option(..., "--points", help="Points of the exercise (declared once: verifier and check cell)."),
    kind: str = typer.Option("value", "--kind", help="value (the student sets a variable) or function (writes one)."),
    after: str = typer.Option(None, "--after", help="Cell id to add the exercise after (default: before Key points)."),
    answer: str = typer.Option(None, "--answer", help="The solution's answer as a Python literal, e.g. 12 or \"'MIT'\": stored as a fingerprint."),
    wrong: str = typer.Option(None, "--wrong", help="A wrong answer (Python literal) for the exercise's test (default: None)."),
    name: str = typer.Option(None, "--name", help="Name of the answer variable or function (default: answer_qN or solve_qN)."),
    root: Path = typer.Option(Path("."), "--root", help="The kit's top folder."),
) -> None:
    """Add an auto-checked exercise: prompt, answer and check cells, verifier stub and its test; nothing overwritten."""
    from osai.scaffold import ScaffoldError, new_exercise

    try:
        made = new_exercise(root, lab, qid, points, kind, after, answer, wrong, name)
    except ScaffoldError as error:
        _fail(str(error))
    for path in made.changed:
        typer.echo(f"changed {path}")
    typer.echo("still to write:\n" + "\n".join(f"  - {item}" for item in made.todo))
    typer.echo(f"then: osai build-labs --execute --only {made.lab}, and the lab's tests "
               f"(pytest tests/exercises/test_lab{made.lab}.py)")


def _export_for(tool: str, out: Path | None, solutions: Path, only: set[str] | None, other_mode: bool) -> None:
    """``build-labs --for otter OUT``: the otter-assign master notebooks (osai.otter_export)."""
    from osai.build import BuildError
    from osai.written import WrittenError

    if tool != "otter":
        _fail(f"--for: expected 'otter', got {tool!r}" if tool else "OUT is only taken with --for otter")
    if out is None or other_mode:
        _fail("--for otter takes a folder OUT and neither --check nor --execute: osai build-labs --for otter OUT")
    from osai.otter_export import export_otter

    try:
        written = export_otter(solutions, out, only=only)
    except (BuildError, WrittenError) as error:
        _fail(str(error))
    for path in written:
        typer.echo(f"wrote {path}")
    typer.echo(f"wrote {len(written)} otter master notebook(s); next: otter assign {out}/NN_name.ipynb DIST")


@app.command()
def doctor(
    skip_model: bool = typer.Option(False, "--skip-model", help="Do not load the offline model (saves a few seconds)."),
) -> None:
    """Check Python, packages, the offline model, the shipped data and free memory."""
    from osai.doctor import report

    result = report(load_model=not skip_model)
    typer.echo(str(result))
    raise typer.Exit(0 if result.ok else 1)


@app.command("grade")
def grade_command(
    submissions: Path = typer.Argument(..., help="The class's notebooks: SUBMISSIONS/<student>/<NN_name>.ipynb, a Canvas or Moodle download (zip or unpacked), or a folder of GitHub Classroom repositories."),
    labs: list[str] = typer.Option([], "--labs", help="Lab number(s) to grade, e.g. --labs 00 (repeatable; default: all found)."),
    out: Path = typer.Option(None, "--out", help="Folder for the reports, outside SUBMISSIONS (default: SUBMISSIONS/../graded)."),
    layout: str = typer.Option("auto", "--layout", help="How SUBMISSIONS is laid out: auto (detected), canvas, moodle, classroom or folders."),
    jobs: int = typer.Option(0, "--jobs", help="Submissions graded in parallel (default: the number of CPU cores)."),
    timeout: float = typer.Option(60.0, "--timeout", help="Time limit per cell: seconds of CPU time (a cell that hangs is stopped after 2x + 10 s)."),
    memory: int = typer.Option(6144, "--memory", help="Address-space limit (RLIMIT_AS) of each kernel, in MB; lab 07 needs about 4096."),
    solutions: Path = typer.Option(Path("solutions"), "--solutions", help="Folder of solution notebooks."),
    force: bool = typer.Option(False, "--force", help="Grade again submissions already graded with the same file and settings."),
    anonymous: bool = typer.Option(False, "--anonymous", help="Review sheets and pages of written answers show pseudonyms, not names (written/labNN.key.csv maps them back)."),
    merge_written: list[Path] = typer.Option([], "--merge-written", help="A filled review sheet (written/labNN.csv) to merge into the reports (repeatable); a bad sheet is refused and nothing is merged."),
    export: str = typer.Option("", "--export", help="Also write the LMS's grade-import CSV: canvas or moodle (needs --roster)."),
    roster: Path = typer.Option(None, "--roster", help="CSV mapping each submission folder (column student) to the LMS identity, for --export."),
) -> None:
    """Grade every submission through nbval; write gradebook.csv, summary.csv, skipped.csv, report.html, feedback
    and JUnit XML, written/labNN.csv and .html to review written answers (and, with --export, the LMS's
    grade-import CSV)."""
    import os
    import sys

    from osai.grading import LAYOUTS, GradingError, grade, isolation_available

    settings = _grade_settings(timeout, memory)
    roster_text = _check_export(export, roster)
    if jobs < 0:
        _fail("--jobs must be 0 (one per CPU core) or more")
    if layout not in ("auto", *LAYOUTS):
        _fail(f"--layout must be auto, {', '.join(LAYOUTS)}; got {layout!r}")
    if not submissions.exists():
        _fail(f"submissions not found: {submissions} (a folder, or the zip an LMS downloads)")
    _folder(solutions, "solutions")
    if not isolation_available():
        typer.echo("warning: Linux namespaces (unshare) are not available here: each submission runs in its own "
                   "folder, but the rest of the file system and the network are not hidden from it", err=True)
    wanted = _lab_numbers(labs)
    jobs = jobs or os.cpu_count() or 1
    interactive = sys.stdout.isatty()
    progress_bar = None
    task = None
    found = []

    def say(line: str) -> None:
        if progress_bar is not None:
            progress_bar.console.print(line, markup=False, highlight=False)
        else:
            typer.echo(line)

    def intake_found(intake) -> None:
        found.append(intake)
        say(f"layout: {intake.layout} ({intake.why}); {len(intake.people)} student(s), "
            f"{len(intake.submissions)} notebook(s) to grade")
        if progress_bar is not None:
            progress_bar.update(task, total=len(intake.submissions))

    def report(result, cached: bool) -> None:
        say(f"{result.student}/{result.name}: {result.points}/{result.max_points}"
            + (" (already graded)" if cached else f" ({result.seconds:.0f} s)")
            + (f" from {result.origin.file!r}, {result.origin.matched_by}" if result.origin.file else ""))
        if progress_bar is not None:
            progress_bar.advance(task)

    for sheet in merge_written:
        if not sheet.is_file():
            _fail(f"--merge-written: sheet not found: {sheet}")

    def run():
        return grade(submissions, solutions, out, wanted or None, jobs, settings, force, report, layout, intake_found,
                     anonymous=anonymous, merge_written=merge_written)

    try:
        if interactive:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            with Progress(TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TextColumn("ETA"),
                          TimeRemainingColumn()) as progress_bar:
                task = progress_bar.add_task("grading", total=None)
                grades = run()
        else:
            grades = run()
    except GradingError as error:
        _fail(str(error))
    target = out if out is not None else submissions.resolve().parent / "graded"
    students = len({g.student for g in grades})
    handed_in = sum(1 for g in grades if g.origin.file)
    typer.echo(f"graded {students} student(s), {handed_in} lab submission(s); reports in {target}")
    unmatched = [(student, note) for intake in found for student, notes in intake.unmatched.items() for note in notes]
    if unmatched:
        typer.echo(f"{len(unmatched)} notebook(s) matched no lab and were not graded (listed in each student's "
                   f"feedback and in {Path(target) / 'skipped.csv'}):")
        for student, note in unmatched:
            typer.echo(f"  {student}: {note}")
    if any(g.written for g in grades):
        to_grade = sum(a.max_points for g in grades for a in g.written if a.points is None)
        typer.echo(f"written answers: {to_grade} point(s) still to grade; sheets and pages in {Path(target) / 'written'}")
    if export:
        _export(Path(target), export, roster, roster_text)


def _check_export(export: str, roster: Path | None) -> str:
    """The roster's text, read once; refuse a bad --export or --roster before anything is graded (exit 2,
    naming the roster's row)."""
    from osai.grading.lms import LMS_NAMES, LmsError, read_roster

    if not export and roster is None:
        return ""
    if export not in LMS_NAMES or roster is None:
        _fail(f"--export must be one of {', '.join(LMS_NAMES)} and comes with --roster ROSTER.csv; "
              f"got --export {export!r}" + ("" if roster else " and no --roster"))
    try:
        text = roster.read_text(encoding="utf-8")
        read_roster(text, export, str(roster))
    except (OSError, UnicodeDecodeError) as error:
        _fail(f"cannot read the roster {roster}: {error}")
    except LmsError as error:
        _fail(str(error))
    return text


def _export(target: Path, export: str, roster: Path, text: str) -> None:
    from osai.grading.lms import LmsError, export_lms

    try:
        path, left = export_lms(target, export, roster, text=text)
    except LmsError as error:
        _fail(str(error))
    typer.echo(f"{export} grade import: {path}")
    if left:
        typer.echo(f"{len(left)} student(s) not exported (listed in {target / 'not_exported.csv'}):")
        for row in left:
            typer.echo(f"  {row['student']}" + (f" ({row['lms_identity']})" if row["lms_identity"] else "")
                       + f": {row['why']}")


def _grade_settings(timeout: float, memory: int) -> GradeSettings:
    """The grader's settings from --timeout and --memory, or exit 2 saying what is expected."""
    from osai.grading import GradeSettings

    if timeout <= 0 or memory < 256:
        _fail("--timeout must be > 0 (seconds) and --memory at least 256 (MB)")
    return GradeSettings(timeout=timeout, memory_mb=memory)


def _lab_numbers(labs: list[str]) -> list[str]:
    from osai.checks import normalize_lab_id

    try:
        return [normalize_lab_id(lab) for lab in labs]
    except ValueError as error:
        _fail(f"--labs: {error}")


@app.command("classroom-template")
def classroom_template_command(
    out: Path = typer.Argument(..., help="New (or empty) folder for the template repository."),
    labs: list[str] = typer.Option([], "--labs", help="Lab number(s) of the assignment, e.g. --labs 03 (repeatable; default: all)."),
    kit_ref: str = typer.Option(None, "--kit-ref", help="Branch, tag or commit of the kit that grades (default: ref of [tool.osai.course])."),
    solutions: Path = typer.Option(Path("solutions"), "--solutions", help="Folder of solution notebooks (read for the reference file, never copied)."),
    labs_dir: Path = typer.Option(Path("labs"), "--labs-dir", help="Folder of lab notebooks (copied into the template)."),
    force: bool = typer.Option(False, "--force", help="Write the template even when the kit it would grade with differs from this one."),
) -> None:
    """Write a GitHub Classroom template repository: labs, reference file, autograding workflow, autograding.json."""
    from osai.classroom import ensure_new_folder, write_template
    from osai.course import CourseError, CourseSetting, compare_with_local, load_course
    from osai.grading import GradingError, load_references

    _folder(solutions, "solutions")
    wanted = _lab_numbers(labs)
    root = solutions.resolve().parent
    try:
        ensure_new_folder(out)
        setting = load_course(root)
        references = load_references(solutions, wanted or None)
    except (CourseError, GradingError, FileExistsError) as error:
        _fail(str(error))
    ref = kit_ref or setting.ref
    try:
        CourseSetting(setting.repository, ref)  # the rules of a ref, before git sees it
    except CourseError as error:
        _fail(f"--kit-ref: {error}")
    found = compare_with_local(setting, ref, root)
    typer.echo(f"the workflow will install {setting.repository} at {ref} (without solutions/) and grade from "
               "the template's reference file")
    for line in found.unknown:
        typer.echo(f"note: {line}", err=True)
    for line in found.problems:
        typer.echo(f"{'WARNING' if force else 'error'}: {line}", err=True)
    if found.problems and not force:
        _fail("the kit that would grade differs from this one (above); fix it, or pass --force to write the template anyway")
    try:
        written = write_template(out, labs_dir, [references[k] for k in sorted(references)], ref, setting.repository)
    except (GradingError, CourseError, ValueError, FileExistsError, FileNotFoundError) as error:
        _fail(str(error))
    typer.echo(f"wrote {len(written)} files to {out}; push it to GitHub, mark it as a template repository "
               "and choose it as the starter code of a GitHub Classroom assignment")


@app.command("classroom-report")
def classroom_report_command(
    folder: Path = typer.Argument(..., help="One student's folder of notebooks (labs/ in the student's repository)."),
    labs: list[str] = typer.Option([], "--labs", help="Lab number(s) to grade (repeatable; default: every lab with a solution)."),
    solutions: Path = typer.Option(Path("solutions"), "--solutions", help="Folder of solution notebooks."),
    reference: Path = typer.Option(None, "--reference", help="Grade from this reference file instead of --solutions (what a Classroom template holds)."),
    out: Path = typer.Option(Path(".osai-graded"), "--out", help="Folder for the reports and the resume cache."),
    check: str = typer.Option(None, "--check", help="Exit 0 only if this check (e.g. q1) passed: one autograding test."),
    github_output: Path = typer.Option(None, "--github-output", help="Append result=<base64 JSON> for GitHub Classroom's reporter to this file."),
    summary: Path = typer.Option(None, "--summary", help="Append the feedback (Markdown) to this file, e.g. $GITHUB_STEP_SUMMARY."),
    timeout: float = typer.Option(60.0, "--timeout", help="Time limit per cell: seconds of CPU time."),
    memory: int = typer.Option(6144, "--memory", help="Address-space limit of the kernel, in MB."),
) -> None:
    """Grade one student's notebooks (GitHub Classroom): print each check, write the reporter's result."""
    from osai.classroom import encode_payload, grade_folder, reporter_payload
    from osai.grading import GradingError, feedback_markdown

    settings = _grade_settings(timeout, memory)
    if reference is not None:
        if not reference.is_file():
            _fail(f"reference file not found: {reference} (osai classroom-template writes .github/classroom/reference.json)")
        solutions = reference
    else:
        _folder(solutions, "solutions")
    wanted = _lab_numbers(labs)
    if check is not None and len(wanted) != 1:
        _fail("--check needs exactly one --labs NN (which lab the check belongs to)")
    try:
        grades = grade_folder(folder, solutions, out, wanted or None, settings=settings)  # checks the folder
    except GradingError as error:
        _fail(str(error))
    results = [(g, r) for g in grades for r in g.results]
    if check is not None:
        chosen = [(g, r) for g, r in results if r.qid == check]
        if not chosen:
            known = ", ".join(r.qid for _, r in results)
            _fail(f"lab {wanted[0]} has no check {check!r}; its checks: {known}")
        results = chosen
    for g, r in results:
        typer.echo(f"lab {g.lab} {r.qid}: {r.points}/{r.max_points} {r.status}" + (f": {r.detail}" if r.detail else ""))
    try:
        if github_output is not None:
            with open(github_output, "a", encoding="utf-8") as handle:
                handle.write(f"result={encode_payload(reporter_payload(grades))}\n")
        if summary is not None:
            with open(summary, "a", encoding="utf-8") as handle:
                handle.write("\n".join(feedback_markdown(g) for g in grades) + "\n")
    except OSError as error:
        _fail(f"cannot append to {error.filename}: {error.strerror}")
    if check is not None and results[0][1].status != "passed":
        raise typer.Exit(1)


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
