# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""What opening data and weights can leak, measured (Lab 04).

Three tools, each on real or realistic data:

- personal data in text: :func:`find_pii` finds emails, phone numbers, IBANs (checked with ISO 7064
  mod 97), payment card numbers (checked with Luhn), dates of birth and listed names;
  :func:`redact` masks them without moving any other character; :func:`make_customer_messages`
  generates bank support messages with planted personal data and the truth of where it is, and
  :func:`detection_scores` measures precision and recall against it;
- re-identification in a table: :func:`k_anonymity`, :func:`generalize` and
  :func:`least_generalization` (German Credit's quasi-identifiers, with :func:`german_credit_ladders`);
- membership inference: :func:`membership_advantage` of a confidence-threshold attack.

>>> [f.kind for f in find_pii("Mail anna@example.org, IBAN DE89 3704 0044 0532 0130 00.")]
['email', 'iban']

The tools live in one submodule each: :mod:`osai.privacy.pii` (find and redact),
:mod:`osai.privacy.messages` (synthetic messages and detection scores), :mod:`osai.privacy.anonymity`
(k-anonymity and generalisation) and :mod:`osai.privacy.membership` (membership inference). Import
them from ``osai.privacy``.
"""

from __future__ import annotations

from osai.privacy.anonymity import (Generalization, generalize, german_credit_ladders, information_loss, k_anonymity,
                                   least_generalization)
from osai.privacy.membership import MembershipResult, membership_advantage, threshold_advantage
from osai.privacy.messages import Message, detection_scores, make_customer_messages
from osai.privacy.pii import KINDS, Finding, find_pii, iban_valid, luhn_valid, redact

__all__ = [
    "Finding",
    "Generalization",
    "KINDS",
    "Message",
    "MembershipResult",
    "detection_scores",
    "find_pii",
    "generalize",
    "german_credit_ladders",
    "information_loss",
    "iban_valid",
    "k_anonymity",
    "least_generalization",
    "luhn_valid",
    "make_customer_messages",
    "membership_advantage",
    "redact",
    "threshold_advantage",
]
