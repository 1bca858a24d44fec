# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The self-check API: one stable line, never raises, answers not in plain text."""

from __future__ import annotations

import contextlib
import io
import math
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from osai import checks
from osai.checks import (Exercise, Exercises, Lab, Mismatch, Result, as_function, as_instance, as_int, as_mapping,
                         as_number, as_strings, canonical, expect, fingerprint, load_lab)


def run(lab: Lab, qid, value) -> tuple[Result, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = lab.check(qid, value)
    return result, out.getvalue()


def toy_lab() -> Lab:
    def verify_value(value):
        expect(isinstance(value, int), "expected an int")
        expect(checks.matches(value, fingerprint(7, salt="t:q1"), salt="t:q1"), "not the number")

    def verify_function(func):
        expect(callable(func), "expected a function")
        expect(func(2) == 4, "double(2) should be 4")

    return Lab("99", {
        "q1": Exercise("q1", 2, verify_value, "an int", ("think of a week",)),
        "q2": Exercise("q2", 1, verify_function, "a function double(x)"),
    })


def test_line_for_each_status():
    lab = toy_lab()
    assert run(lab, "q1", 7)[1] == "✅ q1 passed (2/2)\n"
    assert run(lab, "q1", 8)[1] == '❌ q1 failed: not the number. Try hint("q1").\n'
    assert run(lab, "q1", ...)[1] == "⏳ q1 not attempted yet\n"
    assert run(lab, "q2", lambda x: x + x)[1] == "✅ q2 passed (1/1)\n"
    assert run(lab, "q2", lambda x: x)[1] == "❌ q2 failed: double(2) should be 4.\n"


def test_result_is_readable_by_the_grader():
    result, _ = run(toy_lab(), "q1", 7)
    assert (result.lab, result.qid, result.status, result.points, result.max_points) == ("99", "q1", "passed", 2, 2)
    assert result.passed
    failed, _ = run(toy_lab(), "q1", 1)
    assert (failed.status, failed.points) == ("failed", 0)


@pytest.mark.parametrize("mode", ["autograde", "validate", "Autograde "])
def test_under_nbgrader_a_check_that_does_not_pass_raises_after_its_line(monkeypatch, mode):
    # nbgrader scores a cell by whether it raises; NBGRADER_EXECUTION is set while it executes.
    monkeypatch.setenv("NBGRADER_EXECUTION", mode)
    lab = toy_lab()
    assert run(lab, "q1", 7)[0].passed
    for wrong in (8, ...):
        out = io.StringIO()
        with contextlib.redirect_stdout(out), pytest.raises(AssertionError) as raised:
            lab.check("q1", wrong)
        assert out.getvalue().count("\n") == 1 and str(raised.value) == out.getvalue().strip()


@pytest.mark.parametrize("mode", [None, "", "feedback", "1"])
def test_outside_nbgrader_grading_a_failed_check_never_raises(monkeypatch, mode):
    if mode is None:
        monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    else:
        monkeypatch.setenv("NBGRADER_EXECUTION", mode)
    assert run(toy_lab(), "q1", 8)[0].status == "failed"


def test_function_placeholder_is_not_attempted():
    def placeholder(x):
        raise NotImplementedError

    result, line = run(toy_lab(), "q2", placeholder)
    assert result.status == "not_attempted"
    assert line == "⏳ q2 not attempted yet\n"


def test_exception_in_learner_code_is_reported_in_one_line():
    def broken(x):
        return {}["missing"]

    result, line = run(toy_lab(), "q2", broken)
    assert result.status == "failed"
    assert line.count("\n") == 1
    assert "KeyError" in line and "expected a function double(x)" in line


def test_unknown_exercise_lists_the_known_ones():
    result, line = run(toy_lab(), "q7", 1)
    assert result.status == "unknown"
    assert "expected one of: q1, q2" in line
    result, line = run(toy_lab(), None, 1)
    assert result.status == "unknown" and line.count("\n") == 1


def test_memory_addresses_never_reach_the_line():
    def verify(value):
        raise RuntimeError(f"bad object {object()!r}")

    lab = Lab("99", {"q1": Exercise("q1", 1, verify, "anything")})
    _, line = run(lab, "q1", 1)
    assert "0x…" in line
    assert not any(part.startswith("0x") and len(part) > 4 and part[2:].isalnum() for part in line.split())


def test_hints_advance_and_stop_at_the_last():
    lab = Lab("99", {"q1": Exercise("q1", 1, lambda v: None, "x", ("first", "second"))})
    shown = [lab.next_hint("q1") for _ in range(3)]
    assert shown[0] == "💡 q1 hint 1 of 2: first"
    assert shown[1] == "💡 q1 hint 2 of 2: second (that was the last hint)"
    assert shown[2] == shown[1]
    assert "no exercise" in lab.next_hint("q9")


def test_hint_prints_its_line_once_and_returns_nothing():
    """A notebook would show a returned string a second time, as the cell's value."""
    lab = Lab("99", {"q1": Exercise("q1", 1, lambda v: None, "x", ("first", "second"))})
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        returned = lab.hint("q1")
    assert returned is None
    assert out.getvalue() == "💡 q1 hint 1 of 2: first\n"
    with contextlib.redirect_stdout(io.StringIO()):
        assert lab.hint("q9") is None


# ---- written answers: check("w1") reads the notebook as last saved --------------------------------

def planted_notebook(tmp_path, answer="YOUR ANSWER HERE", points=3, words=None, name="04_x.ipynb",
                     question="Justify your plan."):
    """A tiny notebook file with written answer w1 (not first: found by grade_id) and its self-check cell."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    written = nbformat.v4.new_markdown_cell(answer)
    written.metadata = {"tags": ["written"], "nbgrader": {"grade": True, "solution": True, "points": points,
                                                          "grade_id": "w1", "locked": False}}
    if words:
        written.metadata["osai"] = {"words": list(words)}
    nb.cells = [nbformat.v4.new_markdown_cell(question), written, nbformat.v4.new_code_cell('check("w1")')]
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


@pytest.fixture
def no_notebook(monkeypatch):
    for name in ("OSAI_NOTEBOOK", "JPY_SESSION_NAME", "NBGRADER_EXECUTION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)  # never ask a Colab front end here
    return monkeypatch


@pytest.mark.parametrize("answer, words, line", [
    ("YOUR ANSWER HERE", None, "📝 w1 not answered yet (as last saved): write in the cell above, then save "
                               "(3 points, graded by your instructor)\n"),
    ("Too short to judge.", (5, 50), "📝 w1 is short (4 words as last saved; a full answer has about 5 to 50 words): "
                                     "add to it in the cell above, then save (3 points, graded by your instructor)\n"),
    ("word " * 12, (2, 10), "📝 w1 is long (12 words as last saved; a full answer has about 2 to 10 words): shorten "
                            "it in the cell above, then save (3 points, graded by your instructor)\n"),
    ("The raw messages hold personal data, so they stay closed.", (5, 50),
     "📝 w1 answered (10 words, as last saved): your instructor grades it (3 points)\n"),
])
def test_a_written_answer_is_reported_as_last_saved(tmp_path, no_notebook, answer, words, line):
    no_notebook.setenv("OSAI_NOTEBOOK", str(planted_notebook(tmp_path, answer, words=words)))
    result, printed = run(toy_lab(), "w1", ...)
    assert printed == line
    assert (result.status, result.points, result.max_points, result.passed) == ("written", 0, 3, False)


@pytest.mark.parametrize("question, words, count, line", [
    ("Justify your plan.", None, 70, "w1 is short (70 words as last saved; a full answer has about 80 to 250 words)"),
    ("Justify your plan.", None, 80, "w1 answered (80 words, as last saved)"),
    ("Justify it (about 40 to\n120 words).", None, 39,
     "w1 is short (39 words as last saved; a full answer has about 40 to 120 words)"),
    ("Justify it (about 40 to 120 words).", None, 121,
     "w1 is long (121 words as last saved; a full answer has about 40 to 120 words)"),
    ("Justify it (about 80 to 250 words).", (60, 300), 70, "w1 answered (70 words, as last saved)"),
    ("Justify it (about 80 to 250 words).", (60, 300), 50, "w1 is short (50 words as last saved; a full answer has "
                                                          "about 80 to 250 words)"),
])
def test_a_written_check_says_what_its_question_asks(tmp_path, no_notebook, question, words, count, line):
    """Without ``osai.words`` a cell is held to the range its question asks for, else the course's 80 to 250."""
    path = planted_notebook(tmp_path, "word " * count, words=words, question=question)
    no_notebook.setenv("OSAI_NOTEBOOK", str(path))
    assert run(toy_lab(), "w1", ...)[1].startswith("📝 " + line)


def test_a_written_check_never_raises_not_even_under_nbgrader(tmp_path, no_notebook):
    no_notebook.setenv("NBGRADER_EXECUTION", "autograde")
    result, printed = run(toy_lab(), "w1", ...)
    assert printed.startswith("📝 w1: this check cannot see your answer here") and "instructor grades it" in printed
    no_notebook.setenv("OSAI_NOTEBOOK", str(planted_notebook(tmp_path)))
    assert run(toy_lab(), "w1", ...)[1].startswith("📝 w1 not answered yet")
    assert run(toy_lab(), "w2", ...)[1] == ("📝 w2: this notebook (as last saved) has no written-answer cell w2; "
                                            "its written answers are w1\n")


def test_the_notebook_is_found_from_jupyter_server_or_vs_code(tmp_path, no_notebook):
    from osai.checks.written import notebook_path

    path = planted_notebook(tmp_path, "An answer.")
    assert notebook_path({"JPY_SESSION_NAME": str(path)}, {}) == path
    assert notebook_path({}, {"__vsc_ipynb_file__": str(path)}) == path
    no_notebook.chdir(tmp_path)  # a kernel runs in the notebook's folder; the session name may be server-relative
    assert notebook_path({"JPY_SESSION_NAME": f"course/labs/{path.name}"}, {}).resolve() == path.resolve()
    assert notebook_path({"OSAI_NOTEBOOK": str(tmp_path / "gone.ipynb"), "JPY_SESSION_NAME": ""}, {}) is None
    (tmp_path / "broken.ipynb").write_text("{not json", encoding="utf-8")
    no_notebook.setenv("OSAI_NOTEBOOK", str(tmp_path / "broken.ipynb"))
    assert "cannot see your answer here" in run(toy_lab(), "w1", ...)[1]


def test_hint_for_a_written_question_gives_general_guidance():
    line = toy_lab().next_hint("w1")
    assert line.startswith("💡 w1: a written answer") and "question above it" in line and "rubric" in line
    assert "written answer w1" in Lab.check.__doc__.replace("\n        ", " ")


@given(st.text(max_size=300))
def test_any_saved_answer_gives_one_line_and_no_error(text):
    import json
    import os
    import tempfile

    cell = {"cell_type": "markdown", "metadata": {"nbgrader": {"grade": True, "solution": True, "grade_id": "w1",
                                                                "points": 2}}, "source": text}
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "n.ipynb")
        with open(path, "w", encoding="utf-8") as handle:
            json.dump({"cells": [cell], "metadata": {}}, handle)
        old = os.environ.get("OSAI_NOTEBOOK")
        os.environ["OSAI_NOTEBOOK"] = path
        try:
            result, printed = run(toy_lab(), "w1", ...)
        finally:
            os.environ.pop("OSAI_NOTEBOOK") if old is None else os.environ.__setitem__("OSAI_NOTEBOOK", old)
    assert printed.count("\n") == 1 and printed.startswith("📝 w1 ") and result.status == "written"


