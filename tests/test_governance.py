# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""osai.governance: offline health checks, the shipped samples, the kit's own score."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from osai import governance
from osai.governance import CHECKS, HealthReport, kit_root, materialize_sample, sample_names, score_repository

HAS_GIT = shutil.which("git") is not None
NAMES = [c.name for c in CHECKS]
TAG = "SPDX-License-" + "Identifier"  # split so that REUSE does not read these test strings as this file's header


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    folder = tmp_path_factory.mktemp("samples")
    return {name: score_repository(materialize_sample(name, folder)) for name in sample_names()}


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_samples_are_plain_yaml_with_license_sidecars():
    folder = Path(governance.__file__).with_name("data") / "governance_samples"
    for name in sample_names():
        data = yaml.safe_load((folder / f"{name}.yaml").read_text())
        assert data["name"] == name and data["source"] and data["files"]
        assert (folder / f"{name}.yaml.license").is_file()
    assert not list(folder.rglob(".git"))


def test_samples_rank_as_designed(samples):
    assert samples["thriving"].full_marks and samples["thriving"].score == 10.0
    assert samples["neglected"].score < samples["growing"].score < samples["thriving"].score
    assert samples["neglected"]["License"].score == 0
    assert samples["neglected"]["Binary-Artifacts"].score == 8  # model.pkl and an ELF binary, made at run time
    assert samples["growing"]["License"].score == 10 and "BSD-3-Clause" in samples["growing"]["License"].reason


@pytest.mark.skipif(not HAS_GIT, reason="git is not installed")
def test_sample_history_is_deterministic(tmp_path):
    heads = []
    for n in range(2):
        project = materialize_sample("growing", tmp_path / str(n))
        heads.append(subprocess.run(["git", "-C", str(project), "rev-parse", "HEAD"], capture_output=True,
                                    text=True, check=True).stdout.strip())
    assert heads[0] == heads[1]


@pytest.mark.skipif(not HAS_GIT, reason="git is not installed")
def test_signoff_must_match_the_author(samples):
    assert samples["thriving"]["Signed-Off-Commits"].score == 10
    assert samples["growing"]["Signed-Off-Commits"].score == 3  # 1 of 3
    assert samples["neglected"]["Signed-Off-Commits"].score == 0


def test_without_history_signoff_is_undecided(tmp_path):
    project = materialize_sample("thriving", tmp_path, history=False)
    report = score_repository(project)
    assert report["Signed-Off-Commits"].score is None
    assert report.score == 10.0 and not report.full_marks  # undecided is not full marks


def test_materialize_refuses_bad_names_and_existing_folders(tmp_path):
    with pytest.raises(ValueError, match="did you mean 'thriving'"):
        materialize_sample("thrivng", tmp_path)
    materialize_sample("neglected", tmp_path, history=False)
    with pytest.raises(FileExistsError):
        materialize_sample("neglected", tmp_path, history=False)


def test_score_repository_rejects_missing_paths(tmp_path):
    with pytest.raises(FileNotFoundError, match="expected the path of a project folder"):
        score_repository(tmp_path / "nope")
    (tmp_path / "f").write_text("x")
    with pytest.raises(NotADirectoryError):
        score_repository(tmp_path / "f")


def test_empty_folder_scores_zero_except_binaries(tmp_path):
    report = score_repository(tmp_path)
    assert [c.name for c in report.checks] == NAMES
    assert report.failing() == [n for n in NAMES if n not in {"Binary-Artifacts", "Pinned-Dependencies",
                                                                "Signed-Off-Commits"}]
    assert report["Pinned-Dependencies"].score is None
    with pytest.raises(KeyError, match="did you mean 'License'"):
        report["Licence"]


