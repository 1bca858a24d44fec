# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""osai.contrib: the offline forge (sandbox, pull requests, review bot, merge)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osai.cards import validate_card
from osai.contrib import (
    BRANCH_PATTERN,
    COMMIT_TYPES,
    LEARNER,
    GitError,
    Identity,
    Sandbox,
    _sweep_stale_sandboxes,
    branch_name_problem,
    card_problems,
    conventional_problem,
    git_environment,
    tinysent_folder,
    tinysent_issues,
)
from tests.contrib_steps import BRANCH, FIX, do_branch, do_card, do_commits, do_fix, do_pr, do_rebase, do_tidy


def ids(sb):
    return {
        "upstream": sb.rev("refs/heads/main", repo="upstream"),
        "fork": sb.rev("refs/heads/main", repo="fork"),
        "work": sb.rev("HEAD"),
    }


def _manifest(root):
    """Every file of a sandbox with its bytes, but the marker (it names the process) and git's index
    (a cache of file times and inodes, which differ between any two builds)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name not in {".osai-sandbox", "index"}}


# -- determinism and isolation -----------------------------------------------------------------

def full_flow(root):
    sb = Sandbox(root)
    do_branch(sb)
    do_card(sb)
    do_fix(sb)
    do_commits(sb)
    pr = do_pr(sb)
    first = sb.review(pr)
    do_rebase(sb)
    second = sb.review(pr)
    merged = sb.merge(pr)
    return sb, first, second, merged


def test_same_commit_ids_on_every_run_even_with_a_hostile_user_config(tmp_path, monkeypatch):
    sb1, first1, second1, merged1 = full_flow(tmp_path / "a")
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text("[user]\n\tname = Evil\n\temail = evil@example.com\n"
                                     "[commit]\n\tgpgsign = true\n[init]\n\tdefaultBranch = trunk\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Somebody Else")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2001-01-01T00:00:00+00:00")
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "nowhere"))
    sb2, first2, second2, merged2 = full_flow(tmp_path / "b")
    assert merged1 == merged2
    assert (first1.head_sha, second1.head_sha) == (first2.head_sha, second2.head_sha)
    assert first1.head_sha != second1.head_sha  # the rebase wrote new commits
    assert sb1.git("log", "--format=%H %an %ae %ad", "main", repo="upstream") == \
        sb2.git("log", "--format=%H %an %ae %ad", "main", repo="upstream")
    assert "Evil" not in sb2.git("log", "--format=%an %cn", "--all", repo="upstream")


def test_git_environment_drops_inherited_git_variables():
    env = git_environment(LEARNER, __import__("datetime").datetime(2026, 1, 1),
                          base={"GIT_DIR": "/x", "GIT_INDEX_FILE": "/y", "PYTEST_ADDOPTS": "-x", "PATH": "/bin"})
    assert "GIT_DIR" not in env and "GIT_INDEX_FILE" not in env and "PYTEST_ADDOPTS" not in env
    assert env["GIT_CONFIG_GLOBAL"] == os.devnull and env["GIT_CONFIG_NOSYSTEM"] == "1"
    keys = {env[f"GIT_CONFIG_KEY_{i}"]: env[f"GIT_CONFIG_VALUE_{i}"] for i in range(int(env["GIT_CONFIG_COUNT"]))}
    assert keys["init.defaultBranch"] == "main" and keys["commit.gpgsign"] == "false"


# -- the sandbox ---------------------------------------------------------------------------------

def test_layout_remotes_and_starting_state(sb):
    assert sb.remotes() == {"origin": "forks/ada.git", "upstream": "upstream.git"}
    assert sb.current_branch() == "main"
    assert len(set(ids(sb).values())) == 1
    assert sb.git("rev-parse", "--is-bare-repository", repo="upstream") == "true"
    assert sb.git("rev-parse", "--is-bare-repository", repo="fork") == "true"
    subjects = sb.git("log", "--format=%s", "upstream/main").split("\n")
    assert all(conventional_problem(s) is None for s in subjects)
    assert len(subjects) == 3
    assert "Signed-off-by" in sb.read("CONTRIBUTING.md") and "Conventional Commits" in sb.read("CONTRIBUTING.md")
    assert card_problems(sb.read("README.md"))  # the planted card error
    report = sb.run_tests()
    assert report.passed == 4 and report.failed == ("tests/test_model.py::test_capitals_and_punctuation",)
    assert not report.ok
    assert sb.run_tests("main", repo="upstream").failed == report.failed
    assert sb.git("status", "--porcelain") == ""  # running the tests leaves no files behind


def test_a_copy_is_what_a_build_in_its_folder_gives_and_leaves_the_template_alone(template, tmp_path):
    before = _manifest(template.root)
    # git writes absolute paths (remotes, FETCH_HEAD, reflogs): a bare copytree would point at the template
    assert str(template.root) in (template.work / ".git" / "config").read_text()
    built = _manifest(Sandbox(tmp_path / "here").root)
    shutil.rmtree(tmp_path / "here")
    copy = template._copy_to(tmp_path / "here")
    assert _manifest(copy.root) == built
    assert not any(str(template.root).encode() in data for data in _manifest(copy.root).values())
    assert copy.remotes() == {"origin": "forks/ada.git", "upstream": "upstream.git"}
    do_branch(copy)
    do_card(copy)
    copy.git("commit", "-q", "-a", "-s", "-m", "docs(card): fix license")
    copy.git("push", "-q", "-u", "origin", BRANCH)
    assert copy.rev(f"refs/heads/{BRANCH}", repo="fork") is not None
    assert template.rev(f"refs/heads/{BRANCH}", repo="fork") is None
    assert _manifest(template.root) == before
    with pytest.raises(ValueError, match="new folder"):
        template._copy_to(copy.root)


def test_root_rules(tmp_path):
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "thesis.tex").write_text("precious")
    with pytest.raises(ValueError, match="other files"):
        Sandbox(busy)
    assert (busy / "thesis.tex").read_text() == "precious"
    afile = tmp_path / "file"
    afile.write_text("x")
    with pytest.raises(ValueError, match="is a file"):
        Sandbox(afile)
    again = tmp_path / "again"
    first = Sandbox(again)
    do_branch(first)
    second = Sandbox(again)  # an earlier sandbox is wiped and rebuilt
    assert second.current_branch() == "main"
    with pytest.raises(TypeError, match="Identity"):
        Sandbox(tmp_path / "x", learner="ada")


def test_temporary_root_is_removed_by_cleanup_and_stale_ones_are_swept(tmp_path):
    sb = Sandbox()
    root = sb.root
    assert root.is_dir() and root.name.startswith("osai-lab11-")
    sb.cleanup()
    assert not root.exists()
    # a sandbox whose process has ended is swept by the next one
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = Sandbox()
    (stale.root / ".osai-sandbox").write_text(f"made by osai.contrib.Sandbox\npid={dead.pid}\n")
    assert _sweep_stale_sandboxes() >= 1
    assert not stale.root.exists()


def test_git_errors_and_argument_checks(sb):
    with pytest.raises(GitError) as caught:
        sb.git("switch", "no-such-branch")
    assert str(sb.root) not in str(caught.value) and "no-such-branch" in str(caught.value)
    with pytest.raises(ValueError, match="repo must be one of"):
        sb.git("status", repo="elsewhere")
    with pytest.raises(ValueError, match="strings"):
        sb.git()
    with pytest.raises(ValueError, match="strings"):
        sb.git("log", 3)
    assert sb.git("git log -1 --format=%s") == sb.git("log", "-1", "--format=%s")
    assert sb.rev("no-such-ref") is None


def test_edit_is_exact_and_explains_mistakes(sb):
    with pytest.raises(ValueError, match="closest line is 'license: MIT License'"):
        sb.edit("README.md", "license: MIT Licence", "license: mit")
    with pytest.raises(ValueError, match="occurs"):
        sb.edit("tinysent/model.py", "def ", "def")
    with pytest.raises(FileNotFoundError, match="did you mean 'README.md'"):
        sb.edit("READM.md", "a", "b")
    with pytest.raises(ValueError, match="outside"):
        sb.edit("../upstream.git/config", "a", "b")
    with pytest.raises(ValueError, match="two strings"):
        sb.edit("README.md", "", "x")
    sb.edit("README.md", "license: MIT License", "license: mit")
    assert card_problems(sb.read("README.md")) == []


# -- rules as pure functions -------------------------------------------------------------------

@settings(max_examples=60)
@given(type_=st.sampled_from(COMMIT_TYPES), scope=st.one_of(st.none(), st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)),
       bang=st.booleans(), description=st.from_regex(r"[a-z][a-z ]{0,40}[a-z]", fullmatch=True))
def test_conventional_subjects_are_accepted(type_, scope, bang, description):
    subject = f"{type_}{f'({scope})' if scope else ''}{'!' if bang else ''}: {description}"
    assert conventional_problem(subject) is None
    assert conventional_problem(subject + "\n\nA body after a blank line.\n\nSigned-off-by: A <a@b.c>") is None
    assert conventional_problem(subject + "\nbody glued to the subject") is not None
    assert conventional_problem(type_.upper() + subject[len(type_):]) is not None


@given(st.text(max_size=80))
@settings(max_examples=100)
def test_conventional_problem_never_raises_and_rejects_text_without_a_type(text):
    result = conventional_problem(text)
    assert result is None or isinstance(result, str)
    if ":" not in text.split("\n")[0]:
        assert result is not None


def test_conventional_problem_messages():
    assert "did you mean 'feat'" in conventional_problem("feature: add x")
    assert "lower case" in conventional_problem("Fix: x")
    assert "72" in conventional_problem("fix: " + "x" * 80)
    assert conventional_problem("") == "the commit message is empty"
    assert conventional_problem(None) == "the commit message is empty"
    assert conventional_problem("fix:no space") is not None


@settings(max_examples=60)
@given(st.text(max_size=40))
def test_branch_names(text):
    problem = branch_name_problem(text)
    assert (problem is None) == bool(BRANCH_PATTERN.match(text)) or text in {"main", "master"}
    assert branch_name_problem("main") and branch_name_problem("fix/Upper") and branch_name_problem("wip/x")
    assert branch_name_problem("docs/card-license") is None


def test_card_problems_are_the_card_validators_problems():
    card = (tinysent_folder() / "README.md").read_text(encoding="utf-8")
    fixed = card.replace("license: MIT License", "license: mit")
    assert card_problems(fixed) == [] == validate_card(fixed, kind="model")
    assert card_problems(card) == ["license 'MIT License' is not a Hub license id; did you mean 'mit'?"]
    cases = {
        "license: apache-2.0": None,
        "license: Apache 2": "not a Hub license id",
        "license: [mit, apache-2.0]": "one Hub license id",
        "license: other": "license 'other' needs license_name",
        "license: other\nlicense_name: x\nlicense_link: LICENSE": None,
        "license: [mit": "not valid YAML",
        "language: en": "required key 'license'",
    }
    for line, words in cases.items():
        text = fixed.replace("license: mit", line)
        problems = card_problems(text)
        assert problems == [p.message for p in validate_card(text, kind="model")]  # one validator
        assert (problems == []) if words is None else any(words in p for p in problems), (line, problems)
    assert "no YAML metadata block" in card_problems("# just a title")[0]
    assert "mapping" in card_problems("---\n- a\n- b\n---\n")[0]
    assert "no YAML metadata block" in card_problems("README.md")[0]  # text, never a file name
    with pytest.raises(TypeError, match="string"):
        card_problems(None)


def test_issues_ship_as_data_and_the_sandbox_lists_them(sb):
    issues = tinysent_issues()
    assert sb.issues() == issues
    assert [i["number"] for i in issues] == [1, 2, 3, 4]
    assert all({"number", "title", "state", "labels", "author", "body", "scope"} <= set(i) for i in issues)
    issues[0]["state"] = "closed"  # a copy: changing it changes nothing
    assert tinysent_issues()[0]["state"] == "open"


# -- pull requests, review, merge ----------------------------------------------------------------

def test_good_pull_request_is_reviewed_rebased_approved_and_merged(sb):
    do_branch(sb)
    do_card(sb)
    do_fix(sb)
    do_commits(sb)
    with pytest.raises(ValueError, match="push it first"):
        sb.open_pull_request("title", "Fixes #1")
    pr = do_pr(sb)
    assert pr.number == 5 and pr.ref == "refs/pull/5/head" and pr.fixes == [1, 2]
    assert sb.rev(pr.ref, repo="upstream") == sb.rev("HEAD")
    with pytest.raises(ValueError, match="already open"):
        sb.open_pull_request("again", "Fixes #1")
    first = sb.review(pr)
    assert first.state == "changes_requested" and first.failed() == ["up to date"]
    assert "git rebase upstream/main" in first.comment
    with pytest.raises(ValueError, match="approving review"):
        sb.merge(pr)
    do_rebase(sb)
    second = sb.review(pr.number)
    assert second.approved and second.head_sha == sb.rev("HEAD") != first.head_sha
    assert sb.rev(pr.ref, repo="upstream") == second.head_sha
    merged = sb.merge(pr)
    parents = sb.git("log", "-1", "--format=%P", merged, repo="upstream").split()
    assert parents[1] == second.head_sha and sb.rev("refs/heads/main", repo="upstream") == merged
    record = sb.pull(5)
    assert record.status == "merged" and record.merge_commit_oid == merged
    assert [r["state"] for r in record.reviews] == ["changes_requested", "approved"]
    assert {i["number"]: i["state"] for i in sb.issues()} == {1: "closed", 2: "closed", 3: "open", 4: "closed"}
    json_file = sb.forge / "pulls" / "0005.json"
    assert json_file.is_file() and '"merged"' in json_file.read_text()
    with pytest.raises(ValueError, match="already merged"):
        sb.merge(pr)
    with pytest.raises(ValueError, match="only open pull requests"):
        sb.review(pr)
    with pytest.raises(ValueError, match="no pull request"):
        sb.pull(99)


def test_bad_pull_request_fails_exactly_the_planted_checks(sb):
    do_branch(sb, "feat/stuff")
    do_card(sb, "Apache 2")
    (sb.work / "LICENSE").write_text("All rights reserved.\n")
    (sb.work / "weights.bin").write_bytes(bytes(range(256)) * 4)
    (sb.work / "tinysent" / "secrets.py").write_text('TOKEN = "hf_' + "a" * 34 + '"\n')
    sb.git("add", "-A")
    sb.git("commit", "-q", "-m", "updated stuff")  # not conventional, not signed off
    pr = do_pr(sb, body="Fixes #1")
    review = sb.review(pr)
    assert review.state == "changes_requested"
    assert set(review.failed()) == {"tests", "conventional commits", "sign-off (DCO)", "scope",
                                    "secrets and binaries", "model card", "up to date"}
    text = str(review)
    assert "LICENSE" in text and "weights.bin" in text and "secret" in text and "Apache 2" in text
    assert "test_capitals_and_punctuation" in text


def test_scope_needs_an_issue_and_merges_are_not_up_to_date(sb):
    do_branch(sb)
    do_card(sb)
    sb.git("commit", "-q", "-a", "-s", "-m", "docs(card): fix license")
    pr = do_pr(sb, body="Small fix, see the card.")
    review = sb.review(pr)
    assert "scope" in review.failed() and "Fixes #N" in str(review)
    # a merge of upstream/main into the branch instead of a rebase
    sb.git("fetch", "-q", "upstream")
    sb.git("merge", "-q", "--no-edit", "upstream/main")
    sb.git("push", "-q")
    review = sb.review(pr)
    assert any(c.name == "up to date" and not c.ok and "merge commits" in c.detail for c in review.checks)


def test_closed_or_unknown_issue_fails_scope(sb):
    do_branch(sb)
    do_card(sb)
    sb.git("commit", "-q", "-a", "-s", "-m", "docs(card): fix license")
    pr = do_pr(sb, body="Fixes #4")
    assert "no open issue #4" in str(sb.review(pr))


def test_pull_request_argument_checks(sb):
    with pytest.raises(ValueError, match="topic branch"):
        sb.open_pull_request("title", "Fixes #1")
    with pytest.raises(ValueError, match="title"):
        sb.open_pull_request("  ", "Fixes #1")
    with pytest.raises(ValueError, match="body"):
        sb.open_pull_request("title", None)


def test_a_second_pull_request_from_the_same_branch_points_to_editing(sb):
    do_branch(sb)
    do_card(sb)
    do_fix(sb)
    do_commits(sb)
    do_pr(sb)
    with pytest.raises(ValueError, match=r"already open .*sb\.edit_pull_request"):
        sb.open_pull_request("Another title", "Fixes #1")


# -- redoing a step: the public ways a lab corrects an earlier answer ------------------------------

def test_start_branch_creates_then_renames_and_refuses_main(sb):
    assert sb.start_branch("Fix_capitals") == "Fix_capitals"
    sb.edit("README.md", "license: MIT License", "license: mit")
    sb.git("commit", "-q", "-a", "-s", "-m", "docs(card): fix license")
    sb.start_branch("fix/capitals")
    assert sb.current_branch() == "fix/capitals" and sb.rev("refs/heads/Fix_capitals") is None
    assert len(sb.commits("upstream/main..HEAD")) == 1  # the commit came along
    assert sb.start_branch("fix/capitals") == "fix/capitals"
    sb.git("switch", "-q", "main")
    assert sb.start_branch("fix/capitals") == "fix/capitals" and len(sb.commits("upstream/main..HEAD")) == 1
    with pytest.raises(ValueError, match="never work on 'main'"):
        sb.start_branch("main")
    with pytest.raises(ValueError, match="expected a branch name"):
        sb.start_branch("")


def test_restore_undoes_committed_and_uncommitted_edits_of_one_file(sb):
    do_branch(sb)
    do_card(sb, "MIT")
    sb.git("commit", "-q", "-a", "-s", "-m", "docs(card): license")
    do_fix(sb, "text.lower().split()")
    sb.restore("README.md")
    sb.restore("tinysent/model.py")
    assert "license: MIT License" in sb.read("README.md") and "return text.split()" in sb.read("tinysent/model.py")
    assert sb.branch_base() == sb.rev("upstream/main")
    with pytest.raises(ValueError, match="outside the working clone"):
        sb.restore("../upstream.git/config")


def test_edit_pull_request_changes_title_description_and_linked_issues(sb):
    do_branch(sb)
    do_card(sb)
    do_fix(sb)
    do_commits(sb)
    pr = do_pr(sb, body="Fixes #1 and #2")
    assert pr.fixes == [1]
    edited = sb.edit_pull_request(pr, title="Fix card and tokenizer", body="Fixes #1\nFixes #2")
    assert (edited.title, edited.fixes, edited.number) == ("Fix card and tokenizer", [1, 2], pr.number)
    assert sb.pull(pr.number).fixes == [1, 2] and sb.my_pull_request().number == pr.number
    assert "scope: 2 file(s) changed, all within #1, #2" in str(sb.review(pr))
    with pytest.raises(ValueError, match="title"):
        sb.edit_pull_request(pr, title=" ")
    with pytest.raises(ValueError, match="no pull request"):
        sb.edit_pull_request(99, body="Fixes #1")


def test_moving_upstream_can_be_switched_off(tmp_path):
    sb = Sandbox(tmp_path / "still", upstream_moves=False)
    do_branch(sb)
    do_card(sb)
    do_fix(sb)
    do_commits(sb)
    assert sb.review(do_pr(sb)).approved


def test_another_learner_identity(tmp_path):
    grace = Identity("Grace Student", "grace@example.org", "grace")
    sb = Sandbox(tmp_path / "g", learner=grace)
    assert sb.remotes()["origin"] == "forks/grace.git"
    do_branch(sb)
    do_card(sb)
    sb.git("commit", "-q", "-a", "-s", "-m", "docs(card): fix license")
    assert sb.commits("upstream/main..HEAD")[0]["signoffs"] == ["Grace Student <grace@example.org>"]


def test_old_git_is_refused_with_a_clear_message(monkeypatch):
    import osai.contrib as contrib

    class Done:
        stdout = "git version 2.20.1\n"

    monkeypatch.setattr(subprocess, "run", lambda *a, **k: Done())
    with pytest.raises(RuntimeError, match="2.31 or newer is needed, found git version 2.20.1"):
        contrib._require_git()