# ---- one line, shortened between words -----------------------------------------------------------

@given(st.lists(st.text(alphabet="abcdefgh'-/.:(", min_size=1, max_size=14), min_size=1, max_size=60),
       st.integers(min_value=40, max_value=200))
def test_shorten_keeps_whole_words_start_and_end(words, limit):
    text = " ".join(words)
    short = checks.shorten(text, limit)
    assert len(short) <= limit and "\n" not in short
    if len(text) <= limit:
        assert short == text
        return
    shown = short.split(" ")
    assert all(word in words for word in shown if word != "…"), short
    assert shown[0] == words[0] and shown[-1] == words[-1]


#: Any value a learner's code may return, as a verifier would quote it with ``repr``.
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda inner: (st.lists(inner, max_size=40) | st.tuples(inner, inner)
                   | st.dictionaries(st.text(max_size=20), inner, max_size=25)),
    max_leaves=300)
STARTS = ["q3", "spdx_ids('MIT AND Apache-2.0')", "your release_plan", "with tokens ['the', 'loan'] and target 1"]
ADVICE = ["start each masked list from the original tokens", 'Try hint("q4")', "divide by the scale, do not multiply",
          "lag the signal one day, then costs on each change"]


@given(VALUES, VALUES, st.sampled_from(STARTS), st.sampled_from(ADVICE), st.integers(min_value=120, max_value=240))
def test_shorten_keeps_what_is_wrong_and_the_advice_around_any_values(expected, got, start, advice, limit):
    """Long values give way first: the start (what is wrong) and the end (the advice) stay whole."""
    text = f"{start} returned {got!r}, expected {expected!r}: {advice}"
    short = checks.shorten(text, limit)
    assert len(short) <= limit and "\n" not in short
    assert short.startswith(start + " ") and short.endswith(" " + advice), short


