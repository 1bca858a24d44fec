# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Grade a class's notebooks through nbval: ``osai grade SUBMISSIONS``.

A pipeline of small steps, each a function that takes data and returns data (the records they pass
are in :mod:`~osai.grading.model`):

1. :func:`take_in` - the class as it arrives (student folders, a Canvas or Moodle download, GitHub
   Classroom repositories), each notebook matched to a lab by the id in its metadata or its name;
2. :func:`load_references` - the check cells (id, points, source, reference output) of ``solutions/``;
3. :func:`load_notebook` - read a submission and repair what can be repaired (nbformat 3, no ids);
4. :func:`restore_checks` - put every reference check cell back after the student's answer cell (a
   notebook made from an older version of the lab is recognised: :mod:`~osai.grading.versions`);
5. :func:`instrument` - add the grader's first cell (time limit per cell inside the kernel) and turn
   each check cell into a fresh, tamper-resistant check whose output nbval compares;
6. :func:`make_run_folder` - a fresh folder holding only that notebook;
7. :func:`run_nbval` - ``pytest --nbval-lax`` in a subprocess, in a kernel with a memory limit, with
   the instructor's folders hidden and the network off where the system allows it (Linux ``unshare``,
   through :mod:`osai.grading._isolate`);
8. :func:`read_junit` and :func:`score` - each check cell is one nbval test; its outcome is the score;
9. :func:`gradebook_rows`, :func:`summary_rows`, :func:`feedback_markdown`, :func:`junit_report`,
   :func:`write_reports` - the files an instructor reads.

:func:`grade_submission` runs steps 3 to 8 for one notebook and :func:`grade` runs them all for a
whole class, in parallel. Step 1 lives in :mod:`~osai.grading.intake` and :mod:`~osai.grading.matching`,
step 2 in :mod:`~osai.grading.references`, 3-5 in
:mod:`~osai.grading.notebook`, 6-7 in :mod:`~osai.grading.sandbox`, 8 in :mod:`~osai.grading.results`
and 9 in :mod:`~osai.grading.reports` (the term gradebook in :mod:`~osai.grading.term`, the notebook as
graded in :mod:`~osai.grading.evidence`; the resume key covers :mod:`~osai.grading.checkcode`).
:func:`kernel_setup` and :func:`kernel_check`, in
:mod:`~osai.grading.kernel`, are the code that runs inside the student's kernel. A submission on disk
is never modified, and no grading module imports a content module: they work on notebooks and check
ids only.

>>> sorted(GradeSettings().__dataclass_fields__)
['isolate', 'max_runs', 'memory_mb', 'output_limit', 'timeout']
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from osai.grading.incidents import SKIPPED, CellIncident, cell_incidents, incident_from_dict, review_reasons
from osai.grading.intake import LAYOUTS, Intake, opened, take_in, unpack_zip
from osai.grading.kernel import RECORD_FILE, kernel_check, kernel_setup
from osai.grading.matching import Match, lab_from_name, match_notebook
from osai.grading.model import (
    CheckResult,
    CheckSpec,
    GradeSettings,
    GradingError,
    NotebookError,
    Origin,
    Reference,
    Submission,
    SubmissionGrade,
    _clip,
    _short,
)
from osai.grading.notebook import (
    PRELUDE_ID,
    graded_check_source,
    instrument,
    load_notebook,
    prelude_source,
    restore_checks,
    skip_cell,
)
from osai.grading.references import (
    find_submissions,
    lab_number,
    lab_of,
    load_references,
    reference_from_notebook,
    solution_names,
)
from osai.grading.reports import (
    GRADEBOOK_FIELDS,
    SKIPPED_FIELDS,
    feedback_markdown,
    gradebook_rows,
    junit_report,
    safe_name,
    summary_rows,
    write_reports,
)
from osai.grading.results import (
    CellOutcome,
    complete,
    missing_grade,
    not_graded,
    read_junit,
    read_records,
    score,
)
from osai.grading.sandbox import RunFolder, RunOutcome, isolation_available, make_run_folder, run_nbval
from osai.grading.written import SheetError
from osai.grading.checkcode import checking_digest
from osai.grading.evidence import evidence_notebook, evidence_path, explain, failed_cells, failure_notes, write_evidence
from osai.grading.term import submission_facts
from osai.grading.versions import absent_exercises, not_in_version, reference_version, removed_checks, version_status