def test_license_check_levels(tmp_path):
    assert score_repository(write(tmp_path / "a", {"LICENSE": TAG + ": Apache-2.0\n"}))["License"].score == 10
    assert score_repository(write(tmp_path / "b", {"LICENSE": "All rights reserved.\n"}))["License"].score == 9
    assert score_repository(write(tmp_path / "c", {"docs/LICENSE.md": "MIT License\nPermission is hereby granted, "
                                                   "free of charge, x"}))["License"].score == 7
    nonfree = score_repository(write(tmp_path / "d", {"LICENSE": TAG + ": CC-BY-NC-4.0"}))["License"]
    assert nonfree.score == 9 and "not an OSI-approved" in nonfree.reason
    assert score_repository(write(tmp_path / "e", {"LICENSES/MIT.txt": "text"}))["License"].score == 10


def test_license_check_asks_osai_licenses_for_any_spdx_id(tmp_path):
    # OSI approval comes from osai.licenses: the whole SPDX list, not a hand-kept set of ids.
    assert score_repository(write(tmp_path / "a", {"LICENSE": TAG + ": EUPL-1.2\n"}))["License"].score == 10
    assert score_repository(write(tmp_path / "b", {"LICENSE": TAG + ": LGPL-2.1-or-later\n"}))["License"].score == 10
    assert score_repository(write(tmp_path / "c", {"LICENSE": TAG + ": CC0-1.0\n"}))["License"].score == 9
    assert score_repository(write(tmp_path / "d", {"LICENSE": TAG + ": no-such-id\n"}))["License"].score == 9


def test_security_policy_rubric(tmp_path):
    def score(text):
        folder = tmp_path / str(abs(hash(text)))
        return score_repository(write(folder, {"SECURITY.md": text}))["Security-Policy"].score

    assert score("Email us.") == 0
    assert score("Mail security@x.example") == 6
    assert score("Please tell the maintainers about any problem you find in this project, privately.") == 3
    assert score("Report a vulnerability privately to security@x.example; we reply in 7 days and "
                 "coordinate disclosure with you.") == 10


def test_pinned_dependencies_counts_each_kind(tmp_path):
    project = write(tmp_path, {
        "requirements.txt": "numpy==2.0\npandas>=2\n# comment\n-r other.txt\n",
        ".github/workflows/ci.yml": "jobs:\n  t:\n    steps:\n      - uses: actions/checkout@v4\n"
                                    "      - uses: actions/setup-python@" + "a" * 40 + "\n"
                                    "      - run: pip install -e . pytest==8 ruff\n      - run: pytest\n",
        "Dockerfile": "FROM python:3.12@sha256:" + "b" * 64 + "\nRUN pip install -r requirements.txt\n",
    })
    check = score_repository(project)["Pinned-Dependencies"]
    assert "4 of 7" in check.reason and check.score == 6
    assert score_repository(project)["CI-Tests"].score == 0 + 5  # CI runs tests, but no test files


def test_binary_artifacts_by_extension_and_content(tmp_path):
    (tmp_path / "weights.pt").write_bytes(b"x")
    (tmp_path / "tool").write_bytes(b"\x7fELF" + bytes(10))
    (tmp_path / "model.safetensors").write_bytes(b"{}")
    (tmp_path / "notes.txt").write_text("text")
    check = score_repository(tmp_path)["Binary-Artifacts"]
    assert check.score == 8 and "tool" in check.reason and "weights.pt" in check.reason


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["SECURITY.md", "CONTRIBUTING.md", "CODE_OF_CONDUCT.md", "GOVERNANCE.md",
                                        "CHANGELOG.md", "LICENSE", "requirements.txt", "tests/test_x.py",
                                        ".github/workflows/ci.yml"]),
                       st.text(max_size=200), max_size=6))
def test_scores_stay_in_range_on_arbitrary_files(files):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8", errors="replace")
        report = score_repository(root)
    assert isinstance(report, HealthReport)
    assert all(c.score is None or 0 <= c.score <= 10 for c in report.checks)
    assert 0 <= report.score <= 10


def test_report_text_has_no_absolute_path(samples):
    for report in samples.values():
        assert "/tmp" not in str(report) and str(Path.home()) not in str(report)


def test_import_is_light():
    code = "import sys, osai.governance; print(any(m in sys.modules for m in ('yaml', 'huggingface_hub', 'torch')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


