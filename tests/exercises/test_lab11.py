# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Lab 11, a first contribution (``osai.exercises.lab11``): the checks read a real git sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.contrib_steps import BRANCH, FIX, do_branch, do_card, do_commits, do_fix, do_pr
from osai.contrib import GitError

ROOT = Path(__file__).resolve().parents[2]
LAB = "11"


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
    assert "first (git push origin --delete), then here (git branch -d)" in evaluate(LAB, "q8", sb).detail
    sb.git("push", "-q", "origin", "--delete", BRANCH)
    assert "git branch -d" in evaluate(LAB, "q8", sb).detail
    sb.git("branch", "-q", "-d", BRANCH)
    assert status(LAB, "q8", sb) == "passed"
    assert status(LAB, "q7", sb) == "passed"  # still fine after the merge


def test_q2_wrong_branches(sb, status, evaluate):
    sb.git("switch", "-q", "-c", "mybranch")
    assert "lower case with hyphens" in evaluate(LAB, "q2", sb).detail
    sb.start_branch("feature/tokenizer-capitals")
    assert "'feature' is not a type of CONTRIBUTING.md: did you mean 'feat'?" in evaluate(LAB, "q2", sb).detail
    sb.start_branch("mybranch")
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


# -- a mistake in every step that changes the repository, corrected by running its cells again ---

def _cells():
    import nbformat

    nb = nbformat.read(ROOT / "solutions" / "11_first_contribution.ipynb", as_version=4)
    return {c.id: c.source for c in nb.cells if c.cell_type == "code"}


def test_every_step_recovers_from_a_wrong_answer_without_a_new_sandbox(tmp_path):
    """Run the solution's own cells as a student would: a wrong answer, its check, the corrected answer,
    the same cells again, and full marks at the end, in one sandbox."""
    import contextlib
    import io

    from osai.checks import load_lab

    cells = _cells()
    lab = load_lab(LAB)
    env = {"__name__": "__lab__"}
    out = io.StringIO()

    def run(*ids):
        with contextlib.redirect_stdout(out):
            for cid in ids:
                exec(compile(cells[cid], cid, "exec"), env)  # noqa: S102 - the lab's own cells

    marks = {}

    def verdict(qid):
        """The check cell's verdict now; the last one of each exercise is what grading would see."""
        result = lab.evaluate(qid, env["sb"])
        marks[qid] = result.points
        return result

    run("setup", "sandbox", "issues")
    sb = env["sb"]
    try:
        env["branch"] = "Fix_tokenizer_capitals"
        run("branch-create")
        assert "e.g. 'fix/card-license'" in verdict("q2").detail
        env["branch"] = "fix/tokenizer-capitals"
        run("branch-create")
        assert verdict("q2").passed and sb.git("branch", "--format=%(refname:short)") == "fix/tokenizer-capitals\nmain"

        env["license_id"] = "MIT"
        run("card-edit")
        assert "license 'MIT' is not a Hub license id" in verdict("q3").detail
        env["license_id"] = "mit"
        run("card-edit")
        assert verdict("q3").passed

        env["new_return"] = "text.lower().split()"
        run("fix-edit")
        assert "'return text.lower().split()' in tokenize" in verdict("q4").detail
        env["new_return"] = 're.findall(r"\\w+", text.lower())'  # correct, and not the solution's pattern
        run("fix-edit")
        assert verdict("q4").passed, verdict("q4").detail

        env.update(card_message="Fixed the card", fix_message="Fixed tokenizer: ignore capitals")
        run("commit")
        assert "is not '<type>" in verdict("q5").detail
        env.update(card_message="docs(card): use the Hub license id", fix_message="fix(tokenizer): ignore capitals")
        run("commit")
        assert verdict("q5").passed and len(sb.commits("upstream/main..HEAD")) == 2

        env.update(pr_title="Fix the card\nand the tokenizer", pr_body="Fixes #1 and #2")
        run("pr-open")
        assert "also fixes #2" in verdict("q6").detail
        env["pr_body"] = "Fixes #1\nFixes #2"
        run("pr-open")
        assert "one line" in verdict("q6").detail
        env["pr_title"] = "Fix the card and the tokenizer"
        run("pr-open")
        assert verdict("q6").passed and [p.number for p in sb.pulls()] == [5]

        run("review", "upstream-moved")

        def stale_update(sb):
            sb.git("fetch", "--quiet", "upstream")
            sb.git("rebase", "--quiet", "main")  # the learner's own, old main
            sb.git("push", "--quiet", "--force-with-lease")

        env["update_branch"] = stale_update
        run("rebase")
        assert verdict("q7").status == "failed" and "git rebase upstream/main" in verdict("q7").detail
        run("q7-answer", "rebase")
        assert verdict("q7").passed

        run("merge")

        def forgetful_tidy(sb, branch):
            sb.git("fetch", "--quiet", "upstream")
            sb.git("switch", "--quiet", "main")
            sb.git("merge", "--quiet", "--ff-only", "upstream/main")
            sb.git("branch", "--quiet", "-d", branch)
            sb.git("push", "--quiet", "origin", "--delete", branch)

        env["tidy_up"] = forgetful_tidy
        run("tidy")
        assert "git push origin main" in verdict("q8").detail
        run("q8-answer", "tidy")  # deleting the fork's branch now fails (already deleted): reported, not raised
        assert "remote ref does not exist" in out.getvalue()

        assert verdict("q8").passed and verdict("q7").passed
        run("q1-answer")
        marks["q1"] = lab.evaluate("q1", env["good_first_issues"]).points
        run("q9-answer", "q10-answer")  # the review and the choice change no state
        marks["q9"] = lab.evaluate("q9", env["peer_review"]).points
        marks["q10"] = lab.evaluate("q10", env["first_contributions"]).points
        assert sum(marks.values()) == lab.max_points, marks
    finally:
        sb.cleanup()


