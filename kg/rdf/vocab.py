"""The bulletin-kg vocabulary as an rdflib `DefinedNamespace`: a misspelt term fails at import
or first use, not silently in the graph. The terms and their documentation live in
`ontology/bulletin-kg.ttl`; a test checks that both list the same terms."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

BKG_IRI = "https://w3id.org/bulletin-kg/ontology#"
ID_BASE = "https://w3id.org/bulletin-kg/id/"


class BKG(DefinedNamespace):
    _NS = Namespace(BKG_IRI)
    _fail = True

    Bulletin: URIRef
    Ceremony: URIRef
    Circular: URIRef
    Citation: URIRef
    Conclusion: URIRef
    Conference: URIRef
    Congress: URIRef
    Constitution: URIRef
    Curation: URIRef
    Decision: URIRef
    Decree: URIRef
    Directive: URIRef
    Document: URIRef
    Event: URIRef
    Evidence: URIRef
    Guideline: URIRef
    Law: URIRef
    Meeting: URIRef
    Notice: URIRef
    Official: URIRef
    OfficialLetter: URIRef
    Organization: URIRef
    OtherDocument: URIRef
    OtherEvent: URIRef
    Participation: URIRef
    ParticipationRole: URIRef
    PipelineRun: URIRef
    Plan: URIRef
    Position: URIRef
    Programme: URIRef
    Project: URIRef
    Regulation: URIRef
    Resolution: URIRef
    Role: URIRef
    Rules: URIRef
    Seminar: URIRef
    Session: URIRef
    Statistic: URIRef
    about: URIRef
    attended: URIRef
    attendedBy: URIRef
    bulletinsAdded: URIRef
    bulletinsDuplicate: URIRef
    bulletinsQuarantined: URIRef
    bulletinsRead: URIRef
    bulletinsReplaced: URIRef
    bulletinsUnchanged: URIRef
    chaired: URIRef
    chairedBy: URIRef
    blockingKey: URIRef
    cites: URIRef
    citesDocument: URIRef
    contentHash: URIRef
    documentCode: URIRef
    documentDate: URIRef
    documentNumber: URIRef
    endOffset: URIRef
    evidence: URIRef
    extractorVersion: URIRef
    implements: URIRef
    inEvent: URIRef
    issuer: URIRef
    issuingSession: URIRef
    identityReason: URIRef
    kept: URIRef
    maxValue: URIRef
    merged: URIRef
    organizer: URIRef
    participant: URIRef
    participationRole: URIRef
    period: URIRef
    place: URIRef
    positionLabel: URIRef
    qualifier: URIRef
    quote: URIRef
    reported: URIRef
    reviews: URIRef
    runStatus: URIRef
    scope: URIRef
    sentence: URIRef
    speaker: URIRef
    split: URIRef
    spoke: URIRef
    startOffset: URIRef
    statedOn: URIRef
    text: URIRef
    title: URIRef
    unit: URIRef
    value: URIRef
