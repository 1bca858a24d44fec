# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Exercises of Lab 00, Orientation. Answers are stored as salted fingerprints or recomputed."""

from __future__ import annotations

from typing import Any

from osai.checks import Exercise, Mismatch, expect, matches

LAB = "00"


def _q1(answer: Any) -> None:
    from osai.doctor import detect_platform

    expect(isinstance(answer, str), f"expected a string such as 'local', got {type(answer).__name__}")
    expect(answer.strip().lower() in {"colab", "binder", "local"},
           "the report's platform is one of 'colab', 'binder' or 'local'")
    expect(answer.strip().lower() == detect_platform(), "that is not what the doctor reports for this machine")


def _q2(answer: Any) -> None:
    expect(isinstance(answer, int) or hasattr(answer, "item"), f"expected a whole number, got {type(answer).__name__}")
    expect(0 <= answer <= 1000, "there are 1,000 applicants, so the count is between 0 and 1,000")
    expect(matches(answer, "c65fd27f43695c9963fc9617a5fcae7534cd27bcdee9f0cfdcd70a777f5bcbd7", "00:q2"),
           "not the number of applicants rated 'bad'")


def _q3(bad_rate: Any) -> None:
    import pandas as pd

    expect(callable(bad_rate), f"expected a function bad_rate(frame, column, value), got {type(bad_rate).__name__}")
    toy = pd.DataFrame({"g": ["a", "a", "a", "b"], "credit_risk": ["bad", "good", "bad", "good"]})
    got = bad_rate(toy, "g", "a")
    expect(isinstance(got, float) or hasattr(got, "item"), f"expected a float between 0 and 1, got {type(got).__name__}")
    expect(abs(float(got) - 2 / 3) < 1e-9, "on a group of three rows with two 'bad', the rate is 2/3")
    expect(abs(float(bad_rate(toy, "g", "b"))) < 1e-9, "a group with no 'bad' row has rate 0.0")
    from osai.data import german_credit

    frame = german_credit()
    for column, value in (("housing", "rent"), ("job", "unemployed / unskilled, non-resident")):
        group = frame[frame[column] == value]
        want = float((group["credit_risk"] == "bad").mean())
        expect(abs(float(bad_rate(frame, column, value)) - want) < 1e-9,
               f"wrong rate on German Credit for {column} == {value!r}")
    try:
        bad_rate(toy, "g", "zzz")
    except ValueError:
        pass
    else:
        raise Mismatch("a value that no row has should raise ValueError (there is no rate of an empty group)")


def _q4(answer: Any) -> None:
    expect(isinstance(answer, str), f"expected the group's label as a string, got {type(answer).__name__}")
    expect(matches(answer, "98387e92abf20e82d395d9afa273ff21b582c6f55c9d02f005f2298a72420266", "00:q4"),
           "not the checking-account group with the highest share of 'bad' ratings")


def _q5(answer: Any) -> None:
    expect(isinstance(answer, int) or hasattr(answer, "item"), f"expected a whole number, got {type(answer).__name__}")
    expect(answer > 1_000_000, "MiniLM has millions of parameters: count numel() of every parameter")
    expect(matches(answer, "ec9f9e442d7de6922d3d38ffff12d8c29ef57910b81fd70fd1c7c0d5625cd147", "00:q5"),
           "not the total number of parameters of the loaded model")


EXERCISES = [
    Exercise("q1", 1, _q1, "one of 'colab', 'binder' or 'local'",
             ("The report object has an attribute named platform.", "Try: report.platform")),
    Exercise("q2", 1, _q2, "a whole number",
             ("Compare the credit_risk column with the string 'bad'.",
              "A boolean Series sums to the number of True values: (df['credit_risk'] == 'bad').sum()")),
    Exercise("q3", 2, _q3, "a function bad_rate(frame, column, value) returning a float",
             ("Select the rows where frame[column] == value first.",
              "The mean of a boolean Series is the share of True values.",
              "Check len(group) == 0 before dividing, and raise ValueError with a message then.")),
    Exercise("q4", 1, _q4, "a label from the checking_status column",
             ("Use your bad_rate on each value of frame['checking_status'].unique().",
              "max(values, key=...) returns the value with the largest key.")),
    Exercise("q5", 2, _q5, "a whole number",
             ("model.parameters() yields tensors; each has .numel().",
              "sum(p.numel() for p in model.parameters())")),
]
