"""Review of the merged graph: the entities with their aliases and support, and the likely
duplicates that were not merged, each with its evidence."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from kg.curation import CURATION_GRAPH, Curation, split_iri
from kg.nlp.lexicon import strip_accents
from kg.rdf.resolve import load_aliases
from kg.store import GraphStore

CLASSES = {"official": "bkg:Official", "organization": "bkg:Organization", "document": "bkg:Document"}


@dataclass
class Entity:
    iri: str
    name: str
    aliases: list[str]
    bulletins: int
    details: list[str] = field(default_factory=list)


@dataclass
class Candidate:
    kind: str  # same-name | near-name | abbreviation
    a: Entity
    b: Entity
    evidence: str


def list_entities(store: GraphStore, entity_type: str, *, limit: int | None = None) -> list[Entity]:
    cls = CLASSES[entity_type]
    rows = store.select(f"""
        SELECT ?e (SAMPLE(?pref) AS ?name) (GROUP_CONCAT(DISTINCT ?label; separator="\\u001f") AS ?aliases)
               (COUNT(DISTINCT ?g) AS ?n)
        WHERE {{ GRAPH ?g {{ ?e a {cls} ; rdfs:label ?label . OPTIONAL {{ ?e skos:prefLabel ?pref }} }}
                 FILTER(?g != <{CURATION_GRAPH}>) }}
        GROUP BY ?e ORDER BY DESC(?n) ?e {f"LIMIT {int(limit)}" if limit else ""}""")
    out = []
    for r in rows:
        aliases = sorted(set(r.get("aliases", "").split("\u001f")) - {""})
        name = r.get("name") or (aliases[0] if aliases else r["e"])
        out.append(Entity(r["e"], name, aliases, r["n"]))
    if entity_type == "official":
        posts = store.select("""
            SELECT DISTINCT ?e ?label WHERE { GRAPH ?g { ?p a bkg:Position ; org:member ?e ; bkg:positionLabel ?label } }""")
        by = defaultdict(list)
        for r in posts:
            by[r["e"]].append(r["label"])
        for e in out:
            e.details = sorted(set(by.get(e.iri, [])))
    return out


def fold(text: str) -> str:
    return " ".join(strip_accents(unicodedata.normalize("NFC", text)).casefold().split())


def _distance_at_most_one(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[i + 1:] == b[i + 1:] or a[i + 1:] == b[i:] or a[i:] == b[i + 1:]


def find_candidates(store: GraphStore, entity_type: str | None = None,
                    curation: Curation | None = None) -> list[Candidate]:
    reviewed = _reviewed_pairs(curation) if curation else set()
    types = [entity_type] if entity_type else ["official", "organization", "document"]
    found: list[Candidate] = []
    for t in types:
        entities = list_entities(store, t)
        found.extend(_same_name_candidates(entities))
        found.extend(_near_name_candidates(entities))
        if t == "organization":
            found.extend(_abbreviation_candidates(entities))
    return [c for c in found if frozenset((c.a.iri, c.b.iri)) not in reviewed]


def _reviewed_pairs(curation: Curation) -> set[frozenset]:
    """Pairs a curator has decided already, which are never proposed again."""
    return ({frozenset((a, b)) for a, b, _ in curation.not_same_as}
            | {frozenset((k, m)) for k, m, _ in curation.same_as}
            | {frozenset((n, split_iri(n, bs))) for n, bs, _ in curation.split})


def _same_name_candidates(entities) -> list[Candidate]:
    """Same name, different nodes (officials in two scopes, a body in two provinces)."""
    by_name = defaultdict(list)
    for e in entities:
        by_name[e.name.casefold()].append(e)
    return [Candidate("same-name", a, b, f"both named {a.name!r}; scopes {_scope(a.iri)} and {_scope(b.iri)}")
            for group in by_name.values() for a, b in itertools.combinations(group, 2)]


def _near_name_candidates(entities) -> list[Candidate]:
    """Near-identical names: the same letters without diacritics, or one letter apart."""
    blocks = defaultdict(list)
    for e in entities:
        f = fold(e.name)
        blocks[f.split(" ")[0] if f else ""].append((f, e))
    found = []
    for items in blocks.values():
        for (fa, a), (fb, b) in itertools.combinations(items, 2):
            if a.name.casefold() == b.name.casefold() or len(fa) < 6:
                continue
            if fa == fb:
                found.append(Candidate("near-name", a, b, f"{a.name!r} and {b.name!r} differ only in diacritics"))
            elif _distance_at_most_one(fa, fb):
                found.append(Candidate("near-name", a, b, f"{a.name!r} and {b.name!r} differ by one letter"))
    return found


_ABBR = re.compile(r"(?<![\wĐđ])([A-ZĐ]{2,}(?:&[A-ZĐ]+)?)(?![\wĐđ])")


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isalpha()).upper()


def _abbreviation_candidates(entities: list[Entity]) -> list[Candidate]:
    """An abbreviation the alias table does not know ("CATP") against names whose initials spell it."""
    known = set(load_aliases().words)
    out = []
    for e in entities:
        for token in {t for label in e.aliases for t in _ABBR.findall(label)} - known:
            for other in entities:
                if other is e:
                    continue
                if any(token in _initials(label).replace("Đ", "D") or token.replace("Đ", "D") in _initials(label)
                       for label in [other.name] + other.aliases if len(label.split()) >= len(token)):
                    out.append(Candidate("abbreviation", e, other,
                                         f"{token!r} in {e.name!r} is not in ontology/aliases.tsv and spells the "
                                         f"initials of {other.name!r}"))
    return out


def _scope(iri: str) -> str:
    """The scope an IRI was minted in ("p-lao-cai", "vn"); a person's plain IRI is nationwide."""
    parts = iri.split("/")
    scope = parts[-2] if len(parts) > 2 else ""
    return "nationwide" if scope in {"person", "org", ""} else scope