__all__ = [
    "GRADEBOOK_FIELDS",
    "LAYOUTS",
    "PRELUDE_ID",
    "RECORD_FILE",
    "SKIPPED_FIELDS",
    "CellIncident",
    "CellOutcome",
    "CheckResult",
    "CheckSpec",
    "GradeSettings",
    "GradingError",
    "Intake",
    "Match",
    "NotebookError",
    "Origin",
    "Reference",
    "RunFolder",
    "RunOutcome",
    "SheetError",
    "Submission",
    "SubmissionGrade",
    "feedback_markdown",
    "find_submissions",
    "grade",
    "grade_submission",
    "graded_check_source",
    "gradebook_rows",
    "instrument",
    "isolation_available",
    "junit_report",
    "lab_from_name",
    "kernel_check",
    "kernel_setup",
    "lab_of",
    "load_notebook",
    "load_references",
    "make_run_folder",
    "match_notebook",
    "missing_grade",
    "prelude_source",
    "read_junit",
    "read_records",
    "reference_from_notebook",
    "restore_checks",
    "review_reasons",
    "run_nbval",
    "run_once",
    "run_until_settled",
    "safe_name",
    "score",
    "settle",
    "solution_names",
    "submission_key",
    "summary_rows",
    "take_in",
    "unpack_zip",
    "write_reports",
]

#: Part of every resume key: raise it when the same submission would now get a different grade.
GRADER_VERSION = "3"


# --------------------------------------------------------------------------------------------------
# One submission: steps 3 to 8


def grade_submission(submission: Submission, reference: Reference, settings: GradeSettings,
                     work: Path | str, hidden: Sequence[Path] = (), evidence: Path | None = None) -> SubmissionGrade:
    """Grade one notebook: load, restore, instrument, run (again when a cell stopped the kernel), score.

    Never raises for a bad submission: an unreadable one gets every check with status ``error``.
    The file at ``submission.path`` is only read. With ``evidence``, the notebook as graded (see
    :func:`~osai.grading.evidence.evidence_notebook`) is written there.
    """
    start = time.monotonic()
    result = SubmissionGrade(submission.student, submission.lab, submission.name, [], list(submission.notes),
                             origin=submission.origin)
    try:
        nb, load_notes = load_notebook(submission_facts(submission.path, result))                  # 3
    except (NotebookError, OSError) as error:
        reason = str(error) if isinstance(error, NotebookError) else f"the file cannot be read ({error.strerror})"
        result.results = not_graded(reference.checks, reason)
        result.notes.append(f"not graded: {reason}")
    else:
        absent = absent_exercises(nb, reference)
        restored, check_at, restore_notes = restore_checks(nb, reference, skip=absent)             # 4
        graded, by_number = instrument(restored, check_at, reference.lab, settings)                # 5
        seen: dict[int, CellOutcome] = {}
        positions = {str(cell.get("id")): place for place, cell in enumerate(nb.cells, start=1)}
        found, runs, run_notes, incidents = settle(graded, by_number, reference, settings, work, hidden,  # 6-8
                                                   positions, seen)
        found = explain(found, failed_cells(graded, seen, by_number), by_number)
        found.update(not_in_version(reference, absent))
        result.results, result.runs, result.incidents = complete(found, reference), runs, incidents
        result.lab_version, version_notes = version_status(nb, reference, absent, removed_checks(nb.cells, reference))
        result.notes += load_notes + version_notes + restore_notes + run_notes + failure_notes(graded, seen, by_number)
        if evidence is not None:
            write_evidence(evidence, evidence_notebook(graded, seen, by_number, found))
    result.seconds = time.monotonic() - start
    return result


def run_until_settled(graded: Any, by_number: dict[int, str], reference: Reference, settings: GradeSettings,
                      work: Path | str, hidden: Sequence[Path] = (), seen: dict[int, CellOutcome] | None = None,
                      ) -> tuple[dict[str, CheckResult], int, list[str]]:
    """Run the instrumented notebook and score it, again while a cell stops the run; ``(results, runs, notes)``.

    :func:`settle` without the cells grading stopped or skipped.
    """
    results, runs, notes, _ = settle(graded, by_number, reference, settings, work, hidden, seen=seen)
    return results, runs, notes


