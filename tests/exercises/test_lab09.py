# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Lab 09, a first contribution (``osai.exercises.lab09``): the checks read a real git sandbox."""

from __future__ import annotations

import pytest

from osai.contrib import Sandbox

LAB = "09"
BRANCH = "fix/card-license-and-capitals"
FIX = 're.findall(r"[a-z]+", text.lower())'


# -- helpers: the lab's steps ------------------------------------------------------------------

def do_branch(sb, name=BRANCH):
    sb.git("switch", "-c", name)


def do_card(sb, value="mit"):
    sb.edit("README.md", "license: MIT License", f"license: {value}")


def do_fix(sb, expression=FIX):
    sb.edit("tinysent/model.py", "return text.split()", f"return {expression}")


def do_commits(sb, card="docs(card): use the Hub license id", fix="fix(tokenizer): lower-case words", signoff=True):
    sign = ["-s"] if signoff else []
    sb.git("add", "README.md")
    sb.git("commit", "-q", *sign, "-m", card)
    sb.git("add", "tinysent/model.py")
    sb.git("commit", "-q", *sign, "-m", fix)


def do_pr(sb, body="Fixes #1\nFixes #2\n", title="Fix the card and the tokenizer"):
    sb.git("push", "-q", "-u", "origin", sb.current_branch())
    return sb.open_pull_request(title, body)

@pytest.fixture
def sb(tmp_path):
    sandbox = Sandbox(tmp_path / "sandbox")
    yield sandbox
    sandbox.cleanup()


def test_q1(status):
    assert status(LAB, "q1", [1, 2]) == "passed"
    assert status(LAB, "q1", (2, 1)) == "passed"
    assert status(LAB, "q1", [1, 2, 4]) == "failed"  # closed
    assert status(LAB, "q1", [1, 2, 3]) == "failed"  # help wanted, not a good first issue
    assert status(LAB, "q1", [1]) == "failed"
    assert status(LAB, "q1", [1, 1, 2]) == "failed"
    assert status(LAB, "q1", ["1", "2"]) == "failed"
    assert status(LAB, "q1", [1, 2, 99]) == "failed"


def test_the_whole_lab_passes_in_order_and_q7_q8_wait_for_their_step(sb, status, evaluate):
    assert [status(LAB, q, sb) for q in ("q2", "q3", "q4", "q5", "q6")] == ["not_attempted"] * 5
    do_branch(sb)
    assert status(LAB, "q2", sb) == "passed"
    do_card(sb)
    assert status(LAB, "q3", sb) == "passed"
    do_fix(sb)
    assert status(LAB, "q4", sb) == "passed"
    do_commits(sb)
    assert status(LAB, "q5", sb) == "passed"
    pr = do_pr(sb)
    assert status(LAB, "q6", sb) == "passed"
    sb.review(pr)
    assert status(LAB, "q7", sb) == "not_attempted"
    sb.git("fetch", "-q", "upstream")
    sb.git("rebase", "-q", "upstream/main")
    assert "force-with-lease" in evaluate(LAB, "q7", sb).detail  # rebased but not pushed
    sb.git("push", "-q", "--force-with-lease")
    assert status(LAB, "q7", sb) == "passed"
    assert "not merged" in evaluate(LAB, "q8", sb).detail
    assert sb.review(pr).approved
    sb.merge(pr)
    assert status(LAB, "q8", sb) == "not_attempted"
    sb.git("fetch", "-q", "upstream")
    sb.git("switch", "-q", "main")
    sb.git("merge", "-q", "--ff-only", "upstream/main")
    assert "git push origin main" in evaluate(LAB, "q8", sb).detail
    sb.git("push", "-q", "origin", "main")
    assert "git branch -d" in evaluate(LAB, "q8", sb).detail
    sb.git("branch", "-q", "-d", BRANCH)
    assert "--delete" in evaluate(LAB, "q8", sb).detail
    sb.git("push", "-q", "origin", "--delete", BRANCH)
    assert status(LAB, "q8", sb) == "passed"
    assert status(LAB, "q7", sb) == "passed"  # still fine after the merge


