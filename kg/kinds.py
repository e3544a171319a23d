"""The kinds of things the graph holds, read from the ontology (`ontology/bulletin-kg.ttl`), which is
their one source: the top-level classes (Official, Organization, Document, Event, Bulletin,
Statistic), the subclasses of Document and Event with the `skos:notation` the extractor writes
("resolution", "conference" ...), the participation roles, and the other kinds of fact (subclasses
of bkg:Fact, such as disciplinary measures) with the rule module and the fields of each. Mapping, the graph projection, the
pages and the scorer read their tables from here, so adding a kind is one class in the ontology
instead of a row in five parallel tables.

Reading the ontology once takes ~50 ms; the registry is built on first use and kept."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.rdf.vocab import BKG_IRI, ontology_graph, ontology_text

# The classes a node is drawn, counted and listed as, in the order legends list them.
TOP_CLASSES = ("Official", "Organization", "Document", "Event", "Bulletin", "Statistic")
# Families whose subclasses are kinds the extractor tells apart by notation.
FAMILIES = ("Document", "Event")


@dataclass(frozen=True)
class Kind:
    name: str  # local name in the ontology: "Resolution"
    iri: str
    family: str  # the top-level class it belongs to: "Document"; a top class is its own family
    notation: str | None  # what the extractor writes: "resolution"; None for top classes
    label_en: str
    label_vi: str

    @property
    def label(self) -> str:
        """'Resolution · Nghị quyết': how pages name the kind, English first."""
        return f"{self.label_en} · {self.label_vi}" if self.label_vi else self.label_en


@dataclass(frozen=True)
class Field:
    name: str  # as the rules give it: "person"
    prop: str  # the property's IRI
    range: str  # the property's rdfs:range IRI: bkg:Official, bkg:Organization, xsd:date, a concept class ...
    values: dict[str, str]  # for a range of concepts: notation -> concept IRI ("warning" -> bkg:warning)


@dataclass(frozen=True)
class FactKind:
    """A kind of fact beside the six built in: a subclass of bkg:Fact whose rules live in the module
    its bkg:extractor names, with the fields its properties declare (bkg:field)."""
    kind: Kind
    extractor: str
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class Registry:
    kinds: tuple[Kind, ...]
    roles: tuple[Kind, ...]  # participation roles (bkg:chaired ...), family "ParticipationRole"
    facts: tuple[FactKind, ...] = ()

    def fact(self, notation: str) -> FactKind | None:
        return next((f for f in self.facts if f.kind.notation == notation), None)

    def family(self, family: str) -> tuple[Kind, ...]:
        """The subclasses of `family`, in the ontology's order; the catch-all ("other") last."""
        return tuple(k for k in self.kinds if k.family == family and k.name != family)

    def by_notation(self, family: str) -> dict[str, Kind]:
        return {k.notation: k for k in self.family(family) if k.notation}

    def kind(self, name: str) -> Kind | None:
        return next((k for k in self.kinds + self.roles if k.name == name), None)

    def type_class(self) -> dict[str, str]:
        """Local class name -> the top class it is drawn as ('Resolution' -> 'Document')."""
        return {k.name: k.family for k in self.kinds}

    def type_label(self) -> dict[str, str]:
        return {k.name: k.label for k in self.kinds}


def _labels(g: rdflib.Graph, s) -> tuple[str, str]:
    found = {lit.language: str(lit) for lit in g.objects(s, RDFS.label) if isinstance(lit, rdflib.Literal)}
    return found.get("en", s.split("#")[-1]), found.get("vi", "")


def _local(iri) -> str:
    return str(iri)[len(BKG_IRI):]


def _kind(g: rdflib.Graph, s, family: str) -> Kind:
    notation = g.value(s, SKOS.notation)
    en, vi = _labels(g, s)
    return Kind(_local(s), str(s), family, str(notation) if notation is not None else None, en, vi)


def _file_order(g: rdflib.Graph, text: str, nodes) -> list:
    """Nodes in the order the ontology file defines them (rdflib keeps no order), so that lists and
    legends follow the order its authors chose."""
    return sorted(nodes, key=lambda s: text.find(f"bkg:{_local(s)} a "))


def build_registry(ttl_text: str, g: rdflib.Graph | None = None) -> Registry:
    g = g if g is not None else rdflib.Graph().parse(data=ttl_text, format="turtle")
    bkg = rdflib.Namespace(BKG_IRI)
    kinds: list[Kind] = []
    for top in TOP_CLASSES:
        if (bkg[top], RDF.type, OWL.Class) not in g:
            raise ValueError(f"the ontology has no class bkg:{top}")
        kinds.append(_kind(g, bkg[top], top))
        if top in FAMILIES:
            subs = [s for s in g.subjects(RDFS.subClassOf, bkg[top]) if str(s).startswith(BKG_IRI)]
            ordered = _file_order(g, ttl_text, subs)
            others = [s for s in ordered if g.value(s, SKOS.notation) == rdflib.Literal("other")]
            for s in [s for s in ordered if s not in others] + others:
                kinds.append(_kind(g, s, top))
    roles = _file_order(g, ttl_text, g.subjects(RDF.type, bkg.ParticipationRole))
    return Registry(tuple(kinds), tuple(_kind(g, s, "ParticipationRole") for s in roles), _fact_kinds(g, ttl_text))


def _fact_kinds(g: rdflib.Graph, ttl_text: str) -> tuple[FactKind, ...]:
    bkg = rdflib.Namespace(BKG_IRI)
    out = []
    for cls in _file_order(g, ttl_text, g.subjects(RDFS.subClassOf, bkg.Fact)):
        kind = _kind(g, cls, "Fact")
        extractor = g.value(cls, bkg.extractor)
        if kind.notation is None or extractor is None:
            raise ValueError(f"the fact kind bkg:{kind.name} needs a skos:notation and a bkg:extractor")
        props = _file_order(g, ttl_text, [p for p in g.subjects(RDFS.domain, cls) if g.value(p, bkg.field)])
        out.append(FactKind(kind, str(extractor), tuple(_field(g, p) for p in props)))
    return tuple(out)


def _field(g: rdflib.Graph, prop) -> Field:
    rng = g.value(prop, RDFS.range)
    values = {str(g.value(c, SKOS.notation)): str(c) for c in g.subjects(RDF.type, rng) if g.value(c, SKOS.notation)}
    return Field(str(g.value(prop, rdflib.Namespace(BKG_IRI).field)), str(prop), str(rng), values)


@lru_cache(maxsize=1)
def registry() -> Registry:
    return build_registry(ontology_text(), ontology_graph())
