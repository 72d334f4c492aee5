"""The shapes of a cause analysis's tools, checked strictly in one place (no Django).

Each tool is stored as JSON on `CauseAnalysis`; `clean_<tool>(value)` returns the value
with its texts trimmed, or raises `ShapeError` with every problem in Swedish. The web
forms, the API and the demo loader all go through these functions (via the services).

- triangle: {"offender": {"text", "controller"}, "target": {…}, "place": {…}} or {}
- fishbone: {"victim": [str], "offender": [str], "place": [str]} or {}
- event_chains: [{"title": str, "links": [str, …]}]
- cause_tree: [{"text": str, "children": [node, …]}] (at most MAX_DEPTH levels)
- factors: [{"level": LEVELS, "kind": KINDS, "text": str}]
- hypotheses: [{"text", "for", "against": str, "status": STATUSES}]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

CORNERS = {"offender": "gärningsperson", "target": "mål/offer", "place": "plats"}
CONTROLLERS = {"offender": "handler", "target": "guardian", "place": "manager"}
BONES = {"victim": "offer", "offender": "gärningsperson", "place": "objekt/plats"}
LEVELS = {"individual": "individ", "family": "familj/nätverk", "school": "skola", "area": "område"}
KINDS = {"risk": "riskfaktor", "protective": "skyddsfaktor"}
STATUSES = {"open": "öppen", "supported": "stöds", "rejected": "förkastad"}

ITEM_MAX = 1000  # characters in one text
LIST_MAX = 50  # items in one list
MAX_DEPTH = 4  # levels of the cause tree
TREE_MAX = 100  # nodes in the whole cause tree

Json = Any


class ShapeError(ValueError):
    """The value does not have the tool's shape; `messages` says where and why (Swedish)."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def _text(value: Json, where: str, errors: list[str], *, required: bool = False) -> str:
    if not isinstance(value, str):
        errors.append(f"{where}: ska vara text.")
        return ""
    text = value.strip()
    if required and not text:
        errors.append(f"{where}: skriv något.")
    elif len(text) > ITEM_MAX:
        errors.append(f"{where}: högst {ITEM_MAX} tecken.")
    return text


def _keys(value: Json, allowed: set[str], where: str, errors: list[str]) -> bool:
    """True if `value` is an object with exactly the `allowed` keys."""
    if not isinstance(value, dict):
        errors.append(f"{where}: ska vara ett objekt.")
        return False
    missing, extra = allowed - set(value), set(value) - allowed
    if missing:
        errors.append(f"{where}: saknar {', '.join(sorted(missing))}.")
    if extra:
        errors.append(f"{where}: okända fält {', '.join(sorted(map(str, extra)))}.")
    return not missing and not extra


def _list(value: Json, where: str, errors: list[str], *, limit: int = LIST_MAX) -> list[Json]:
    if not isinstance(value, list):
        errors.append(f"{where}: ska vara en lista.")
        return []
    if len(value) > limit:
        errors.append(f"{where}: högst {limit} rader.")
        return []
    return value


def _strings(value: Json, where: str, errors: list[str]) -> list[str]:
    return [
        _text(item, f"{where}, rad {n}", errors, required=True)
        for n, item in enumerate(_list(value, where, errors), start=1)
    ]


def _choice(value: Json, choices: dict[str, str], where: str, errors: list[str]) -> str:
    if value not in choices:
        errors.append(f"{where}: välj en av {', '.join(choices)}.")
        return ""
    return str(value)


def _checked(clean: Callable[[Json, list[str]], Json]) -> Callable[[Json], Json]:
    def run(value: Json) -> Json:
        errors: list[str] = []
        cleaned = clean(value, errors)
        if errors:
            raise ShapeError(errors)
        return cleaned

    run.__doc__ = clean.__doc__
    return run


def _triangle(value: Json, errors: list[str]) -> Json:
    """The problem analysis triangle: three corners, each with its controller."""
    if value == {}:
        return {}
    if not _keys(value, set(CORNERS), "Triangeln", errors):
        return {}
    cleaned = {}
    for corner, label in CORNERS.items():
        where = f"Triangeln, {label}"
        if _keys(value[corner], {"text", "controller"}, where, errors):
            cleaned[corner] = {
                "text": _text(value[corner]["text"], where, errors),
                "controller": _text(value[corner]["controller"], f"{where} (kontroll)", errors),
            }
    return cleaned


def _fishbone(value: Json, errors: list[str]) -> Json:
    """The fishbone: the victim, offender and object/place bones, each a list."""
    if value == {}:
        return {}
    if not _keys(value, set(BONES), "Fiskbenet", errors):
        return {}
    return {
        bone: _strings(value[bone], f"Fiskbenet, {label}", errors) for bone, label in BONES.items()
    }


