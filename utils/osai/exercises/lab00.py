# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Exercises of Lab 00, Orientation. Answers are stored as salted fingerprints or recomputed."""

from __future__ import annotations

from typing import Any

from osai.checks import Exercises, Mismatch, as_function, as_instance, as_int, as_number, expect

ex = Exercises("00")


@ex("q1", points=1, expects="one of 'colab', 'binder' or 'local'",
    hints=("The report object has an attribute named platform.", "Try: report.platform"))
def _q1(answer: Any) -> None:
    from osai._platform import detect_platform

    answer = as_instance(answer, str, "a string such as 'local'")
    expect(answer.strip().lower() in {"colab", "binder", "local"},
           "the report's platform is one of 'colab', 'binder' or 'local'")
    expect(answer.strip().lower() == detect_platform(), "that is not what the doctor reports for this machine")


@ex("q2", points=1, expects="a whole number",
    hints=("Compare the credit_risk column with the string 'bad'.",
           "A boolean Series sums to the number of True values: (df['credit_risk'] == 'bad').sum()"))
def _q2(answer: Any) -> None:
    count = as_int(answer, "a whole number")
    expect(0 <= count <= 1000, "there are 1,000 applicants, so the count is between 0 and 1,000")
    expect(ex.matches(count, "c65fd27f43695c9963fc9617a5fcae7534cd27bcdee9f0cfdcd70a777f5bcbd7"),
           "not the number of applicants rated 'bad'")


@ex("q3", points=2, expects="a function bad_rate(frame, column, value) returning a float",
    hints=("Select the rows where frame[column] == value first.",
           "The mean of a boolean Series is the share of True values.",
           "Check len(group) == 0 before dividing, and raise ValueError with a message then."))
def _q3(bad_rate: Any) -> None:
    import pandas as pd

    bad_rate = as_function(bad_rate, "a function bad_rate(frame, column, value)")
    toy = pd.DataFrame({"g": ["a", "a", "a", "b"], "credit_risk": ["bad", "good", "bad", "good"]})
    got = as_number(bad_rate(toy, "g", "a"), "a float between 0 and 1")
    expect(abs(got - 2 / 3) < 1e-9, "on a group of three rows with two 'bad', the rate is 2/3")
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


@ex("q4", points=1, expects="a label from the checking_status column",
    hints=("Use your bad_rate on each value of frame['checking_status'].unique().",
           "max(values, key=...) returns the value with the largest key."))
def _q4(answer: Any) -> None:
    answer = as_instance(answer, str, "the group's label as a string")
    expect(ex.matches(answer, "98387e92abf20e82d395d9afa273ff21b582c6f55c9d02f005f2298a72420266"),
           "not the checking-account group with the highest share of 'bad' ratings")


@ex("q5", points=2, expects="a whole number",
    hints=("model.parameters() yields tensors; each has .numel().",
           "sum(p.numel() for p in model.parameters())"))
def _q5(answer: Any) -> None:
    count = as_int(answer, "a whole number")
    expect(count > 1_000_000, "MiniLM has millions of parameters: count numel() of every parameter")
    expect(ex.matches(count, "ec9f9e442d7de6922d3d38ffff12d8c29ef57910b81fd70fd1c7c0d5625cd147"),
           "not the total number of parameters of the loaded model")
