# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Exercises of Lab 11, a first contribution. Most checks read the sandbox's real git state.

Answers are recomputed from the sandbox (issues, tests, commits, refs) or stored as salted
fingerprints; nothing here is the answer in plain text.
"""

from __future__ import annotations

import re
from typing import Any

from osai.checks import Exercises, Mismatch, as_instance, expect

ex = Exercises("11", salt_lab="09")
_SANDBOX = "the sandbox object `sb` from the set-up of this lab"


def _sandbox(value: Any) -> Any:
    from osai.contrib import Sandbox

    return as_instance(value, Sandbox, _SANDBOX)


def _changed(sb: Any, path: str) -> bool:
    """Whether ``path`` differs in the working clone (committed or not) from where the branch started."""
    base = sb.git("merge-base", "HEAD", "upstream/main")
    return bool(sb.git("diff", "--name-only", base, "--", path))


def _branch_commits(sb: Any) -> list[dict[str, Any]]:
    base = sb.git("merge-base", "HEAD", "upstream/main")
    return sb.commits(f"{base}..HEAD")


def _my_pull(sb: Any) -> Any:
    mine = [p for p in sb.pulls() if p.author == sb.learner.login]
    return mine[-1] if mine else None


@ex("q1", points=1, expects="a list of issue numbers",
    hints=("Each issue is a dict with 'number', 'state' and 'labels'.",
           "Keep issues whose state is 'open' and whose labels include 'good first issue'."))
def _q1(answer: Any) -> None:
    from osai.contrib import tinysent_issues

    issues = tinysent_issues()
    answer = as_instance(answer, (list, tuple, set), "a list of issue numbers")
    expect(all(isinstance(n, int) and not isinstance(n, bool) for n in answer),
           "the list should hold issue numbers (whole numbers such as 7), not titles")
    want = {i["number"] for i in issues if i["state"] == "open" and "good first issue" in i["labels"]}
    by_number = {i["number"]: i for i in issues}
    for n in sorted(set(answer) - want):
        issue = by_number.get(n)
        expect(issue is not None, f"there is no issue #{n}")
        expect(issue["state"] == "open", f"issue #{n} is closed: pick open issues only")
        raise Mismatch(f"issue #{n} is not labelled 'good first issue'")
    expect(set(answer) == want, "a good first issue is missing from your list")
    expect(len(answer) == len(want), "each issue should appear once")


@ex("q2", points=1, expects=_SANDBOX,
    hints=("CONTRIBUTING.md says how to name a branch: <type>/<short-description>.",
           "<type> is one of the commit types the guide lists (the kind of change you make); the description is "
           "two to four lower-case words joined by hyphens."))
def _q2(value: Any) -> None:
    from osai.contrib import branch_name_problem

    sb = _sandbox(value)
    branch = sb.current_branch()
    refused = getattr(sb, "refused_branch", None)
    if refused is not None:
        raise Mismatch(f"the name {refused!r} was refused (read why above the check); your clone is still on "
                       f"{branch!r}: correct `branch`, then run its cell and the next again")
    if branch == "main" and sb.git("rev-parse", "HEAD") == sb.git("rev-parse", "upstream/main"):
        raise NotImplementedError
    problem = branch_name_problem(branch)
    if problem is not None:
        raise Mismatch(f"branch {problem}" if problem.startswith(repr(branch)) else f"branch {branch!r}: {problem}")
    try:
        sb.git("merge-base", "--is-ancestor", "upstream/main", "HEAD")
    except Exception:  # noqa: BLE001 - git says "not an ancestor" through its exit code
        raise Mismatch(f"{branch!r} does not start from upstream/main: create it from there") from None


@ex("q3", points=1, expects=_SANDBOX,
    hints=("Read the first line of the LICENSE file: which license is it?",
           "Hub license ids are lower case; for the Apache License 2.0 it is 'apache-2.0'."))
def _q3(value: Any) -> None:
    from osai.cards import FrontMatterError, front_matter
    from osai.contrib import card_problems

    sb = _sandbox(value)
    if not _changed(sb, "README.md"):
        raise NotImplementedError
    text = sb.read("README.md")
    problems = card_problems(text)
    expect(not problems, f"README.md: {problems[0] if problems else ''}")
    try:
        data = front_matter(text)[0]
    except FrontMatterError:
        data = {}
    expect(ex.matches((data or {}).get("license"), "99cbc55c09aca3088d0ab2283d160c5bc87a6526f19c6a7c61979695d4f1cb4c"),
           "that is a Hub license id, but not the one of the license in the LICENSE file")
    base = sb.git("merge-base", "HEAD", "upstream/main")
    diff = sb.git("diff", "-U0", base, "--", "README.md").split("\n")
    edits = [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    expect(len(edits) == 2, f"change only the license line of README.md ({len(edits)} lines changed)")


def _tokenize_return(source: str) -> str:
    """What ``tokenize`` returns in the clone's ``tinysent/model.py``, to quote in a message."""
    import re

    found = re.search(r"def tokenize\(.*?\n(?:\s+.*\n)*?\s+(return\b.*)", source)
    return f"'{found.group(1).strip()}' in tokenize" if found else "tinysent/model.py as it is"