def test_reset_starts_over_with_the_same_commit_ids(sb, status):
    fresh = sb.git("log", "--format=%H", "--all")
    do_branch(sb)
    do_card(sb)
    do_fix(sb)
    do_commits(sb)
    do_pr(sb)
    sb.reset()
    assert sb.current_branch() == "main" and sb.pulls() == [] and sb.git("log", "--format=%H", "--all") == fresh
    assert status(LAB, "q2", sb) == "not_attempted"
    do_branch(sb)
    do_card(sb)
    do_fix(sb)
    do_commits(sb)
    do_pr(sb)
    assert status(LAB, "q6", sb) == "passed"


#: Per exercise of the handed-out lab: (answer cell, a plausible wrong answer, a right one, cells to run after it).
_STEPS = [
    ("q1-answer", "good_first_issues = [1, 2, 4]", "good_first_issues = [1, 2]", ["q1-check"]),
    ("q2-answer", 'branch = "Fix_tokenizer_capitals"', 'branch = "fix/tokenizer-capitals"',
     ["branch-create", "q2-check"]),
    ("q3-answer", 'license_id = "MIT"', 'license_id = "mit"', ["card-edit", "q3-check"]),
    ("q4-answer", "new_return = 'text.lower().split()'", "new_return = 're.findall(r\"\\\\w+\", text.lower())'",
     ["fix-edit", "q4-check"]),
    ("q5-answer", 'card_message = "Fixed the card"\nfix_message = "Fixed tokenizer: capitals"',
     'card_message = "docs(card): use the Hub license id"\nfix_message = "fix(tokenizer): ignore capitals"',
     ["commit", "q5-check"]),
    ("q6-answer", 'pr_title = "Fix the card and the tokenizer"\npr_body = "Fixes #1 and #2"',
     'pr_title = "Fix the card and the tokenizer"\npr_body = "Fixes #1\\nFixes #2"', ["pr-open", "q6-check"]),
    ("q7-answer",
     'def update_branch(sb):\n    sb.git("fetch", "upstream")\n    sb.git("rebase", "main")\n    sb.git("push", "--force-with-lease")',
     'def update_branch(sb):\n    sb.git("fetch", "upstream")\n    sb.git("rebase", "upstream/main")\n    sb.git("push", "--force-with-lease")',
     ["rebase", "q7-check"]),
    ("q8-answer",
     'def tidy_up(sb, branch):\n    sb.git("fetch", "upstream")\n    sb.git("switch", "main")\n'
     '    sb.git("merge", "--ff-only", "upstream/main")\n    sb.git("branch", "-d", branch)\n'
     '    sb.git("push", "origin", "--delete", branch)',
     'def tidy_up(sb, branch):\n    sb.git("fetch", "upstream")\n    sb.git("switch", "main")\n'
     '    sb.git("merge", "--ff-only", "upstream/main")\n    sb.git("push", "origin", "main")\n'
     '    sb.git("branch", "-d", branch)\n    sb.git("push", "origin", "--delete", branch)',
     ["tidy", "q8-check"]),
    ("q9-answer", 'peer_review = {"decision": "approve", "problems": ["edits-test", "no-sign-off"]}',
     'peer_review = {"decision": "request changes", "problems": ["edits-test", "no-sign-off"]}', ["q9-check"]),
    ("q10-answer", 'first_contributions = {"a", "c"}', 'first_contributions = {"a", "e"}', ["q10-check"]),
]