def test_shorten_drops_list_items_and_quoted_words_before_prose():
    got = list(range(100, 160))
    short = checks.shorten(f"with target 1, expected [0.1, 0.0, 0.2], got {got}: start from the original tokens")
    assert short == ("with target 1, expected [0.1, 0.0, 0.2], got [100, 101, 102, 103, 104, 105, 106, 107, 108, 109, "
                     "110, 111, 112, 113, 114, …, 159]: start from the original tokens")
    long_text = "iban_ok('DE89 3704 0044 0532 0130 00 ! " + "and some more words " * 8 + "end') raised ValueError"
    short = checks.shorten(long_text + ": a string that is not an IBAN gets False, never an error")
    assert short.startswith("iban_ok('DE89 3704 0044") and " … " in short and short.count("…") == 1
    assert short.endswith("end') raised ValueError: a string that is not an IBAN gets False, never an error")


def test_shorten_drops_whole_clauses_from_the_middle_of_prose():
    text = ("labels_api 0: a label still says whether the model is right on a row, and an over-fitted model is right "
            "on every row it memorised, which is why a label API leaks too")
    assert checks.shorten(text, 110) == ("labels_api 0: a label still says whether the model is right on a row, … "
                                         "which is why a label API leaks too")
    assert checks.shorten(text, 130) == checks.shorten(text, 110)  # the start keeps what the line gains


