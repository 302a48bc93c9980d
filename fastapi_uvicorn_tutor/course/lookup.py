"""`tutor lookup`: from a Node habit (any stack's) to its FastAPI counterpart, or the whole map.

The map is the `[[lookup]]` tables of every lesson.toml; nothing here names a term.
Matching is forgiving: case, spaces and quotes are ignored, a term inside a longer
entry counts (`params` finds `req.params`), the object a method is called on is a
name the author chose (`server.listen` finds `app.listen`), and typos get the closest entries.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from fastapi_uvicorn_tutor.course.catalog import Lesson, LookupEntry

MAX_MATCHES = 4


@dataclass(frozen=True)
class Found:
    entry: LookupEntry
    lesson: Lesson
    exact: bool


def _norm(text: str) -> str:
    return re.sub(r"[\s'\"`]+", "", text.lower())


def entries(lessons: list[Lesson]) -> list[tuple[LookupEntry, Lesson]]:
    by_slug = {lesson.slug: lesson for lesson in lessons}
    return [(entry, by_slug.get(entry.lesson, lesson)) for lesson in lessons for entry in lesson.lookups]


def by_lesson(lessons: list[Lesson]) -> list[tuple[Lesson, list[LookupEntry]]]:
    """The whole map: each lesson that teaches something, in course order, with its entries."""
    grouped: dict[str, list[LookupEntry]] = {}
    for entry, lesson in entries(lessons):
        grouped.setdefault(lesson.slug, []).append(entry)
    return [(lesson, grouped[lesson.slug]) for lesson in lessons if lesson.slug in grouped]


def find(term: str, lessons: list[Lesson]) -> tuple[list[Found], list[str]]:
    """Best matches for `term`, and (when there are none) close Node terms to suggest."""
    wanted = _norm(term)
    pairs = entries(lessons)
    shortest = sorted({e.term for e, _ in pairs}, key=lambda name: (len(name), name))[:8]  # same list every run
    if not wanted:
        return [], shortest
    exact = [Found(e, lesson, True) for e, lesson in pairs if _norm(e.term) == wanted]

    def likeness(entry: LookupEntry) -> float:
        return difflib.SequenceMatcher(None, wanted, _norm(entry.term)).ratio()

    # A part of an entry, an entry inside the term, or a near spelling of a longer one
    # (`Router({ mergeParams })` for `Router({ mergeParams: true })`): the one most like the whole term first.
    near = [Found(e, lesson, False) for e, lesson in pairs
            if _norm(e.term) != wanted and (wanted in _norm(e.term) or (len(_norm(e.term)) > 3 and _norm(e.term) in wanted)
                                            or (len(wanted) > 12 and likeness(e) >= 0.8))]
    near.sort(key=lambda f: (-likeness(f.entry), len(f.entry.term)))
    if "." in wanted.strip(".") and not any(wanted in _norm(f.entry.term) for f in near):
        # The object's name is the author's choice (`server.listen` finds `app.listen`): the same
        # method on another object beats a near spelling of another method.
        method = "." + wanted.split(".", 1)[1]
        same_method = sorted((Found(e, lesson, False) for e, lesson in pairs if method in _norm(e.term)),
                             key=lambda f: len(f.entry.term))
        near = same_method + [f for f in near if f not in same_method]
    found = (exact + near)[:MAX_MATCHES]
    if found:
        return found, []
    names = {_norm(e.term): e.term for e, _ in pairs}
    close = difflib.get_close_matches(wanted, list(names), n=MAX_MATCHES, cutoff=0.6)
    if close and difflib.SequenceMatcher(None, wanted, close[0]).ratio() >= 0.8:
        best = [Found(e, lesson, False) for e, lesson in pairs if _norm(e.term) == close[0]]
        return best, []
    return [], [names[c] for c in close] or shortest
