"""Finding a child despite spelling variants, the same on SQLite and PostgreSQL.

Names are folded (case, accents, punctuation) and given a phonetic key
(Soundex, which keeps Davies/Davis, Rhys/Rees, Gwyneth/Gwenith, Siôn/Sion
together). The database narrows candidates by key;
Python ranks them by Jaro-Winkler similarity, so no database extension is needed.
"""

from __future__ import annotations

import unicodedata

import jellyfish


def fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in letters.lower()).split())


def phonetic(name: str) -> str:
    folded = fold(name)
    first = folded.split(" ")[0] if folded else ""
    return jellyfish.soundex(first)[:40] if first else ""


def similarity(a: str, b: str) -> float:
    a, b = fold(a), fold(b)
    if not a or not b:
        return 0.0
    return float(jellyfish.jaro_winkler_similarity(a, b))


def close_enough(query: str, candidate: str, *, threshold: float = 0.8) -> bool:
    if not query:
        return True
    a, b = fold(query), fold(candidate)
    if b.startswith(a) or a == b:
        return True
    if phonetic(a) == phonetic(b) or jellyfish.metaphone(a) == jellyfish.metaphone(b):
        return True
    return similarity(a, b) >= threshold or jellyfish.damerau_levenshtein_distance(a, b) <= max(1, len(a) // 4)