@ex("q4", points=2, expects=_SANDBOX,
    hints=("Run sb.run_tests() and read which test fails and why.",
           "tokenize must lower-case the text and keep only letters: re.findall(pattern, text.lower()).",
           "This hint shows code: the pattern r\"[a-z]+\" matches runs of lower-case letters."))
def _q4(value: Any) -> None:
    sb = _sandbox(value)
    if not _changed(sb, "tinysent/model.py"):
        raise NotImplementedError
    expect(not _changed(sb, "tests/"), "do not change the tests to make them pass: restore tests/ and fix the code")
    report = sb.run_tests()
    now = _tokenize_return(sb.read("tinysent/model.py"))
    broken = re.search(r"SyntaxError.*", report.error)
    expect(not broken, f"tinysent/model.py no longer parses: {broken.group(0) if broken else ''}; "
           "check the brackets and quotes of `new_return`")
    expect(not report.error, f"the tests could not run with {now}: {report.error}")
    expect(not report.failed, f"with {now}, still failing: "
           + ", ".join(name.split("::")[-1] for name in report.failed))
    expect(report.passed >= 5, f"only {report.passed} tests passed; the project has 5")


@ex("q5", points=2, expects=_SANDBOX,
    hints=("A subject is <type>(<scope>): <description>, e.g. 'docs(card): ...'.",
           "The tokenizer change repairs a bug, so its type is 'fix'; the card change is documentation."))
def _q5(value: Any) -> None:
    from osai.contrib import conventional_problem

    sb = _sandbox(value)
    commits = _branch_commits(sb)
    if not commits:
        raise NotImplementedError
    for commit in commits:
        problem = conventional_problem(commit["message"])
        expect(problem is None, f"commit {commit['sha'][:7]}: {problem}")
        expect(commit["author"] in commit["signoffs"],
               f"commit {commit['sha'][:7]} has no 'Signed-off-by: {commit['author']}': commit with -s")
    dirty = sb.git("status", "--porcelain", "--untracked-files=no")
    expect(not dirty, "some changes are not committed yet: git status should show a clean tree")
    fixes = [c for c in commits if c["message"].startswith(("fix:", "fix(", "fix!"))]
    touched = [sb.git("show", "--name-only", "--format=", c["sha"]).split("\n") for c in fixes]
    expect(any("tinysent/model.py" in files for files in touched),
           "the commit that changes tinysent/model.py fixes a bug: its type is 'fix'")


@ex("q6", points=1, expects=_SANDBOX,
    hints=("Look at which issues your two commits solve.",
           "Write one 'Fixes #N' line per issue in the description."))
def _q6(value: Any) -> None:
    sb = _sandbox(value)
    pr = _my_pull(sb)
    if pr is None:
        raise NotImplementedError
    from osai.contrib import tinysent_issues

    issues = tinysent_issues()

    want = {i["number"] for i in issues if i["state"] == "open" and "good first issue" in i["labels"]}
    expect(pr.fixes, "the description names no issue: write 'Fixes #N' for each issue the pull request closes")
    extra = sorted(set(pr.fixes) - want)
    expect(not extra, f"this pull request does not fix #{extra[0] if extra else ''}")
    missing = sorted(want - set(pr.fixes))
    expect(not missing, f"the pull request also fixes #{missing[0] if missing else ''}: say so with 'Fixes #N'")
    expect(0 < len(pr.title) <= 72 and "\n" not in pr.title,
           "give the pull request a short title: one line of at most 72 characters")