def settle(graded: Any, by_number: dict[int, str], reference: Reference, settings: GradeSettings, work: Path | str,
           hidden: Sequence[Path] = (), positions: dict[str, int] | None = None,
           seen: dict[int, CellOutcome] | None = None,
           ) -> tuple[dict[str, CheckResult], int, list[str], list[CellIncident]]:
    """Run the instrumented notebook and score it, again while a cell stops the run;
    ``(results, runs, notes, incidents)``.

    A cell that ran past the time limit or stopped the kernel is skipped in the next run (a cell that
    only finished after nbval's limit is simply run again), at most ``settings.max_runs`` runs. A check
    keeps the result of the first run that reached it. ``seen``, when given, receives nbval's outcome
    of every code cell (from the first run that reached it). ``incidents`` name every cell grading
    stopped or skipped (see :mod:`osai.grading.incidents`); ``positions`` maps a cell id to its 1-based
    place in the submission, for them.
    """
    results: dict[str, CheckResult] = {}
    notes: list[str] = []
    incidents: list[CellIncident] = []
    runs = 0
    for run in range(1, settings.max_runs + 1):
        outcome, records = run_once(graded, settings, work, hidden)                                # 6-7
        outcomes = read_junit(outcome.junit)                                                       # 8
        runs = run
        for number, cell_outcome in outcomes.items() if seen is not None else ():
            if seen.get(number, CellOutcome("skipped")).outcome == "skipped":
                seen[number] = cell_outcome
        if not outcomes:
            notes.append("nbval could not run this notebook: " + _clip(_last_error(outcome.output), 300))
            break
        if 0 in outcomes and outcomes[0].outcome != "passed":
            notes.append("the grader's set-up cell failed in the kernel: " + _clip(outcomes[0].message, 300))
        known = {(i.cell_id, i.kind) for i in incidents}
        incidents += [i for i in cell_incidents(run, outcomes, graded, by_number, positions or {})
                      if (i.cell_id, i.kind) not in known]
        found, culprit = score(reference, by_number, outcomes, records)
        for qid, check in found.items():
            results.setdefault(qid, check)
        if culprit is None:
            break
        named = next((i for i in incidents if i.run == run and i.number == culprit and i.position), None)
        where = (f"check {by_number[culprit]}" if culprit in by_number else
                 f"cell {named.position} (id {named.cell_id})" if named else f"code cell {culprit}")
        if outcomes.get(culprit, CellOutcome("stopped")).outcome == "stopped":
            notes.append(f"run {run}: {where} ran past the time limit or stopped the kernel; "
                         "it was skipped and the notebook run again")
            graded = skip_cell(graded, culprit, culprit in by_number)
        else:
            notes.append(f"run {run}: {where} finished only after the time limit (a slow machine?); "
                         "the notebook was run again")
        if all(q in results for q in by_number.values()) or run == settings.max_runs:
            why = ("every check had already run" if all(q in results for q in by_number.values())
                   else f"the limit of {settings.max_runs} runs was reached; the checks after it were not graded")
            incidents = [replace(i, action=f"not run again: {why}") if i.run == run and i.number == culprit
                         and i.action == SKIPPED else i for i in incidents]
            if run < settings.max_runs:
                break
    return results, runs, notes, incidents


def run_once(graded: Any, settings: GradeSettings, work: Path | str,
             hidden: Sequence[Path] = ()) -> tuple[RunOutcome, dict[str, dict[str, Any]]]:
    """One nbval run in a fresh run folder (removed afterwards): what nbval left, and the kernel's records."""
    import shutil

    run = make_run_folder(graded, work, settings.memory_mb)                                        # 6
    try:
        outcome = run_nbval(run, settings, hidden)                                                 # 7
        record_file = run.box / RECORD_FILE
        records = read_records(record_file.read_text(encoding="utf-8", errors="replace")
                               if record_file.is_file() else "")
    finally:
        shutil.rmtree(run.root, ignore_errors=True)
    return outcome, records


def _last_error(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if any(word in line for word in ("Error", "error", "Exception"))]
    return (errors or lines or ["no output"])[-1]


def submission_key(data: bytes, reference: Reference, settings: GradeSettings) -> str:
    """A fingerprint of everything a grade depends on (for resuming: same key, same grade): the file,
    the reference's check cells and version, the settings, and the code that checks (see
    :func:`~osai.grading.checkcode.checking_digest`).

    >>> ref = Reference("00", "00_x.ipynb", [], [CheckSpec("q1", 1, "c", 0, "check('q1', 1)", ())])
    >>> submission_key(b"a", ref, GradeSettings()) == submission_key(b"b", ref, GradeSettings())
    False
    """
    import hashlib

    digest = hashlib.sha256()
    digest.update(data)
    digest.update(json.dumps([asdict(c) for c in reference.checks], sort_keys=True, default=str).encode())
    digest.update(json.dumps([settings.timeout, settings.memory_mb, settings.output_limit, GRADER_VERSION]).encode())
    digest.update(json.dumps([reference_version(reference), checking_digest(reference.lab)]).encode())
    return digest.hexdigest()


