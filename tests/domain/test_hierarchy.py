"""The pure walks of the archive hierarchy (app.domain.hierarchy): tables of cases, then properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.hierarchy import ancestors, children_of, path, path_from_ancestors, subtree, would_cycle

# HN supervises HN-CS and HN-YY; HN-CS supervises HN-CS-LY; BJ stands alone.
PARENTS: dict[str, str | None] = {"HN": None, "HN-CS": "HN", "HN-YY": "HN", "HN-CS-LY": "HN-CS", "BJ": None}
CHILDREN = children_of(PARENTS.items())


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("HN", []),
        ("HN-CS", ["HN"]),
        ("HN-CS-LY", ["HN-CS", "HN"]),
        ("UNKNOWN", []),
    ],
)
def test_ancestors_nearest_first(code: str, expected: list[str]) -> None:
    assert ancestors(PARENTS.get, code) == expected


def test_a_cycle_in_the_data_stops_the_walk() -> None:
    looped = {"A": "B", "B": "C", "C": "A"}
    assert ancestors(looped.get, "A") == ["B", "C", "A"]


@pytest.mark.parametrize(
    ("code", "expected"),
    [("HN", "/HN/"), ("HN-CS-LY", "/HN/HN-CS/HN-CS-LY/"), ("BJ", "/BJ/")],
)
def test_path_from_the_root(code: str, expected: str) -> None:
    assert path(PARENTS.get, code) == expected
    assert path_from_ancestors(code, ancestors(PARENTS.get, code)) == expected


@pytest.mark.parametrize(
    ("root", "expected"),
    [
        ("HN", ["HN", "HN-CS", "HN-YY", "HN-CS-LY"]),
        ("HN-CS", ["HN-CS", "HN-CS-LY"]),
        ("HN-CS-LY", ["HN-CS-LY"]),
        ("BJ", ["BJ"]),
    ],
)
def test_subtree_level_by_level(root: str, expected: list[str]) -> None:
    assert subtree(CHILDREN, root) == expected


@pytest.mark.parametrize(
    ("child", "parent", "expected"),
    [
        ("HN-CS", "HN", False),  # where it is already
        ("HN-YY", "HN-CS", False),  # a sibling
        ("HN", "HN-CS-LY", True),  # under its own grandchild
        ("HN-CS", "HN-CS", True),  # under itself
    ],
)
def test_would_cycle(child: str, parent: str, expected: bool) -> None:
    assert would_cycle(ancestors(PARENTS.get, parent), child=child, parent=parent) is expected


# A random forest: each archive's parent is one of the archives before it (so no cycle).
forests = st.integers(min_value=1, max_value=40).flatmap(
    lambda size: st.lists(st.one_of(st.none(), st.integers(0, size)), min_size=size, max_size=size).map(
        lambda picks: {f"A{i}": (f"A{pick % i}" if pick is not None and i else None) for i, pick in enumerate(picks)}
    )
)


@given(forests)
def test_an_archive_is_in_the_subtree_of_exactly_itself_and_its_ancestors(parents: dict[str, str | None]) -> None:
    children = children_of(parents.items())
    for code in parents:
        holders = {root for root in parents if code in subtree(children, root)}
        assert holders == {code, *ancestors(parents.get, code)}


@given(forests)
def test_the_path_names_every_ancestor_once_root_first(parents: dict[str, str | None]) -> None:
    for code in parents:
        chain = path(parents.get, code).strip("/").split("/")
        assert chain[-1] == code
        assert len(set(chain)) == len(chain)
        assert parents[chain[0]] is None
        assert all(parents[below] == above for above, below in zip(chain, chain[1:], strict=False))