@given(st.text(max_size=3000), st.integers(min_value=20, max_value=300))
def test_shorten_never_raises_and_always_fits(text, limit):
    short = checks.shorten(text, limit)
    assert len(short) <= limit and "\n" not in short


def test_shorten_is_quick_on_hostile_text():
    import time

    started = time.perf_counter()
    for text in ("(" * 20_000, "'a " * 7_000, "[" + ", ".join(["'x y'"] * 3_000) + "]", "(a, " * 5_000 + ")" * 5_000,
                 repr([[i, str(i)] for i in range(2_000)])):
        assert len(checks.shorten(text)) <= 160
    assert time.perf_counter() - started < 2


def test_shorten_cuts_only_a_word_too_long_for_the_line():
    assert checks.shorten("x" * 300, 40) == "x" * 39 + "…"
    short = checks.shorten("got " + "y" * 300 + " instead of 'mit'", 60)
    assert short.startswith("got ") and short.endswith(" instead of 'mit'") and len(short) <= 60


def test_a_long_message_keeps_its_end_and_the_hint_pointer():
    tail = "e.g. 'fix/card-license'"

    def verify(value):
        raise Mismatch("the working clone is on 'X': " + "words of explanation " * 20 + tail)

    lab = Lab("99", {"q1": Exercise("q1", 1, verify, "x", ("a hint",))})
    result, line = run(lab, "q1", 1)
    assert result.detail.endswith(tail + '. Try hint("q1").'), result.detail
    assert " … " in result.detail and line.count("\n") == 1


