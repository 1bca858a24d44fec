# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""One course setting ([tool.osai.course]): a fork sets it once, and every badge, install line,
launch link and Classroom file points at the fork."""

from __future__ import annotations

import json
import re

import nbformat
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from osai import course
from osai.cli import app
from osai.course import CourseError, CourseSetting
from tests.fork_kit import ROOT, commit_and_push, copy_kit, git

FORK = "my-uni/osai-fall-2026"


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


# ---------------------------------------------------------------------------------------------
# The setting itself


@given(st.text(max_size=40), st.text(max_size=20))
def test_a_setting_is_a_github_owner_name_and_a_ref_or_a_clear_error(repository, ref):
    try:
        setting = CourseSetting(repository, ref)
    except CourseError as error:
        assert "[tool.osai.course]" in str(error)
        return
    assert re.fullmatch(r"[\w.-]+/[\w.-]+", setting.repository) and setting.ref
    text = course.pip_requirement(setting)  # what a notebook cell and pip will read
    assert course.with_install_line(f'%pip install {text}\n', setting) == f'%pip install {text}\n'


@pytest.mark.parametrize("table, message", [
    ("", "no [tool.osai.course]"),
    ('[tool.osai.course]\nref = "main"\n', "no [tool.osai.course]"),
    ('[tool.osai.course]\nrepository = "a/b"\nbranch = "main"\n', "not branch"),
    ('[tool.osai.course]\nrepository = "https://github.com/a/b"\n', "owner/name"),
    ('[tool.osai.course\n', "not readable TOML"),
])
def test_a_missing_or_malformed_setting_says_what_is_expected(tmp_path, table, message):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n' + table, encoding="utf-8")
    with pytest.raises(CourseError, match=re.escape(message)):
        course.load_course(tmp_path)


def test_the_kit_names_its_own_repository_in_the_setting():
    assert course.load_course(ROOT) == course.DEFAULT


@pytest.mark.parametrize("url, expected", [
    ("https://github.com/my-uni/osai-fall-2026.git", FORK), ("git@github.com:my-uni/osai-fall-2026.git", FORK),
    ("ssh://git@github.com/my-uni/osai-fall-2026", FORK), ("https://gitlab.com/my-uni/osai-fall-2026", None),
])
def test_remote_urls_are_read_as_github_repositories(url, expected):
    assert course.github_repository(url) == expected


# ---------------------------------------------------------------------------------------------
# A fork: set the course once, build, and everything points at the fork


def every_link(text: str) -> list[str]:
    """The launch links (Binder, Colab) and the kit's install requirements in ``text``."""
    return re.findall(r"(?:https://(?:colab\.research\.google\.com/github|mybinder\.org/v2/gh)/|osai-labkit@git\+)"
                      r"[^\s)\"'\\]+", text)


def assert_points_at(text: str, repository: str, ref: str, where: str) -> None:
    links = every_link(text)
    assert links, f"{where}: no link to the course"
    for link in links:
        assert f"/{repository}/" in link + "/" or f"/{repository}@" in link or f"/{repository}.git" in link, (where, link)
        assert "osai-labkit/osai-labkit" not in link, (where, link)
    assert ref in text, where


