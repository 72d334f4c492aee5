"""The tools' JSON shapes, checked strictly in one place (problems.analysis.shapes)."""

from __future__ import annotations

from typing import Any

import pytest

from samordna.problems.analysis.shapes import (
    ITEM_MAX,
    LIST_MAX,
    MAX_DEPTH,
    ShapeError,
    clean_cause_tree,
    clean_event_chains,
    clean_factors,
    clean_fishbone,
    clean_hypotheses,
    clean_triangle,
    lines_to_tree,
    texts,
    tree_to_lines,
)

CORNER = {"text": " Unga på mopeder ", "controller": "Vårdnadshavare"}
TRIANGLE = {"offender": CORNER, "target": CORNER, "place": CORNER}
FISHBONE = {"victim": ["Gående"], "offender": ["Trimmade mopeder"], "place": []}
CHAINS = [{"title": "Mopeden", "links": ["Behov av moped", "Anskaffning", "Trimning"]}]
TREE = [{"text": "Körning", "children": [{"text": "Trimning", "children": []}]}]
FACTORS = [{"level": "family", "kind": "protective", "text": "Nattvandrare"}]
HYPOTHESES = [{"text": "Efter kl. 21", "for": "Tiderna", "against": "", "status": "open"}]


def _error(clean: Any, value: Any) -> str:
    with pytest.raises(ShapeError) as caught:
        clean(value)
    return " ".join(caught.value.messages)


def test_good_shapes_come_back_trimmed() -> None:
    assert clean_triangle(TRIANGLE)["offender"] == {
        "text": "Unga på mopeder",
        "controller": "Vårdnadshavare",
    }
    assert clean_triangle({}) == {}
    assert clean_fishbone(FISHBONE) == FISHBONE
    assert clean_fishbone({}) == {}
    assert clean_event_chains(CHAINS) == CHAINS
    assert clean_cause_tree(TREE) == TREE
    assert clean_factors(FACTORS) == FACTORS
    assert clean_hypotheses(HYPOTHESES) == HYPOTHESES
    assert clean_event_chains([]) == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([], "Triangeln: ska vara ett objekt."),
        ({"offender": CORNER}, "Triangeln: saknar place, target."),
        ({**TRIANGLE, "extra": CORNER}, "Triangeln: okända fält extra."),
        ({**TRIANGLE, "place": {"text": "x"}}, "Triangeln, plats: saknar controller."),
        (
            {**TRIANGLE, "target": {"text": 3, "controller": ""}},
            "Triangeln, mål/offer: ska vara text.",
        ),
        (
            {**TRIANGLE, "offender": {"text": "x" * (ITEM_MAX + 1), "controller": ""}},
            f"Triangeln, gärningsperson: högst {ITEM_MAX} tecken.",
        ),
    ],
)
def test_bad_triangles(value: Any, message: str) -> None:
    assert message in _error(clean_triangle, value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("fiskben", "Fiskbenet: ska vara ett objekt."),
        ({"victim": [], "offender": []}, "Fiskbenet: saknar place."),
        ({**FISHBONE, "victim": "Gående"}, "Fiskbenet, offer: ska vara en lista."),
        ({**FISHBONE, "place": ["ok", " "]}, "Fiskbenet, objekt/plats, rad 2: skriv något."),
        ({**FISHBONE, "place": [None]}, "Fiskbenet, objekt/plats, rad 1: ska vara text."),
        ({**FISHBONE, "victim": ["x"] * (LIST_MAX + 1)}, f"högst {LIST_MAX} rader."),
    ],
)
def test_bad_fishbones(value: Any, message: str) -> None:
    assert message in _error(clean_fishbone, value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"title": "x"}, "Händelsekedjorna: ska vara en lista."),
        ([{"title": "x"}], "Händelsekedja 1: saknar links."),
        ([{"title": "", "links": ["a", "b"]}], "Händelsekedja 1: skriv något."),
        ([{"title": "x", "links": ["a"]}], "Händelsekedja 1: en kedja behöver minst två led."),
        ([{"title": "x", "links": ["a", ""]}], "Händelsekedja 1, led, rad 2: skriv något."),
        ([*CHAINS, "kedja"], "Händelsekedja 2: ska vara ett objekt."),
    ],
)
def test_bad_event_chains(value: Any, message: str) -> None:
    assert message in _error(clean_event_chains, value)