@ex("q7", points=2, expects=_SANDBOX,
    hints=("The bot's comment lists the three commands.",
           "git fetch upstream; git rebase upstream/main; git push --force-with-lease"))
def _q7(value: Any) -> None:
    from osai.contrib import conventional_problem

    sb = _sandbox(value)
    pr = _my_pull(sb)
    expect(pr is not None, "open the pull request first (exercise q6)")
    if pr.status == "merged":
        return
    main = sb.rev("refs/heads/main", repo="upstream")
    pushed = sb.rev(f"refs/heads/{pr.head_ref}", repo="fork")
    local = sb.rev(f"refs/heads/{pr.head_ref}")
    expect(pushed is not None, f"branch {pr.head_ref!r} is gone from your fork: push it again")

    def contains(sha: str | None) -> bool:
        try:
            sb.git("merge-base", "--is-ancestor", main or "", sha or "")
            return True
        except Exception:  # noqa: BLE001 - not an ancestor, or a commit this clone has not fetched
            return False

    fetched = sb.rev("refs/remotes/upstream/main") == main
    if not contains(local) and pushed == pr.head_sha and not fetched and len(pr.reviews) < 2:
        raise NotImplementedError  # nothing fetched, rebased, pushed or reviewed again since the bot's first review
    expect(fetched or contains(local),
           "your clone has not seen upstream's new commit: git fetch upstream, then git rebase upstream/main")
    expect(contains(local), "your branch does not contain upstream's new main: git rebase upstream/main "
           "(your own main is still the old one)")
    expect(pushed == local, "your fork still has the old branch: git push --force-with-lease")
    merges = sb.git("rev-list", "--merges", f"{main}..{local}")
    expect(not merges, "the branch has a merge commit: rebase onto upstream/main instead of merging")
    for commit in sb.commits(f"{main}..{local}"):
        expect(conventional_problem(commit["message"]) is None and commit["author"] in commit["signoffs"],
               f"commit {commit['sha'][:7]} lost its Conventional subject or sign-off")


@ex("q8", points=1, expects=_SANDBOX,
    hints=("Bring main up to date first: git switch main, git merge --ff-only upstream/main (after a fetch).",
           "Then push main to origin and delete the topic branch on the fork (git push origin --delete) and then "
           "locally (git branch -d): in that order git -d also accepts a branch an earlier try moved."))
def _q8(value: Any) -> None:
    sb = _sandbox(value)
    pr = _my_pull(sb)
    expect(pr is not None and pr.status == "merged", "the pull request is not merged yet: get an approving review first")
    branch_here = sb.rev(f"refs/heads/{pr.head_ref}")
    branch_fork = sb.rev(f"refs/heads/{pr.head_ref}", repo="fork")
    main_up = sb.rev("refs/heads/main", repo="upstream")
    fetched = sb.rev("refs/remotes/upstream/main") == main_up
    if sb.rev("refs/heads/main") != main_up and branch_here == pr.head_sha and not fetched:
        raise NotImplementedError  # nothing fetched, switched or deleted since the merge
    here = sb.current_branch()
    expect(here == "main", f"you are still on {here!r}: git switch main before you fast-forward it "
                           "(git merge --ff-only upstream/main moves the branch you are on)")
    expect(sb.rev("refs/heads/main") == main_up, "your local main is not upstream's main: fetch and fast-forward it")
    expect(sb.rev("refs/heads/main", repo="fork") == main_up, "your fork's main is behind: git push origin main")
    expect(branch_here is None or branch_fork is None,
           "delete the topic branch on your fork first (git push origin --delete), then here (git branch -d)")
    expect(branch_here is None, f"delete the merged branch locally: git branch -d {pr.head_ref}")
    expect(branch_fork is None, f"delete the merged branch on your fork: git push origin --delete {pr.head_ref}")