def test_a_question_is_not_followed_by_a_stray_full_stop():
    def verify(value):
        raise Mismatch("license 'MIT' is not a Hub license id; did you mean 'mit'?")

    lab = Lab("99", {"q1": Exercise("q1", 1, verify, "x", ("a hint",))})
    assert lab.evaluate("q1", 1).detail.endswith("did you mean 'mit'? Try hint(\"q1\").")


def test_exercise_definitions_are_validated():
    with pytest.raises(ValueError, match="look like 'q1'"):
        Exercise("question1", 1, lambda v: None, "x")
    with pytest.raises(ValueError, match="positive integer"):
        Exercise("q1", 0, lambda v: None, "x")


def test_load_lab_errors_name_the_labs_that_exist():
    with pytest.raises(ValueError, match="no exercises for lab 98; labs with exercises: 00"):
        load_lab(98)
    with pytest.raises(ValueError, match="expected a lab number"):
        load_lab("lab zero")


@given(st.text(max_size=30))
def test_normalize_lab_id_returns_two_digits_or_explains(text):
    try:
        number = checks.normalize_lab_id(text)
    except ValueError as error:
        assert "expected a lab number" in str(error)
    else:
        assert len(number) == 2 and number.isdigit()


# ---- fingerprints -------------------------------------------------------------------------------

@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_strings_compare_without_case_or_extra_spaces(text):
    assert canonical(f"  {text.upper()}  ") == canonical(" ".join(text.split()).upper())


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_integers_and_their_floats_fingerprint_alike(n):
    assert fingerprint(n, salt="s") == fingerprint(float(n), salt="s")


def test_fingerprint_depends_on_salt_and_decimals():
    assert fingerprint(1, salt="a") != fingerprint(1, salt="b")
    assert fingerprint(0.1234, salt="a", decimals=2) == fingerprint(0.12, salt="a", decimals=2)
    assert fingerprint(0.1234, salt="a", decimals=3) != fingerprint(0.12, salt="a", decimals=3)


def test_numpy_values_fingerprint_like_python_values():
    np = pytest.importorskip("numpy")
    assert canonical(np.int64(5)) == canonical(5)
    assert canonical(np.array([1.0, 2.0])) == canonical([1, 2])
    assert canonical(np.bool_(True)) == canonical(True)


def test_unfingerprintable_values_do_not_match():
    assert checks.matches(object(), "0" * 64, salt="s") is False
    with pytest.raises(TypeError, match="cannot fingerprint"):
        canonical(object())


# ---- never raises (the hostile-value grid over every exercise: tests/exercises/test_every_lab.py) ----

class Unprintable:
    def __str__(self):
        raise RuntimeError("str")

    def __repr__(self):
        raise RuntimeError("repr")


def test_verifier_bug_still_gives_one_line():
    def verify(value):
        raise Mismatch(Unprintable())  # a message that cannot be turned into text

    lab = Lab("99", {"q1": Exercise("q1", 1, verify, "x")})
    result, line = run(lab, "q1", 1)
    assert result.status == "failed" and line.count("\n") == 1


# ---- validators -----------------------------------------------------------------------------------

