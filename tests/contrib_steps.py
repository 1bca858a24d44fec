# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The steps of Lab 11's contribution as a learner types them, shared by the sandbox's tests and
the lab's exercise tests (``sb`` is an :class:`osai.contrib.Sandbox`)."""

from __future__ import annotations

BRANCH = "fix/card-license-and-capitals"
FIX = 're.findall(r"[a-z]+", text.lower())'


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


def do_rebase(sb):
    sb.git("fetch", "-q", "upstream")
    sb.git("rebase", "-q", "upstream/main")
    sb.git("push", "-q", "--force-with-lease")


def do_tidy(sb, branch=BRANCH):
    sb.git("fetch", "-q", "upstream")
    sb.git("switch", "-q", "main")
    sb.git("merge", "-q", "--ff-only", "upstream/main")
    sb.git("push", "-q", "origin", "main")
    sb.git("branch", "-q", "-d", branch)
    sb.git("push", "-q", "origin", "--delete", branch)