def test_the_handed_out_lab_recovers_from_a_wrong_answer_in_every_step_in_one_kernel():
    """The lab as students get it, in a real kernel: each answer first wrong, then corrected and its cells
    run again, never a new sandbox; every check ends passed, and no cell raises."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(ROOT / "labs" / "11_first_contribution.ipynb", as_version=4)
    index = {c.id: i for i, c in enumerate(nb.cells)}
    client = NotebookClient(nb, timeout=120, kernel_name="python3")

    def run(cid):
        client.execute_cell(nb.cells[index[cid]], index[cid])
        return "".join(o.get("text", "") for o in nb.cells[index[cid]].outputs)

    steps = {answer: (wrong, right, after) for answer, wrong, right, after in _STEPS}
    in_a_step = {cid for *_, after in _STEPS for cid in after}
    final = {}
    with client.setup_kernel():
        for cell in [c for c in nb.cells if c.cell_type == "code"]:
            if cell.id in steps:
                wrong, right, after = steps[cell.id]
                cell.source = wrong
                said = [run(cell.id)] + [run(cid) for cid in after]
                assert said[-1].startswith("❌"), (cell.id, said)
                cell.source = right
                said = [run(cell.id)] + [run(cid) for cid in after]
                final[after[-1]] = said[-1]
            elif cell.id not in in_a_step:
                run(cell.id)
        for cid in ("review", "rebase", "merge", "tidy", "q8-check"):  # once more after the end: nothing raises
            said = run(cid)
        assert said == final["q8-check"]
    points = {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]["points"]
              for c in nb.cells if "check" in c.metadata.get("tags", [])}
    assert final == {f"{qid}-check": f"✅ {qid} passed ({p}/{p})\n" for qid, p in points.items()}, final


def test_q9_the_review_names_what_the_guide_forbids(status, evaluate):
    right = {"decision": "request changes", "problems": ["edits-test", "no-sign-off"]}
    assert status(LAB, "q9", right) == "passed"
    every = {"decision": "Request  changes", "problems": ["edits-test", "no-sign-off", "not-conventional",
                                                          "no-issue-link", "unrelated-file"]}
    assert status(LAB, "q9", every) == "passed"
    assert "fix the code, never the test" in evaluate(LAB, "q9", {**right, "problems": ["no-sign-off"]}).detail
    assert "Signed-off-by" in evaluate(LAB, "q9", {**right, "problems": ["edits-test"]}).detail
    assert "the line is right" in evaluate(LAB, "q9", {**right, "problems": [*right["problems"],
                                                                             "wrong-license-id"]}).detail
    assert "ask for changes" in evaluate(LAB, "q9", {**right, "decision": "approve"}).detail
    assert "not one of the keys" in evaluate(LAB, "q9", {**right, "problems": ["typo"]}).detail


def test_q10_accepts_every_defensible_choice(status, evaluate):
    for chosen in ({"a", "b"}, {"a", "d"}, {"b", "d", "e"}, ["a", "b", "d", "e"], {"A", "e"}):
        assert status(LAB, "q10", chosen) == "passed", chosen
    assert "ask first" in evaluate(LAB, "q10", {"a", "c"}).detail
    assert "owners' decision" in evaluate(LAB, "q10", {"a", "f"}).detail
    assert "not code" in evaluate(LAB, "q10", {"e"} | set()).detail or status(LAB, "q10", {"e"}) == "failed"
    assert status(LAB, "q10", {"a"}) == "failed"
    assert status(LAB, "q10", "ab") == "failed"


def test_points_of_the_new_items_agree_with_the_solution(solution_points):
    points = solution_points(LAB)
    assert points["q9"] == 2 and points["q10"] == 2


def test_q8_recovers_when_main_was_fast_forwarded_on_the_topic_branch(sb, status, evaluate):
    """A first try that forgets `git switch main` moves the topic branch; the corrected order still passes."""
    sb.start_branch(BRANCH)
    sb.edit("tinysent/model.py", "return text.split()", 'return re.findall(r"[a-z]+", text.lower())')
    sb.git("commit", "-q", "-s", "-am", "fix(tokenizer): lower-case words and drop punctuation")
    sb.git("push", "-q", "-u", "origin", BRANCH)
    pr = sb.open_pull_request("Fix capitalised words", "Fixes #2")
    sb.git("fetch", "-q", "upstream")
    sb.git("rebase", "-q", "upstream/main")
    sb.git("push", "-q", "--force-with-lease")
    assert sb.review(pr).approved
    sb.merge(pr)
    sb.git("fetch", "-q", "upstream")
    sb.git("merge", "-q", "--ff-only", "upstream/main")  # still on the topic branch
    assert "still on" in evaluate(LAB, "q8", sb).detail and "git switch main" in evaluate(LAB, "q8", sb).detail
    sb.git("switch", "-q", "main")
    sb.git("merge", "-q", "--ff-only", "upstream/main")
    sb.git("push", "-q", "origin", "main")
    with pytest.raises(GitError):  # git refuses: the fork's copy of the branch lacks the moved commits
        sb.git("branch", "-d", BRANCH)
    assert "first (git push origin --delete)" in evaluate(LAB, "q8", sb).detail
    sb.git("push", "-q", "origin", "--delete", BRANCH)
    sb.git("branch", "-q", "-d", BRANCH)
    assert status(LAB, "q8", sb) == "passed"


def test_q2_names_a_refused_branch_instead_of_not_attempted(sb, status, evaluate):
    for bad in ("main", "fix/Tokenizer Capitals"):
        with pytest.raises((GitError, ValueError)):
            sb.start_branch(bad)
        detail = evaluate(LAB, "q2", sb).detail
        assert repr(bad) in detail and "still on 'main'" in detail
    sb.start_branch("fix/capitals")
    assert status(LAB, "q2", sb) == "passed"
    with pytest.raises(ValueError):
        sb.start_branch("main")
    assert "still on 'fix/capitals'" in evaluate(LAB, "q2", sb).detail


def test_q4_names_a_syntax_error(sb, evaluate):
    sb.start_branch(BRANCH)
    sb.edit("tinysent/model.py", "return text.split()", 'return re.findall(r"[a-z]+", text.lower()')
    detail = evaluate(LAB, "q4", sb).detail
    assert "SyntaxError" in detail and "brackets" in detail