# --------------------------------------------------------------------------------------------------
# The whole class: steps 1 and 2, every submission (cached or graded in parallel), step 9


Progress = Callable[[SubmissionGrade, bool], None]


def grade(submissions: Path | str, solutions: Path | str = "solutions", out: Path | str | None = None,
          labs: Iterable[str] | None = None, jobs: int | None = None, settings: GradeSettings | None = None,
          force: bool = False, progress: Progress | None = None, layout: str = "auto",
          on_intake: Callable[[Intake], None] | None = None, anonymous: bool = False,
          merge_written: Sequence[Path | str] = ()) -> list[SubmissionGrade]:
    """Grade every submission in ``submissions`` (a folder or an LMS's zip) and write the reports to ``out``.

    ``layout`` is ``auto`` (detected) or one of :data:`LAYOUTS`; ``on_intake(intake)`` is called
    once the notebooks are found, before any is graded. ``out`` defaults to ``submissions/../graded``
    and may not be inside ``submissions``. A submission already graded with the same file,
    reference and settings is not run again unless ``force``. ``progress(grade, cached)`` is called
    after each submission. Raises :class:`GradingError` when the grader itself cannot run or finds
    no submission at all.

    Written answers are read, never run (:mod:`~osai.grading.written`); their review sheet and page go to
    ``out/written/`` (:mod:`~osai.grading.review`; ``anonymous``: pseudonyms instead of names). The filled
    sheets in ``merge_written`` are checked before anything is written (a bad one raises
    :class:`SheetError`) and merged into the scores kept from earlier merges.
    """
    from osai.grading.review import gather_marks, write_review
    from osai.grading.written import attach_written, read_written, save_marks

    submissions = Path(submissions).resolve() if Path(submissions).exists() else Path(submissions)
    settings = settings or GradeSettings()
    wanted = None if labs is None else [lab_number(lab) for lab in labs]
    names = solution_names(solutions, wanted)
    every_lab = names if wanted is None else solution_names(solutions)
    out = _output_folder(out, submissions)
    with opened(submissions) as root:
        intake = take_in(root, every_lab, layout, None if wanted is None else set(names))              # 1
        found = intake.submissions
        if not found and wanted is None:
            raise GradingError(_nothing_matched(submissions, intake, names))
        if on_intake:
            on_intake(intake)
        # Only the solutions of labs to grade are read: a lab still being written does not block the others.
        references = load_references(solutions, sorted(set(wanted or []) | {s.lab for s in found}))  # 2
        answers = read_written(found, references)                      # written answers: read, never run
        marks = gather_marks(out, merge_written, answers, references)  # a bad sheet stops here, nothing written
        hidden = [Path(solutions).resolve(), submissions, root, out]
        cached, todo = _from_cache(found, references, settings, out, force, progress)
        fresh = _grade_in_parallel(todo, references, settings, out, hidden, jobs, progress)        # 3-8
    graded_labs = sorted(wanted) if wanted else sorted({s.lab for s in found})
    grades = attach_written(_with_missing(cached + fresh, intake, graded_labs, references), answers, references,
                            marks)
    save_marks(out, marks)
    write_reports(out, grades, graded_labs, intake.skipped)                                         # 9
    write_review(out, grades, references, graded_labs, anonymous)
    return grades


def _nothing_matched(submissions: Path, intake: Intake, names: dict[str, str]) -> str:
    notebooks = [(path, why) for path, _, why in intake.skipped if path.lower().endswith(".ipynb")]
    seen = "; ".join(f"{path!r} ({why})" for path, why in notebooks[:5]) or "no notebook at all"
    return (f"no submission found in {submissions} (read as {intake.layout}: {intake.why}): "
            f"{len(intake.people)} student(s), {len(notebooks)} notebook(s), none of them a lab: {seen}; "
            f"expected lab notebooks such as {', '.join(names.values())}")


def _output_folder(out: Path | str | None, submissions: Path) -> Path:
    """The reports folder (default ``submissions/../graded``), created and proven writable; never inside
    the submissions."""
    out = Path(out) if out is not None else submissions.parent / "graded"
    if submissions.is_dir() and out.resolve().is_relative_to(submissions.resolve()):
        raise GradingError(f"the output folder {out} is inside the submissions folder {submissions}: "
                           "grading never writes into the submissions; choose --out outside it")
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".osai-grade-write-test"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as error:
        raise GradingError(f"cannot write to the output folder {out}: {error.strerror}") from None
    return out.resolve()


