"""A lesson's identity across renumbering: `03-path-parameters` and `04-path-parameters` are one lesson.

A lesson's slug is its folder name, `NN-name`. The number places it in the course and may
change when lessons are added; the name after it does not. State written under an older
numbering (progress, prediction scores, exercise workspaces) follows its lesson by name.
"""

from __future__ import annotations

from collections.abc import Iterable


def name_of(slug: str) -> str:
    """`path-parameters` for `03-path-parameters`; a slug without a number is its own name."""
    number, dash, name = slug.partition("-")
    return name if dash and number.isdigit() else slug


def carried_over(stored: Iterable[str], known: Iterable[str]) -> dict[str, str]:
    """Old slug -> today's slug, for each stored slug this course knows by name only.

    A stored slug that is still a lesson stays as it is; one whose name no lesson has is left out
    (the caller says what it drops). Two old slugs with one name both map to today's lesson.
    """
    known = list(known)
    exact = set(known)
    by_name = {name_of(slug): slug for slug in known}
    return {old: by_name[name_of(old)] for old in stored
            if old not in exact and name_of(old) in by_name}