def _one_line_mismatch(call, *args) -> str:
    with pytest.raises(Mismatch) as raised:
        call(*args)
    text = str(raised.value)
    assert "\n" not in text and text.startswith("expected ")
    return text


@given(st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False)))
def test_as_number_takes_finite_ints_and_floats(value):
    assert as_number(value, "a number") == float(value)


@given(st.one_of(st.booleans(), st.text(), st.binary(), st.none(), st.lists(st.integers()),
                 st.sampled_from([math.nan, math.inf, -math.inf])))
def test_as_number_refuses_bools_text_containers_and_non_finite(value):
    text = _one_line_mismatch(as_number, value, "a share between 0 and 1")
    assert text.startswith("expected a share between 0 and 1, got ")


def test_as_number_takes_numpy_scalars_and_names_what_came():
    np = pytest.importorskip("numpy")
    assert as_number(np.float64(0.25), "a share") == 0.25
    assert as_number(np.int64(3), "a share") == 3.0
    assert _one_line_mismatch(as_number, np.array([1.0, 2.0]), "a share") == "expected a share, got ndarray"
    assert _one_line_mismatch(as_number, 10**400, "a share") == "expected a share, got int"
    assert _one_line_mismatch(as_number, float("inf"), "a share") == "expected a share, got inf"


@given(st.integers())
def test_as_int_takes_ints_and_refuses_the_rest(value):
    assert as_int(value, "a count") == value
    for other in (float(value), str(value), value > 0):
        assert _one_line_mismatch(as_int, other, "a count").startswith("expected a count, got ")


def test_as_int_takes_numpy_integers_only():
    np = pytest.importorskip("numpy")
    assert as_int(np.int64(7), "a count") == 7 and type(as_int(np.int64(7), "a count")) is int
    assert _one_line_mismatch(as_int, np.float64(7.0), "a count") == "expected a count, got float64"
    assert _one_line_mismatch(as_int, np.bool_(True), "a count") == "expected a count, got bool"


@given(st.lists(st.text(max_size=8), max_size=5), st.sampled_from([list, tuple, set, frozenset, iter]))
def test_as_strings_takes_any_collection_of_strings(items, kind):
    assert sorted(as_strings(kind(items), "names")) == sorted(kind(items) if kind is not iter else items)


@given(st.one_of(st.text(), st.binary(), st.dictionaries(st.text(), st.text()), st.integers(), st.none()))
def test_as_strings_refuses_a_single_string_a_dict_or_a_scalar(value):
    assert _one_line_mismatch(as_strings, value, "names").startswith("expected names, got ")


def test_as_strings_names_the_item_that_is_not_a_string():
    assert _one_line_mismatch(as_strings, ["MIT", 3], "license ids") == "expected license ids: 3 is not a string"


def test_as_function_mapping_and_instance():
    assert as_function(len, "a function f(x)") is len
    assert _one_line_mismatch(as_function, None, "a function f(x)") == "expected a function f(x), got NoneType"
    assert as_mapping({"a": 1}, "a dict") == {"a": 1}
    assert _one_line_mismatch(as_mapping, [("a", 1)], "a dict") == "expected a dict, got list"
    assert as_instance("x", str, "a word") == "x"
    assert _one_line_mismatch(as_instance, 3, (str, bytes), "a word") == "expected a word, got int"


def test_validators_never_raise_anything_but_mismatch_on_unprintable_values():
    for call in (as_number, as_int, as_strings, as_function, as_mapping):
        try:
            call(Unprintable(), "x")
        except Mismatch as wrong:
            assert str(wrong) == "expected x, got Unprintable"


# ---- the Exercises registry --------------------------------------------------------------------------