def _deep(levels: int) -> list[Any]:
    node: list[Any] = []
    for n in range(levels, 0, -1):
        node = [{"text": f"nivå {n}", "children": node}]
    return node


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"text": "x"}, "Orsaksträdet: ska vara en lista."),
        ([{"text": "x"}], "Orsaksträdet 1: saknar children."),
        ([{"text": "x", "children": [{"text": "", "children": []}]}], "Orsaksträdet 1.1: skriv"),
        ([{"text": "x", "children": "y"}], "Orsaksträdet 1: ska vara en lista."),
        (_deep(MAX_DEPTH + 1), f"högst {MAX_DEPTH} nivåer."),
        ([{"text": "x", "children": []}] * 101, "Orsaksträdet: högst 100 orsaker."),
    ],
)
def test_bad_cause_trees(value: Any, message: str) -> None:
    assert message in _error(clean_cause_tree, value)


def test_a_tree_of_the_deepest_allowed_depth_is_fine() -> None:
    assert clean_cause_tree(_deep(MAX_DEPTH)) == _deep(MAX_DEPTH)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({}, "Faktorerna: ska vara en lista."),
        ([{"level": "city", "kind": "risk", "text": "x"}], "Faktor 1, nivå: välj en av"),
        ([{"level": "area", "kind": "good", "text": "x"}], "Faktor 1, slag: välj en av"),
        ([{"level": "area", "kind": "risk", "text": ""}], "Faktor 1: skriv något."),
        ([{"level": "area", "kind": "risk"}], "Faktor 1: saknar text."),
    ],
)
def test_bad_factors(value: Any, message: str) -> None:
    assert message in _error(clean_factors, value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("hypotes", "Hypoteserna: ska vara en lista."),
        ([{**HYPOTHESES[0], "status": "maybe"}], "Hypotes 1, status: välj en av"),
        ([{**HYPOTHESES[0], "text": ""}], "Hypotes 1: skriv något."),
        ([{"text": "x", "for": "", "status": "open"}], "Hypotes 1: saknar against."),
        ([{**HYPOTHESES[0], "against": ["a"]}], "Hypotes 1, stöd emot: ska vara text."),
    ],
)
def test_bad_hypotheses(value: Any, message: str) -> None:
    assert message in _error(clean_hypotheses, value)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ShapeError) as caught:
        clean_hypotheses([{**HYPOTHESES[0], "text": "", "status": "x"}, "y"])
    assert len(caught.value.messages) == 3


def test_texts_finds_every_string() -> None:
    assert sorted(texts(TREE)) == ["Körning", "Trimning"]
    assert list(texts(clean_triangle(TRIANGLE))).count("Vårdnadshavare") == 3


def test_tree_lines_round_trip() -> None:
    text = "Körning\n- Trimning\n-- Trimdelar på nätet\n- Platsen\nMörker"
    tree = lines_to_tree(text)
    assert tree[0]["children"][0]["children"][0]["text"] == "Trimdelar på nätet"
    assert [node["text"] for node in tree] == ["Körning", "Mörker"]
    assert tree_to_lines(tree) == text
    assert clean_cause_tree(tree) == tree


def test_tree_lines_refuse_a_skipped_level() -> None:
    with pytest.raises(ShapeError) as caught:
        lines_to_tree("Körning\n--- För djupt")
    assert caught.value.messages == ["Rad 2: underorsak utan en orsak på nivån ovanför."]
