"""Facts of the kinds the ontology declares beside the built-in ones (subclasses of bkg:Fact, read
by kg.kinds), as one configurable spaCy component, "bkg_facts".

A kind's rules live in the module its `bkg:extractor` names. The module registers one function per
kind with `@fact_rule(notation)`; the function receives a `FactContext` (the text, its sentences,
and the officials, organizations and dates the earlier components found) and returns `Fact`
records. The component imports the modules of the kinds it is configured with (all by default):

    nlp.add_pipe("bkg_facts", config={"kinds": ["disciplinary_measure"]})
    doc._.bkg["bkg_facts"]   # [Fact(kind="disciplinary_measure", fields={...}, evidence=...)]

Adding a kind of fact therefore takes its class and properties in the ontology, its rule module and
its word lists; the records, the mapping to RDF and the scorer handle every kind the same way.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from spacy.language import Language
from spacy.tokens import Doc

from kg.kinds import registry
from kg.records import Fact

FACTS = "bkg_facts"


@dataclass(frozen=True)
class Mention:
    """A name the earlier components found, where it is in the text."""
    name: str
    start: int
    end: int


class FactContext:
    """What a rule reads: the text, and (computed on first use, since most texts state no fact of
    most kinds) its sentences and the officials, organizations and dates the earlier components
    found."""

    def __init__(self, text: str, doc: Doc | None = None, reference_date: str | None = None):
        self.text = text
        self.reference_date = reference_date
        self._doc = doc

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        from kg.nlp.events import sentences

        return sentences(self.text)

    @cached_property
    def officials(self) -> list[Mention]:  # the name spans of the officials found
        return [Mention(o.name, o.name_start, o.name_end) for o in self._payloads("bkg_officials")]

    @cached_property
    def organizations(self) -> list[Mention]:
        return [Mention(o.name, o.start, o.end) for o in self._payloads("bkg_organizations")]

    @cached_property
    def dates(self) -> list[Mention]:  # name = the ISO date (possibly partial)
        return [Mention(d.iso, d.start, d.end) for d in self._payloads("bkg_dates")]

    def _payloads(self, group: str) -> list:
        from kg.nlp.components import payloads

        return payloads(self._doc, group) if self._doc is not None else []

    def in_span(self, mentions: list[Mention], start: int, end: int) -> list[Mention]:
        return [m for m in mentions if start <= m.start and m.end <= end]


Rule = Callable[[FactContext], list[Fact]]
RULES: dict[str, Rule] = {}


def fact_rule(notation: str) -> Callable[[Rule], Rule]:
    """Register the rules of the fact kind with this skos:notation; the kind must be in the ontology."""
    if registry().fact(notation) is None:
        raise ValueError(f"no subclass of bkg:Fact has skos:notation {notation!r} in ontology/bulletin-kg.ttl")

    def register(fn: Rule) -> Rule:
        RULES[notation] = fn
        return fn

    return register


def fact_kinds() -> list[str]:
    return [f.kind.notation for f in registry().facts if f.kind.notation]


def load_rules(kinds: list[str]) -> list[Rule]:
    """The rule functions of these kinds, importing each kind's module (bkg:extractor) once."""
    rules = []
    for notation in kinds:
        kind = registry().fact(notation)
        if kind is None:
            raise ValueError(f"unknown kind of fact {notation!r} (known: {', '.join(fact_kinds()) or 'none'})")
        if notation not in RULES:
            importlib.import_module(kind.extractor)
        if notation not in RULES:
            raise ValueError(f"{kind.extractor} registers no rules for {notation!r} (@fact_rule)")
        rules.append(RULES[notation])
    return rules


def context_of(doc: Doc) -> FactContext:
    from kg.nlp.components import doc_text

    return FactContext(doc_text(doc), doc, doc._.bkg_reference_date)


class FactsComponent:
    def __init__(self, kinds: list[str]):
        self.kinds = kinds
        self.rules = load_rules(kinds)

    def __call__(self, doc: Doc) -> Doc:
        context = context_of(doc)
        found = [f for rule in self.rules for f in rule(context)]
        if doc._.bkg is None:
            doc._.bkg = {}
        doc._.bkg[FACTS] = found
        spans = [doc.char_span(f.evidence.start, f.evidence.end, label=f.kind, alignment_mode="expand") for f in found]
        doc.spans[FACTS] = [s for s in spans if s is not None]
        return doc


@Language.factory(FACTS, default_config={"kinds": None},
                  assigns=["doc._.bkg", "doc.spans"],
                  requires=["doc._.bkg"])
def make_facts_component(nlp: Language, name: str, kinds: list[str] | None) -> FactsComponent:
    """`kinds`: the notations of the fact kinds to read (None: every kind the ontology declares)."""
    return FactsComponent(list(kinds) if kinds is not None else fact_kinds())
