"""tinysent: a tiny, fully open sentiment model."""

from tinysent.model import predict, score, tokenize

__all__ = ["predict", "score", "tokenize"]
__version__ = "0.1.0"
