# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The forge's records: test reports, checks, reviews and pull requests."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from osai.contrib.gitenv import BOT

@dataclass(frozen=True)
class TestReport:
    """The result of running a project's tests: counts and the ids of failed tests."""

    __test__ = False  # not a pytest test class

    passed: int
    failed: tuple[str, ...]
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.failed and not self.error and self.passed > 0

    def __str__(self) -> str:
        if self.error:
            return f"tests could not run: {self.error}"
        text = f"{self.passed} passed, {len(self.failed)} failed"
        return text + "".join(f"\n  FAILED {name}" for name in self.failed)


@dataclass(frozen=True)
class Check:
    """One row of a review: its name, whether it passed, and what the bot says about it."""

    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class Review:
    """The bot's review of one head commit of a pull request."""

    number: int
    head_sha: str
    state: str  # "approved" or "changes_requested"
    checks: tuple[Check, ...]
    comment: str

    @property
    def approved(self) -> bool:
        return self.state == "approved"

    def failed(self) -> list[str]:
        """Names of the checks that failed."""
        return [c.name for c in self.checks if not c.ok]

    def __str__(self) -> str:
        verdict = "approved" if self.approved else "changes requested"
        rows = [f"{BOT} reviewed pull request #{self.number} at {self.head_sha[:7]}: {verdict}"]
        rows += [f"  {'✅' if c.ok else '❌'} {c.name}: {c.detail}" for c in self.checks]
        return "\n".join(rows + ["", self.comment])

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))


@dataclass
class PullRequest:
    """A pull request as the forge records it (``forge/pulls/NNNN.json``)."""

    number: int
    title: str
    body: str
    author: str
    head_repo: str
    head_ref: str
    head_sha: str
    base_ref: str
    base_sha: str
    created_at: str
    ref: str
    fixes: list[int]
    status: str = "open"
    merge_commit_oid: str | None = None
    events: list[dict[str, Any]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PullRequest:
        return cls(**data)

    def __str__(self) -> str:
        return (f"#{self.number} {self.title!r} by {self.author}: {self.head_repo}:{self.head_ref} -> "
                f"{self.base_ref} ({self.status}, head {self.head_sha[:7]})")
