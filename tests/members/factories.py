"""Synthetic, valid-by-construction identifiers (never real people's)."""

import itertools
from datetime import date

from lib.identity import CREDIT_ALPHABET, credit_check_char, id_check_char

_seq = itertools.count(1)


def make_id(born: date = date(1990, 5, 17), seq: int | None = None) -> str:
    seq = next(_seq) if seq is None else seq
    first17 = f"510502{born:%Y%m%d}{seq % 1000:03d}"
    return first17 + id_check_char(first17)


def bad_check(value: str) -> str:
    wrong = next(c for c in "0123456789X" if c != value[17])
    return value[:17] + wrong


def make_credit(seq: int | None = None) -> str:
    seq = next(_seq) if seq is None else seq
    body = "91510502MA" + "".join(CREDIT_ALPHABET[(seq // 31**i) % 31] for i in range(7))
    return body + credit_check_char(body)


def ids(n: int, start: int = 0):
    """n distinct valid IDs: vary the birth day and sequence."""
    out = []
    for i in range(start, start + n):
        born = date(1950 + (i // 1000) % 50, 1 + (i // 28) % 12, 1 + i % 28)
        first17 = f"510502{born:%Y%m%d}{i % 1000:03d}"
        out.append(first17 + id_check_char(first17))
    return out