def test_registry_keeps_metadata_beside_the_verifier_and_derives_salts():
    ex = Exercises(99)

    @ex("q1", points=2, expects="a whole number", hints=("Count.",))
    def _q1(answer):
        expect(ex.matches(as_int(answer, "a whole number"), ex.fingerprint(7, "q1")), "not the count")

    @ex("q2", points=1, expects="the answer of q1 again")
    def _q2(answer):
        expect(ex.matches(answer, fingerprint(7, salt="99:q1"), qid="q1"), "not q1's answer")
        expect(ex.matches(answer, fingerprint(7, salt="99:q2b"), part="b"), "not the second part")

    assert ex.lab == "99" and ex.salt("q1") == "99:q1" and ex.salt("q3", "n") == "99:q3n"
    assert [(e.qid, e.points, e.expected, e.hints) for e in ex] == [
        ("q1", 2, "a whole number", ("Count.",)), ("q2", 1, "the answer of q1 again", ())]
    lab = Lab(ex.lab, dict(ex.items()))
    assert lab.evaluate("q1", 7).status == "passed" and lab.evaluate("q2", 7).status == "passed"
    assert lab.evaluate("q1", 8).detail == 'not the count. Try hint("q1").'
    assert lab.evaluate("q1", True).detail == 'expected a whole number, got bool. Try hint("q1").'


def test_a_refusal_says_the_kit_compares_after_only_where_declared():
    from osai import privacy

    ex = Exercises("99")
    for qid, compared in (("q1", False), ("q2", True)):
        ex(qid, points=1, expects="a function luhn(number)", refuses=("osai.privacy.luhn_valid",),
           compared=compared)(lambda luhn: expect(luhn("0") is True, "luhn('0') is True"))
    lab = Lab(ex.lab, dict(ex.items()))

    def luhn(number):
        return privacy.luhn_valid(number)

    assert lab.evaluate("q1", luhn).detail == ("your luhn calls osai's luhn_valid; this exercise asks you to write it "
                                               "yourself: the point is to see how it works.")
    assert lab.evaluate("q2", luhn).detail.endswith("(the kit's function is there to compare with after).")
    assert "compare" not in lab.evaluate("q1", privacy.luhn_valid).detail
    assert lab.evaluate("q2", privacy.luhn_valid).detail.startswith("your answer is osai's luhn_valid itself; ")
    assert [e.compared for e in ex] == [False, True]


@pytest.mark.parametrize("refuses, compared", [((), True), (("osai.privacy.luhn_valid",), "yes")])
def test_compared_needs_a_refused_function_and_a_bool(refuses, compared):
    with pytest.raises(ValueError, match="compared= of q1 is True only beside refuses="):
        Exercises("99")("q1", points=1, expects="x", refuses=refuses, compared=compared)


def test_registry_refuses_a_second_definition_and_matches_outside_a_verifier():
    ex = Exercises("99")
    ex("q1", points=1, expects="x")(lambda answer: None)
    with pytest.raises(ValueError, match="defined twice"):
        ex("q1", points=1, expects="x")(lambda answer: None)
    with pytest.raises(ValueError, match="give qid="):
        ex.matches(1, "00")
    with pytest.raises(ValueError, match="look like 'q1'"):
        ex("question 2", points=1, expects="x")(lambda answer: None)


def test_load_lab_refuses_a_registry_made_for_another_lab(monkeypatch):
    import osai.exercises.lab00 as lab00

    monkeypatch.setattr(lab00, "ex", Exercises("01"))
    with pytest.raises(ValueError, match=r"must define ex = Exercises\('00'\)"):
        load_lab("00")


def test_in_a_notebook_a_hint_is_shown_once():
    """Through a real kernel: the cell ``hint("q1")`` has exactly one output, the hint's line."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('from osai.checks import for_lab\ncheck, hint = for_lab("00")'),
                nbformat.v4.new_code_cell('hint("q1")')]
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    outputs = nb.cells[1].outputs
    assert len(outputs) == 1, outputs
    assert outputs[0].output_type == "stream" and outputs[0].name == "stdout"
    assert outputs[0].text.startswith("💡 q1 hint 1 of ") and outputs[0].text.count("\n") == 1