#: The problems exercise q9 lets a reviewer name, and which of them the peer's pull request has.
REVIEW_KEYS = ("edits-test", "no-sign-off", "not-conventional", "no-issue-link", "unrelated-file", "wrong-license-id",
               "secret")
_PEER_HAS = {"edits-test", "no-sign-off", "not-conventional", "no-issue-link", "unrelated-file"}
#: What the contributing guide forbids outright: a review that misses one of these approves a broken change.
_PEER_MUST = ("edits-test", "no-sign-off")
_NOT_IN_PEER = {
    "wrong-license-id": "'mit' is the Hub's id of the MIT license: the line is right, though it belongs to issue #1, not to this fix",
    "secret": "the pull request adds no token, key or binary file",
}
_WHY_MUST = {
    "edits-test": "it changes the test's expected answer to 'neutral': the guide says fix the code, never the test",
    "no-sign-off": "its commit has no Signed-off-by line, which the guide requires on every commit",
}


@ex("q9", points=2, expects="{'decision': 'approve', 'comment' or 'request changes', 'problems': [key, ...]}",
    hints=("Read the pull request line by line beside the contributing guide: commits, files, description.",
           "The guide's rules: Conventional Commits, a sign-off on every commit, fix the code and not the test, only "
           "the issue's files, 'Fixes #N'."))
def _q9(review: Any) -> None:
    from osai.checks import as_mapping

    review = as_mapping(review, "a dict with keys 'decision' and 'problems'")
    expect(set(review) == {"decision", "problems"}, "use exactly the keys 'decision' and 'problems'")
    decision = review["decision"]
    expect(isinstance(decision, str) and " ".join(decision.lower().split()) in ("approve", "comment", "request changes"),
           "'decision' is 'approve', 'comment' or 'request changes'")
    problems = review["problems"]
    expect(isinstance(problems, (list, tuple, set)) and all(isinstance(p, str) for p in problems),
           "'problems' is a list of the keys printed above")
    unknown = sorted(p for p in problems if p not in REVIEW_KEYS)
    expect(not unknown, f"{unknown[0] if unknown else ''!r} is not one of the keys printed above")
    wrong = sorted(p for p in problems if p in _NOT_IN_PEER)
    expect(not wrong, f"{wrong[0] if wrong else ''}: " + (_NOT_IN_PEER[wrong[0]] if wrong else ""))
    missed = [p for p in _PEER_MUST if p not in problems]
    expect(not missed, f"look again: {_WHY_MUST[missed[0]] if missed else ''}")
    expect(" ".join(decision.lower().split()) == "request changes",
           "a pull request that breaks the guide's rules is not merged as it is: ask for changes, and say which")


#: The candidate first contributions of exercise q10: which are defensible without asking first.
_WELCOME = {"a", "b", "d", "e"}
_NOT_FIRST = {
    "c": "a large rewrite nobody asked for is not a first contribution: open an issue and ask first",
    "f": "a project's license is its owners' decision, and every contributor's: never a newcomer's pull request",
}


@ex("q10", points=2, expects="a set of letters, e.g. {'a', 'b'}",
    hints=("A good first contribution is small, useful to the project, and within what a newcomer may decide.",
           "Triage, review, documentation and card fixes are contributions too; a rewrite or a relicensing needs the "
           "maintainers' decision first."))
def _q10(chosen: Any) -> None:
    expect(isinstance(chosen, (set, list, tuple, frozenset)) and all(isinstance(c, str) for c in chosen),
           "a set of letters, e.g. {'a', 'b'}")
    chosen = {c.strip().lower() for c in chosen}
    unknown = sorted(chosen - _WELCOME - set(_NOT_FIRST))
    expect(not unknown, f"{unknown[0] if unknown else ''!r} is not one of the letters a to f")
    bad = sorted(chosen & set(_NOT_FIRST))
    expect(not bad, f"{bad[0] if bad else ''}: " + (_NOT_FIRST[bad[0]] if bad else ""))
    expect(len(chosen) >= 2, "pick at least two: there is more than one good way to start")
    expect(chosen & {"a", "b", "d"}, "pick at least one contribution that is not code: a card, triage or a review")
