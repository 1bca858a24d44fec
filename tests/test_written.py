# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The written-answer cell format (osai.written)."""

import nbformat
import pytest
from hypothesis import given
from hypothesis import strategies as st

from osai.written import (DEFAULT_WORDS, PLACEHOLDER, WrittenError, answer_status, answer_text, asked_words,
                          parse_rubric, written_questions)

RUBRIC = "**Rubric w1** (3 points)\n\n- 1 point: names the restriction\n- 2 points: explains the freedom it removes"


def notebook(points=3, rubric=RUBRIC, rubric_tags=("rubric", "solution-only"), asks="", words=None):
    nb = nbformat.v4.new_notebook()
    question = nbformat.v4.new_markdown_cell(f"Why is this release not open source? {asks}(3 points)")
    answer = nbformat.v4.new_markdown_cell("Because its license forbids some uses.")
    answer.metadata = {"tags": ["written"], "nbgrader": {"grade": True, "solution": True, "points": points,
                                                          "grade_id": "w1", "locked": False, "schema_version": 3,
                                                          "task": False}}
    if words is not None:
        answer.metadata["osai"] = {"words": list(words)}
    rubric_cell = nbformat.v4.new_markdown_cell(rubric)
    rubric_cell.metadata = {"tags": list(rubric_tags)}
    nb.cells = [question, answer, rubric_cell]
    return nb


def test_a_written_question_reads_with_its_rubric_and_question():
    (q,) = written_questions(notebook(), "solutions/99_x.ipynb")
    assert (q.qid, q.points, q.rubric.points) == ("w1", 3, 3)
    assert q.question.startswith("Why is this release")
    assert q.model_answer == "Because its license forbids some uses."
    assert [c.text for c in q.rubric.criteria] == ["names the restriction", "explains the freedom it removes"]


@pytest.mark.parametrize("nb, message", [
    (notebook(points=2), "gives 2 points, its rubric 3"),
    (notebook(rubric="**Rubric w2** (3 points)\n- 3 points: x"), "is for w2"),
    (notebook(rubric="- 3 points: x"), "starts with a line like"),
    (notebook(rubric="**Rubric w1** (4 points)\n- 1 point: a\n- 2 points: b"), "add up to 3"),
    (notebook(rubric_tags=("solution-only",)), "must be its rubric"),
])
def test_a_bad_written_question_is_refused_with_where_and_why(nb, message):
    with pytest.raises(WrittenError, match=message) as error:
        written_questions(nb, "solutions/99_x.ipynb")
    assert "solutions/99_x.ipynb" in str(error.value)


def test_the_default_length_is_what_the_course_asks_for_and_a_question_may_ask_another():
    assert DEFAULT_WORDS == (80, 250)  # the course's questions: "about 80 to 250 words"
    assert written_questions(notebook())[0].words == DEFAULT_WORDS
    assert written_questions(notebook(asks="(about 40 to\n120 words) "))[0].words == (40, 120)
    assert written_questions(notebook(asks="(about 80 to 250 words) ", words=(60, 300)))[0].words == (60, 300)


def test_bounds_stricter_than_the_question_are_refused():
    with pytest.raises(WrittenError, match=r"osai.words \[100, 250\] is stricter than the 80 to 250 words"):
        written_questions(notebook(asks="(about 80 to 250 words) ", words=(100, 250)), "solutions/99_x.ipynb")
    with pytest.raises(WrittenError, match="must be"):
        written_questions(notebook(words=(50, 20)))


@given(st.integers(0, 2000), st.integers(0, 2000), st.text(max_size=40), st.text(max_size=40))
def test_asked_words_reads_a_range_in_any_prose(low, high, before, after):
    found = asked_words(f"{before} about {low} to {high} words {after}")
    assert found is None or (0 <= found[0] < found[1])
    if low < high and not any(c.isdigit() for c in before + after):
        assert found == (low, high)


def test_every_solution_asks_a_length_its_self_check_allows():
    """A written answer of the length its question asks for is never called short or long."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    for path in sorted((root / "solutions").glob("*.ipynb")):
        for q in written_questions(nbformat.read(path, as_version=4), path.name):
            asked = asked_words(q.question)
            assert asked is not None, (path.name, q.qid, "the question says how many words it asks for")
            assert q.words[0] <= asked[0] and asked[1] <= q.words[1], (path.name, q.qid)


def test_the_placeholder_and_blank_text_are_not_answered():
    cell = nbformat.v4.new_markdown_cell(f"  {PLACEHOLDER}\n")
    assert answer_text(cell) == ""
    assert answer_status(answer_text(cell)) == ("not answered", 0)
    assert answer_status("one two three", (2, 3)) == ("answered", 3)
    assert answer_status("one", (2, 3))[0] == "too short"
    assert answer_status("one two three four", (2, 3))[0] == "too long"


@given(st.text())
def test_any_text_gets_a_status_and_any_rubric_text_a_rubric_or_a_clear_refusal(text):
    status, words = answer_status(text)
    assert status in {"not answered", "too short", "too long", "answered"} and words >= 0
    try:
        rubric = parse_rubric(text, "cell 3")
    except WrittenError as error:
        assert str(error).startswith("cell 3: ")
    else:
        assert rubric.points == sum(c.points for c in rubric.criteria)