def _cache_path(out: Path, submission: Submission) -> Path:
    return out / ".osai-grade" / safe_name(submission.student) / f"{submission.name[:-6]}.json"


def _load_cached(path: Path, key: str) -> SubmissionGrade | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("key") != key:
        return None
    try:
        results = [CheckResult(**r) for r in data["results"]]
        return SubmissionGrade(data["student"], data["lab"], data["name"], results, list(data["notes"]),
                               int(data.get("runs", 0)), float(data.get("seconds", 0.0)),
                               incidents=[incident_from_dict(i) for i in data.get("incidents", [])],
                               **{k: str(data.get(k, "")) for k in ("lab_version", "submitted", "sha256")})
    except (KeyError, TypeError, ValueError):
        return None


def _save_cached(path: Path, key: str, result: SubmissionGrade) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"key": key, **asdict(result)}, ensure_ascii=False, default=str, indent=1),
                    encoding="utf-8")


def _from_cache(found: Sequence[Submission], references: dict[str, Reference], settings: GradeSettings, out: Path,
                force: bool, progress: Progress | None) -> tuple[list[SubmissionGrade], list[tuple[Submission, str]]]:
    """``(grades kept from an earlier run, [(submission, key) still to grade])``."""
    cached: list[SubmissionGrade] = []
    todo: list[tuple[Submission, str]] = []
    for submission in found:
        try:
            data = submission.path.read_bytes()
        except OSError:
            data = b""
        key = submission_key(data, references[submission.lab], settings)
        kept = None if force else _load_cached(_cache_path(out, submission), key)
        if kept is None:
            todo.append((submission, key))
            continue
        kept.origin = submission.origin
        cached.append(kept)
        if progress:
            progress(kept, True)
    return cached, todo


def _grade_in_parallel(todo: Sequence[tuple[Submission, str]], references: dict[str, Reference],
                       settings: GradeSettings, out: Path, hidden: Sequence[Path], jobs: int | None,
                       progress: Progress | None) -> list[SubmissionGrade]:
    """:func:`grade_submission` for each of ``todo`` on ``jobs`` threads; each result is cached as it comes."""
    import shutil
    import tempfile
    from concurrent.futures import ThreadPoolExecutor, as_completed

    graded: list[SubmissionGrade] = []
    work = Path(tempfile.mkdtemp(prefix="osai-grade-"))
    try:
        with ThreadPoolExecutor(max_workers=max(1, jobs or os.cpu_count() or 1)) as pool:
            futures = {pool.submit(grade_submission, sub, references[sub.lab], settings, work, hidden,
                                   evidence_path(out, safe_name(sub.student), sub.name)): (sub, key)
                       for sub, key in todo}
            for future in as_completed(futures):
                sub, key = futures[future]
                try:
                    result = future.result()
                except Exception as error:  # noqa: BLE001 - one bad submission never stops the batch
                    result = _grader_failed(sub, references[sub.lab], error)
                else:
                    _save_cached(_cache_path(out, sub), key, result)
                graded.append(result)
                if progress:
                    progress(result, False)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return graded


def _grader_failed(submission: Submission, reference: Reference, error: Exception) -> SubmissionGrade:
    """The grade of a submission whose grading raised: every check ``error``; not cached, so tried again."""
    return SubmissionGrade(submission.student, submission.lab, submission.name,
                           not_graded(reference.checks, f"the grader failed ({type(error).__name__})"),
                           [f"grader error: {_short(error)}"], origin=submission.origin)


def _with_missing(grades: list[SubmissionGrade], intake: Intake, labs: Sequence[str],
                  references: dict[str, Reference]) -> list[SubmissionGrade]:
    """``grades`` plus a ``missing`` grade for every student and lab without one, each with the notebooks
    of that student that matched no lab; sorted."""
    students = sorted({g.student for g in grades} | set(intake.people))
    have = {(g.student, g.lab) for g in grades}
    missing = []
    for student in students:
        for lab in labs:
            if (student, lab) not in have:
                grade_ = missing_grade(student, references[lab])
                grade_.origin = intake.people.get(student, grade_.origin)
                if intake.unmatched.get(student):
                    grade_.results = [replace(r, detail="no notebook matched this lab; see the notes.")
                                      for r in grade_.results]
                    grade_.notes = [f"no notebook matched lab {lab}"]
                missing.append(grade_)
    everyone = sorted(grades + missing, key=lambda g: (g.student, g.lab))
    for grade_ in everyone:
        grade_.notes = grade_.notes + [n for n in intake.unmatched.get(grade_.student, []) if n not in grade_.notes]
    return everyone