def test_a_fork_sets_the_course_once_and_every_link_follows(tmp_path):
    fork = copy_kit(tmp_path / "fork", FORK, "fall-2026")
    built = invoke("build-labs", "--solutions", str(fork / "solutions"), "--labs", str(fork / "labs"))
    assert built.exit_code == 0, built.output
    assert invoke("build-labs", "--check", "--solutions", str(fork / "solutions"),
                  "--labs", str(fork / "labs")).exit_code == 0
    setting = CourseSetting(FORK, "fall-2026")
    for folder in ("solutions", "labs"):
        for path in sorted((fork / folder).glob("[0-9][0-9]_*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            setup = course.setup_cell(nb).source
            assert f'"install --quiet {course.pip_requirement(setting)}"' in setup, path
            if folder == "labs":
                assert f"({course.colab_url(setting, path.name)})" in nb.cells[0].source, path
            assert "osai-labkit/osai-labkit" not in nbformat.writes(nb), path
    readme = (fork / "README.md").read_text(encoding="utf-8")
    assert course.binder_url(setting) in readme
    assert readme.count("https://colab.research.google.com/github/") == \
        readme.count(f"https://colab.research.google.com/github/{FORK}/blob/fall-2026/labs/")
    assert "mybinder.org/v2/gh/osai-labkit" not in readme and "github/osai-labkit/osai-labkit" not in readme
    # Only the launch links and the install line changed: the solutions' outputs are the kit's.
    for path in sorted((fork / "solutions").glob("*.ipynb")):
        mine, kit = (nbformat.read(p, as_version=4) for p in (path, ROOT / "solutions" / path.name))
        assert [c.get("outputs") for c in mine.cells] == [c.get("outputs") for c in kit.cells]

    # The Classroom template made in the committed, pushed fork installs and grades with the fork.
    commit_and_push(fork, FORK, "fall-2026")
    out = tmp_path / "lab03-template"
    made = invoke("classroom-template", str(out), "--labs", "03", "--solutions", str(fork / "solutions"),
                  "--labs-dir", str(fork / "labs"))
    assert made.exit_code == 0, made.output
    assert "error" not in made.output and "WARNING" not in made.output
    flow = yaml.safe_load((out / ".github" / "workflows" / "classroom.yml").read_text(encoding="utf-8"))
    (job,) = flow["jobs"].values()
    kit = next(s for s in job["steps"] if s.get("with", {}).get("path") == ".osai-kit")
    assert (kit["with"]["repository"], kit["with"]["ref"]) == (FORK, "fall-2026")
    assert "solutions" not in kit["with"]["sparse-checkout"]
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8")
        assert "osai-labkit/osai-labkit" not in text, path
        if path.suffix == ".ipynb" or path.name == "README.md":
            assert_points_at(text, FORK, "fall-2026", str(path.relative_to(out)))
    tests = json.loads((out / ".github" / "classroom" / "autograding.json").read_text(encoding="utf-8"))["tests"]
    assert all("--reference .github/classroom/reference.json" in t["run"] for t in tests)


def test_check_fails_when_the_setting_changes_after_a_build(tmp_path):
    fork = copy_kit(tmp_path / "fork", FORK)
    assert invoke("build-labs", "--solutions", str(fork / "solutions"), "--labs", str(fork / "labs")).exit_code == 0
    copy_kit(tmp_path / "other", "someone/else")
    (fork / "pyproject.toml").write_text((tmp_path / "other" / "pyproject.toml").read_text(encoding="utf-8"))
    before = {p: p.read_bytes() for p in fork.rglob("*") if p.is_file()}
    checked = invoke("build-labs", "--check", "--solutions", str(fork / "solutions"), "--labs", str(fork / "labs"))
    assert checked.exit_code == 1
    assert "README.md: a Binder or Colab link differs from [tool.osai.course]" in checked.output
    assert "solutions/00_orientation.ipynb: the Colab install line differs" in checked.output
    assert "labs/00_orientation.ipynb, cell 0 (id title)" in checked.output
    assert {p: p.read_bytes() for p in fork.rglob("*") if p.is_file()} == before, "--check writes nothing"


# ---------------------------------------------------------------------------------------------
# classroom-template compares the kit that would grade with the local one


@pytest.fixture(scope="module")
def pushed_fork(tmp_path_factory):
    fork = copy_kit(tmp_path_factory.mktemp("kit") / "fork", FORK)
    assert invoke("build-labs", "--solutions", str(fork / "solutions"), "--labs", str(fork / "labs")).exit_code == 0
    commit_and_push(fork, FORK)
    return fork


def template(fork, out, *extra):
    return invoke("classroom-template", str(out), "--labs", "00", "--solutions", str(fork / "solutions"),
                  "--labs-dir", str(fork / "labs"), *extra)


def test_template_refuses_a_kit_ref_that_does_not_exist(pushed_fork, tmp_path):
    done = template(pushed_fork, tmp_path / "t", "--kit-ref", "v2026.1")
    assert done.exit_code == 2 and not (tmp_path / "t").exists()
    assert "--kit-ref v2026.1 is no branch, tag or commit of this repository" in done.output
    git(pushed_fork, "tag", "v2026.1")
    done = template(pushed_fork, tmp_path / "t", "--kit-ref", "v2026.1")
    assert done.exit_code == 0, done.output
    assert "whether v2026.1 is pushed" in done.output  # a local tag: its push cannot be seen offline
    git(pushed_fork, "tag", "-d", "v2026.1")


def test_template_refuses_another_repository_unless_forced(pushed_fork, tmp_path):
    git(pushed_fork, "remote", "set-url", "origin", "https://github.com/osai-labkit/osai-labkit.git")
    try:
        done = template(pushed_fork, tmp_path / "t")
        assert done.exit_code == 2 and "this kit's remotes are origin = https://github.com/osai-labkit" in done.output
        forced = template(pushed_fork, tmp_path / "t", "--force")
        assert forced.exit_code == 0 and "WARNING" in forced.output
    finally:
        git(pushed_fork, "remote", "set-url", "origin", f"https://github.com/{FORK}.git")


def test_template_refuses_uncommitted_or_unpushed_changes(pushed_fork, tmp_path):
    path = pushed_fork / "solutions" / "00_orientation.ipynb"
    original = path.read_bytes()
    path.write_bytes(original.replace(b"Orientation", b"Orientation!", 1))
    try:
        done = template(pushed_fork, tmp_path / "t")
        assert done.exit_code == 2 and "uncommitted changes" in done.output
        git(pushed_fork, "commit", "-q", "-am", "docs: a local change")
        done = template(pushed_fork, tmp_path / "t")
        assert done.exit_code == 2 and "commit and push" in done.output  # HEAD is ahead of origin/main
    finally:
        git(pushed_fork, "reset", "-q", "--hard", "origin/main")
    assert template(pushed_fork, tmp_path / "t").exit_code == 0


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=12))
def test_any_kit_ref_is_written_or_refused_with_a_reason(pushed_fork, tmp_path, ref):
    out = tmp_path / f"t-{abs(hash(ref))}"
    done = template(pushed_fork, out, "--kit-ref", ref)
    assert done.exit_code in (0, 2), done.output
    if done.exit_code == 2:
        assert "error" in done.output.lower() and not out.exists()
    else:
        assert ref == "main" and out.is_dir()
