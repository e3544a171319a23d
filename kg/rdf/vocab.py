"""The bulletin-kg vocabulary as an rdflib `DefinedNamespace`: a misspelt term fails at import
or first use, not silently in the graph. The terms and their documentation live in
`ontology/bulletin-kg.ttl`; a test checks that both list the same terms."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

BKG_IRI = "https://w3id.org/bulletin-kg/ontology#"
ID_BASE = "https://w3id.org/bulletin-kg/id/"
# The European Legislation Identifier ontology, which rdflib does not bundle.
ELI = Namespace("http://data.europa.eu/eli/ontology#")


class BKG(DefinedNamespace):
    _NS = Namespace(BKG_IRI)
    _fail = True

    Appointment: URIRef
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
    Discipline: URIRef
    Document: URIRef
    Event: URIRef
    Evidence: URIRef
    Guideline: URIRef
    Inspection: URIRef
    Law: URIRef
    Meeting: URIRef
    NotStated: URIRef
    Notice: URIRef
    Official: URIRef
    OfficialLetter: URIRef
    Organization: URIRef
    OtherDocument: URIRef
    OtherEvent: URIRef
    Participation: URIRef
    ParticipationRole: URIRef
    PipelineRun: URIRef
    Place: URIRef
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
    Unit: URIRef
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
    identityReason: URIRef
    implements: URIRef
    inEvent: URIRef
    issuer: URIRef
    issuingSession: URIRef
    kept: URIRef
    maxValue: URIRef
    merged: URIRef
    notStated: URIRef
    organizer: URIRef
    participant: URIRef
    participationRole: URIRef
    partyGovernment: URIRef
    period: URIRef
    place: URIRef
    positionLabel: URIRef
    qualifier: URIRef
    quote: URIRef
    refPeriod: URIRef
    reported: URIRef
    reviews: URIRef
    runStatus: URIRef
    scope: URIRef
    scopeArea: URIRef
    sentence: URIRef
    sourceBulletin: URIRef
    speaker: URIRef
    split: URIRef
    spoke: URIRef
    startOffset: URIRef
    statedOn: URIRef
    statement: URIRef
    statisticsStructure: URIRef
    text: URIRef
    title: URIRef
    unit: URIRef
    unitOfMeasure: URIRef
    value: URIRef