#: The kit's newest commit its maintainers recorded (bump it at each release: ``git rev-parse HEAD``). The
#: sign-offs the kit owes are those of the commits up to it. An instructor's fork of the kit holds those commits
#: too, and its own commits after them are the fork's business, so ``make test`` in a fork never fails for
#: them. The kit's own CI, where GitHub sets GITHUB_REPOSITORY to the kit, checks every commit up to HEAD.
KIT_COMMIT = "700266a7e2b066086d081c7c7686997eec093d3f"
KIT_REPOSITORY = "osai-labkit/osai-labkit"
SIGNOFF = "Signed-Off-Commits"


def test_the_kit_itself_scores_full_marks():
    root = kit_root()
    if root is None:
        pytest.skip("not running from a checkout of the kit")
    report = score_repository(root)
    assert all(c.score == 10 for c in report.checks if c.name != SIGNOFF), str(report)  # sign-offs: below


def _git(root, *args):
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)


def unsigned_commits(root, tip: str) -> list[str]:
    """Short ids of the last 30 commits up to ``tip`` (merges aside) without their author's Signed-off-by."""
    log = _git(root, "log", "--no-merges", "-n30", "--format=%h%x00%ae%x00%B%x1e", tip).stdout
    unsigned = []
    for entry in filter(str.strip, log.split("\x1e")):
        commit, email, body = entry.strip("\n").split("\0", 2)
        signers = re.findall(r"^Signed-off-by:.*<([^>]+)>\s*$", body, flags=re.M)
        if email.strip().lower() not in {s.strip().lower() for s in signers}:
            unsigned.append(commit)
    return unsigned


def owed_tip(root) -> str:
    """Up to which commit the kit owes sign-offs here; skips the test when the history cannot tell."""
    if _git(root, "rev-parse", "--git-dir").returncode != 0:
        pytest.skip("not a git repository (an unpacked release): no history to check")
    if _git(root, "merge-base", "--is-ancestor", KIT_COMMIT, "HEAD").returncode != 0:
        pytest.skip(f"this history does not hold the kit's recorded commit {KIT_COMMIT[:12]} (a shallow clone, "
                    "or another project): the kit's sign-offs cannot be told from this repository's own")
    return "HEAD" if os.environ.get("GITHUB_REPOSITORY") == KIT_REPOSITORY else KIT_COMMIT


def test_the_commits_the_kit_owes_are_signed_off():
    """The last 30 commits up to :data:`KIT_COMMIT` (up to HEAD in the kit's own CI) carry their author's sign-off."""
    root = kit_root()
    if root is None or not HAS_GIT:
        pytest.skip("not running from a git checkout of the kit")
    tip = owed_tip(root)
    unsigned = unsigned_commits(root, tip)
    assert not unsigned, (f"commits up to {tip} without their author's Signed-off-by: {', '.join(unsigned)}; "
                          "sign them off: git rebase --signoff")


@pytest.mark.skipif(not HAS_GIT, reason="git is not installed")
def test_a_fork_with_its_own_unsigned_commits_still_passes(tmp_path, monkeypatch):
    root = kit_root()
    if root is None or _git(root, "merge-base", "--is-ancestor", KIT_COMMIT, "HEAD").returncode != 0:
        pytest.skip("needs the kit's git history")
    fork = tmp_path / "fork"
    assert _git(tmp_path, "clone", "-q", "--no-checkout", str(root), str(fork)).returncode == 0
    for n in range(2):  # an instructor's two course commits, not signed off
        done = _git(fork, "-c", "user.name=Instructor", "-c", "user.email=i@example.edu", "-c", "commit.gpgsign=false",
                    "commit", "-q", "--allow-empty", "-m", f"course tweak {n}")
        assert done.returncode == 0, done.stderr
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    assert owed_tip(fork) == KIT_COMMIT and unsigned_commits(fork, owed_tip(fork)) == []
    assert len(unsigned_commits(fork, "HEAD")) == 2  # what the kit's own CI would refuse