def test_q2_wrong_branches(sb, status, evaluate):
    sb.git("switch", "-q", "-c", "mybranch")
    assert "lower case with hyphens" in evaluate(LAB, "q2", sb).detail
    sb.git("switch", "-q", "main")
    sb.edit("README.md", "license: MIT License", "license: mit")
    sb.git("commit", "-q", "-a", "-s", "-m", "docs: on main")
    assert "never work on 'main'" in evaluate(LAB, "q2", sb).detail
    sb.git("switch", "-q", "--orphan", "fix/orphan-branch")
    assert evaluate(LAB, "q2", sb).status == "failed"


def test_q3_wrong_cards(sb, status, evaluate):
    do_branch(sb)
    do_card(sb, "apache-2.0")
    assert "not the one of the license in the LICENSE file" in evaluate(LAB, "q3", sb).detail
    sb.edit("README.md", "license: apache-2.0", "license: MIT")
    assert "not a Hub license id" in evaluate(LAB, "q3", sb).detail
    sb.edit("README.md", "license: MIT", "license: mit")
    assert status(LAB, "q3", sb) == "passed"
    sb.edit("README.md", "# tinysent", "# TinySent")
    assert "only the license line" in evaluate(LAB, "q3", sb).detail


def test_q4_wrong_fixes(sb, status, evaluate):
    do_branch(sb)
    do_fix(sb, "text.lower().split()")
    assert "test_capitals_and_punctuation" in evaluate(LAB, "q4", sb).detail
    sb.edit("tests/test_model.py", 'assert predict("Terrible!") == "negative"', "pass")
    assert "do not change the tests" in evaluate(LAB, "q4", sb).detail
    sb.git("checkout", "-q", "--", "tests")
    sb.edit("tinysent/model.py", "text.lower().split()", "re.findall(r'[a-z]+', text.lower(")
    assert evaluate(LAB, "q4", sb).status == "failed"  # a syntax error fails the tests


def test_q5_wrong_commits(sb, status, evaluate):
    do_branch(sb)
    do_card(sb)
    do_fix(sb)

    def again(**kwargs):
        sb.git("reset", "-q", "upstream/main")  # undo the commits, keep the changes
        do_commits(sb, **kwargs)
        return evaluate(LAB, "q5", sb).detail

    do_commits(sb, signoff=False)
    assert "Signed-off-by" in evaluate(LAB, "q5", sb).detail
    assert "is not '<type>" in again(card="Updated README", fix="fix(tokenizer): x")
    assert "its type is 'fix'" in again(fix="docs(tokenizer): lower-case words")
    assert again() == ""
    sb.git("reset", "-q", "upstream/main")
    sb.git("commit", "-q", "-s", "-m", "docs(card): license", "--", "README.md")
    assert "not committed" in evaluate(LAB, "q5", sb).detail


def test_q6_wrong_descriptions(sb, status, evaluate):
    do_branch(sb)
    do_card(sb)
    do_fix(sb)
    do_commits(sb)
    pr = do_pr(sb, body="Fixes #1")
    assert "also fixes #2" in evaluate(LAB, "q6", sb).detail
    for fixes, words in (([1, 2, 3], "does not fix #3"), ([], "names no issue"), ([1, 2], "")):
        pr.fixes = fixes  # as if the description had been edited on the forge
        sb._save_pr(pr)
        assert words in evaluate(LAB, "q6", sb).detail
        assert (evaluate(LAB, "q6", sb).status == "passed") == (words == "")


def test_q7_merge_instead_of_rebase_fails(sb, status, evaluate):
    do_branch(sb)
    do_card(sb)
    do_fix(sb)
    do_commits(sb)
    pr = do_pr(sb)
    sb.review(pr)
    sb.git("fetch", "-q", "upstream")
    sb.git("merge", "-q", "--no-edit", "upstream/main")
    sb.git("push", "-q")
    assert "merge commit" in evaluate(LAB, "q7", sb).detail