def _event_chains(value: Json, errors: list[str]) -> Json:
    """Titled chains of at least two links each."""
    chains = []
    for n, chain in enumerate(_list(value, "Händelsekedjorna", errors), start=1):
        where = f"Händelsekedja {n}"
        if not _keys(chain, {"title", "links"}, where, errors):
            continue
        links = _strings(chain["links"], f"{where}, led", errors)
        if isinstance(chain["links"], list) and len(chain["links"]) < 2:
            errors.append(f"{where}: en kedja behöver minst två led.")
        chains.append(
            {"title": _text(chain["title"], where, errors, required=True), "links": links}
        )
    return chains


def _cause_tree(value: Json, errors: list[str]) -> Json:
    """Nested causes: each node a text and its children, at most MAX_DEPTH levels."""
    if isinstance(value, list) and sum(1 for _ in _walk(value)) > TREE_MAX:
        errors.append(f"Orsaksträdet: högst {TREE_MAX} orsaker.")
        return []
    return _nodes(value, "Orsaksträdet", 1, errors)


def _walk(nodes: list[Json]) -> Iterator[Json]:
    for node in nodes:
        yield node
        if isinstance(node, dict) and isinstance(node.get("children"), list):
            yield from _walk(node["children"])


def _nodes(value: Json, where: str, depth: int, errors: list[str]) -> list[Json]:
    cleaned = []
    for n, node in enumerate(_list(value, where, errors), start=1):
        here = f"{where} {n}" if depth == 1 else f"{where}.{n}"
        if not _keys(node, {"text", "children"}, here, errors):
            continue
        children = node["children"]
        if depth == MAX_DEPTH and children:
            errors.append(f"{here}: högst {MAX_DEPTH} nivåer.")
            children = []
        cleaned.append(
            {
                "text": _text(node["text"], here, errors, required=True),
                "children": _nodes(children, here, depth + 1, errors),
            }
        )
    return cleaned


def _factors(value: Json, errors: list[str]) -> Json:
    """Risk and protective factors by level (Andershed & Andershed 2019)."""
    factors = []
    for n, factor in enumerate(_list(value, "Faktorerna", errors, limit=LIST_MAX * 4), start=1):
        where = f"Faktor {n}"
        if _keys(factor, {"level", "kind", "text"}, where, errors):
            factors.append(
                {
                    "level": _choice(factor["level"], LEVELS, f"{where}, nivå", errors),
                    "kind": _choice(factor["kind"], KINDS, f"{where}, slag", errors),
                    "text": _text(factor["text"], where, errors, required=True),
                }
            )
    return factors


def _hypotheses(value: Json, errors: list[str]) -> Json:
    """Hypotheses with the evidence for and against, and where they stand."""
    hypotheses = []
    for n, item in enumerate(_list(value, "Hypoteserna", errors), start=1):
        where = f"Hypotes {n}"
        if _keys(item, {"text", "for", "against", "status"}, where, errors):
            hypotheses.append(
                {
                    "text": _text(item["text"], where, errors, required=True),
                    "for": _text(item["for"], f"{where}, stöd för", errors),
                    "against": _text(item["against"], f"{where}, stöd emot", errors),
                    "status": _choice(item["status"], STATUSES, f"{where}, status", errors),
                }
            )
    return hypotheses


clean_triangle = _checked(_triangle)
clean_fishbone = _checked(_fishbone)
clean_event_chains = _checked(_event_chains)
clean_cause_tree = _checked(_cause_tree)
clean_factors = _checked(_factors)
clean_hypotheses = _checked(_hypotheses)

CLEANERS: dict[str, Callable[[Json], Json]] = {
    "triangle": clean_triangle,
    "fishbone": clean_fishbone,
    "event_chains": clean_event_chains,
    "cause_tree": clean_cause_tree,
    "factors": clean_factors,
    "hypotheses": clean_hypotheses,
}


def texts(value: Json) -> Iterator[str]:
    """Every string in a (cleaned) tool, for the personal-data check."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)


# The cause tree as lines for a plain textarea: one cause per line, a dash per level.
def tree_to_lines(tree: list[Json]) -> str:
    lines: list[str] = []

    def add(nodes: list[Json], depth: int) -> None:
        for node in nodes:
            lines.append(f"{'-' * depth}{' ' if depth else ''}{node['text']}")
            add(node["children"], depth + 1)

    add(tree, 0)
    return "\n".join(lines)


def lines_to_tree(text: str) -> list[Json]:
    """Lines with leading dashes as a tree; ShapeError when a line skips a level."""
    root: list[Json] = []
    stack: list[list[Json]] = [root]  # stack[d]: the children list at depth d
    errors = []
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        body = line.lstrip("-")
        depth = len(line) - len(body)
        if depth > len(stack) - 1:
            errors.append(f"Rad {n}: underorsak utan en orsak på nivån ovanför.")
            continue
        node: dict[str, Json] = {"text": body.strip(), "children": []}
        del stack[depth + 1 :]
        stack[depth].append(node)
        stack.append(node["children"])
    if errors:
        raise ShapeError(errors)
    return root
