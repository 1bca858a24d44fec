from tinysent import predict, score


def test_positive():
    assert predict("good and helpful") == "positive"


def test_negative():
    assert predict("useless and wrong") == "negative"


def test_neutral():
    assert predict("a model") == "neutral"


def test_score_counts_words():
    assert score("good good bad") == 1
