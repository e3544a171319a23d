"""Which mentions across bulletins are one entity: pure clustering over plain mention records.

Every decision comes with its reason and a score, so that `kg explain` can show why two mentions are
one node and `kg candidates` the closest pairs left apart. The rule is one entity wherever the
evidence is compatible, split only on conflict:

- Officials are blocked by their name without diacritics. Within one spelling, mentions whose homes
  (kg.resolution.mentions.official_home) name two different provinces or countries are namesakes;
  a mention with no home, or a national one when there is a single local home, joins them. A spelling
  variant ("Nguyễn Đức Chúng" beside "Nguyễn Đức Chung") joins the common spelling when both are
  placed in the same province or country; without such evidence the two stay apart.
- Events of the same kind reported by several bulletins are one event when they are dated the same
  day and their organizers, place or name agree, unless their names carry different numbers
  (distinct sessions of a series) or both come from the same bulletin.
- A numbered document with the same number and code is one document unless two dates (or two
  provinces) conflict.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from kg.nlp.lexicon import strip_accents
from kg.rdf.iri import ID_BASE, slug

# How strongly one mention's evidence supports joining a cluster (shown by `kg explain`).
SAME_HOME, NO_CONFLICT, VARIANT = 1.0, 0.5, 0.4


@dataclass(frozen=True)
class OfficialMention:
    graph: str
    iri: str  # the node's IRI in that graph now
    name: str
    home: str | None  # "vn", "p-<province>", "c-<country>", or None
    context: str | None = None  # the bulletin's own province scope ("p-..."), if known


@dataclass(frozen=True)
class EventMention:
    graph: str
    iri: str
    kind: str
    date: str  # ISO
    label: str
    organizers: frozenset[str] = frozenset()
    place: str | None = None


@dataclass(frozen=True)
class DocumentMention:
    graph: str
    iri: str
    date: str | None
    scope: str | None  # "p-<province>" of its issuer, if known


@dataclass
class Cluster:
    iri: str
    name: str
    members: list = field(default_factory=list)
    reason: str = ""
    scores: dict[str, float] = field(default_factory=dict)  # mention graph -> score

    @property
    def bulletins(self) -> int:
        return len({m.graph for m in self.members})


def fold_name(name: str) -> str:
    """The blocking key: no diacritics, no case, and "y" read as "i", which Vietnamese spelling
    interchanges in names ("Phạm Sỹ Quý", "Phạm Sĩ Quý"): "Nguyễn Đức Chúng" -> "nguyen duc chung"."""
    return " ".join(strip_accents(unicodedata.normalize("NFC", name)).casefold().replace("y", "i").split())


_Y_TO_I = str.maketrans("yýỳỷỹỵ", "iíìỉĩị")


def spelling(name: str) -> str:
    """One spelling of a name however its tone marks are placed ("Hoà", "Hòa") and whether a final
    "i" is written "y" ("Sỹ", "Sĩ"; "Quý", "Quí"): both are orthography, not another name."""
    from kg.rdf.resolve import _fold

    return _fold(name).translate(_Y_TO_I)


# -- officials -----------------------------------------------------------------------------------

def cluster_officials(mentions: list[OfficialMention]) -> list[Cluster]:
    blocks: dict[str, list[OfficialMention]] = defaultdict(list)
    for m in mentions:
        blocks[fold_name(m.name)].append(m)
    out: list[Cluster] = []
    for block in blocks.values():
        out.extend(_cluster_block(block))
    return out


def _cluster_block(block: list[OfficialMention]) -> list[Cluster]:
    by_spelling: dict[str, list[OfficialMention]] = defaultdict(list)
    for m in block:
        by_spelling[spelling(m.name)].append(m)
    groups: list[_Group] = []
    for members in by_spelling.values():
        groups.extend(_split_by_home(members))
    groups = _join_variants(groups)
    return _name_clusters(groups)


@dataclass
class _Group:
    home: str | None
    members: list[OfficialMention]
    scores: dict[str, float]
    notes: list[str]

    @property
    def name(self) -> str:
        return Counter(m.name for m in self.members).most_common(1)[0][0]

    @property
    def graphs(self) -> set[str]:
        return {m.graph for m in self.members}


def _is_local(home: str | None) -> bool:
    return home is not None and home.startswith(("p-", "c-"))


def _conflict_class(home: str | None) -> str | None:
    """Homes that tell namesakes apart: each province, and "abroad". Two foreign countries do not:
    a foreign leader's posts are often written beside another country's ("Tổng thống Nga Putin
    và Chủ tịch Trung Quốc ..."), and foreign namesakes are far rarer than such noise."""
    if home and home.startswith("c-"):
        return "c"
    return home


def _split_by_home(members: list[OfficialMention]) -> list[_Group]:
    """One spelling: one person per conflicting local home, the rest joined where they fit."""
    members = _one_foreign_home(members)
    homes: Counter[str] = Counter(h for h in (m.home for m in members) if h is not None and _is_local(h))
    if len(homes) <= 1:
        return [_one_home_group(members, next(iter(homes), None))]
    groups: dict[str, _Group] = {h: _Group(h, [], {}, []) for h in homes}
    if any(m.home == "vn" for m in members):
        groups["vn"] = _Group("vn", [], {}, [])
    largest = max(homes, key=lambda h: (homes[h], h))
    for m in members:
        target, score = _home_group_of(m, groups, largest)
        groups[target].members.append(m)
        groups[target].scores[m.graph] = score
    for g in groups.values():
        others = sorted(h for h in groups if h != g.home)
        g.notes.append(f"namesakes told apart by home: {g.home} against {', '.join(others)}")
    return [g for g in groups.values() if g.members]


def _one_foreign_home(members: list[OfficialMention]) -> list[OfficialMention]:
    """A spelling seen abroad under several countries is read as one foreign person, at the country
    named most often; local homes are kept."""
    foreign = Counter(m.home for m in members if (m.home or "").startswith("c-"))
    if not foreign:
        return members
    abroad = foreign.most_common(1)[0][0]
    return [OfficialMention(m.graph, m.iri, m.name, abroad if _conflict_class(m.home) == "c" else m.home, m.context)
            for m in members]


def _one_home_group(members: list[OfficialMention], home: str | None) -> _Group:
    if home is None and any(m.home == "vn" for m in members):
        home = "vn"
    scores = {m.graph: SAME_HOME if m.home and m.home in (home, "vn") else NO_CONFLICT for m in members}
    return _Group(home, list(members), scores, [])


def _home_group_of(m: OfficialMention, groups: dict[str, _Group], largest: str) -> tuple[str, float]:
    """Where a mention goes among namesakes told apart by home: its own home, else the home of the
    bulletin it appears in, else the home most mentions have."""
    if m.home in groups:
        return m.home, SAME_HOME
    if m.context in groups:
        return m.context, NO_CONFLICT
    return largest, NO_CONFLICT


def _join_variants(groups: list[_Group]) -> list[_Group]:
    """Spelling variants of one name (the block shares the name without diacritics)."""
    groups = sorted(groups, key=lambda g: (-len(g.members), g.name))
    kept: list[_Group] = []
    for g in groups:
        for big in kept:
            if spelling(big.name) == spelling(g.name) or big.graphs & g.graphs:
                continue  # the same spelling was split on purpose; two spellings in one bulletin are two people
            # Only agreeing evidence joins two spellings: "Phạm Văn Đồng" and "Phạm Văn Đông", or
            # "Nguyễn Văn Huyên" and "Huyện", are different people as often as one misspelt, so a
            # variant with no home of its own stays apart (and `kg candidates` lists the pair).
            same_home = g.home is not None and g.home == big.home and _is_local(g.home)
            if same_home:
                why = "the same home"
                big.members.extend(g.members)
                for m in g.members:
                    big.scores[m.graph] = VARIANT
                big.notes.append(f"spelling {g.name!r} joined to {big.name!r}: {why}")
                if big.home is None:
                    big.home = g.home
                break
        else:
            kept.append(g)
    return kept


def _name_clusters(groups: list[_Group]) -> list[Cluster]:
    """IRIs: the largest group of a name keeps the plain one, namesakes are named by their home."""
    by_name: dict[str, list[_Group]] = defaultdict(list)
    for g in groups:
        by_name[g.name].append(g)
    out = []
    for name, same in by_name.items():
        same.sort(key=lambda g: (-len(g.members), g.home or ""))
        for i, g in enumerate(same):
            iri = f"{ID_BASE}person/{slug(name)}" if i == 0 else f"{ID_BASE}person/{g.home}/{slug(name)}"
            homes = Counter(m.home or "unknown" for m in g.members)
            reason = (f"{len(g.members)} mention(s) in {len({m.graph for m in g.members})} bulletin(s) named "
                      f"{name!r}; homes: " + ", ".join(f"{h} ×{n}" for h, n in sorted(homes.items())))
            if g.notes:
                reason += "; " + "; ".join(g.notes)
            out.append(Cluster(iri, name, g.members, reason, g.scores))
    return out


# -- events --------------------------------------------------------------------------------------

_NUMBER = re.compile(r"\d+|\b[IVXL]+\b")
_STOP = {"hội", "nghị", "lễ", "tổ", "chức", "của", "và", "về", "năm", "các", "tại", "với", "cho", "thứ", "lần", "kỳ"}


def _words(label: str) -> set[str]:
    return {w for w in re.findall(r"[\wđ]+", label.casefold()) if w not in _STOP}


def _numbers(label: str) -> set[str]:
    return set(_NUMBER.findall(label))


def _day(iso: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso[:10])
    except ValueError:
        return None


def event_agreement(a: EventMention, b: EventMention) -> tuple[float, str]:
    """(score, why) of two reports being one event; 0 when they cannot be."""
    if a.graph == b.graph or a.kind != b.kind:
        return 0.0, ""
    da, db = _day(a.date), _day(b.date)
    # The same day: with a day's tolerance, reports chained across days, and the one date a merged
    # event keeps (store_pass.single_value_update) moved reports in and out on the next pass.
    if da is None or db is None or da != db:
        return 0.0, ""
    na, nb = _numbers(a.label), _numbers(b.label)
    if na and nb and na != nb:
        return 0.0, "different numbers in the names"
    if a.organizers & b.organizers:
        return 1.0, "same organizer"
    if a.place and b.place and spelling(a.place) == spelling(b.place):
        return 0.9, "same place"
    return _name_agreement(a.label, b.label)


def _name_agreement(a: str, b: str) -> tuple[float, str]:
    wa, wb = _words(a), _words(b)
    jaccard = len(wa & wb) / len(wa | wb) if wa and wb else 0.0
    return (round(jaccard, 2), "similar names") if jaccard >= 0.6 else (0.0, "")


class _Reports:
    """Reports joined into events (union-find), where one bulletin's two events never join."""

    def __init__(self, mentions: list[EventMention]):
        self.parent = list(range(len(mentions)))
        self.graphs = [{m.graph} for m in mentions]
        self.why: dict[int, list[str]] = defaultdict(list)
        self.scores: dict[int, float] = {}

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, i: int, j: int, score: float, reason: str) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri == rj or self.graphs[ri] & self.graphs[rj]:
            return  # one bulletin's two events stay two
        self.parent[rj] = ri
        self.graphs[ri] |= self.graphs[rj]
        self.why[ri].append(f"{reason} ({score})")
        self.why[ri].extend(self.why.pop(rj, []))
        for k in (i, j):
            self.scores[k] = max(self.scores.get(k, 0), score)

    def groups(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return out


def cluster_events(mentions: list[EventMention]) -> list[Cluster]:
    """Only clusters of two or more reports are returned (a lone report keeps its own IRI).

    The reports are ordered by what they say (kind, date, bulletin, name), never by their IRIs, which
    this very pass rewrites: the clusters, and so the IRIs, are the same however often it runs."""
    mentions = sorted(mentions, key=lambda m: (m.kind, m.date, m.graph, m.label, sorted(m.organizers), m.place or ""))
    by_kind_day: dict[tuple[str, dt.date], list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        day = _day(m.date)
        if day:
            by_kind_day[(m.kind, day)].append(i)
    reports = _Reports(mentions)
    for _, members in sorted(by_kind_day.items()):
        for i, j in itertools.combinations(members, 2):
            score, reason = event_agreement(mentions[i], mentions[j])
            if score > 0:
                reports.join(i, j, score, reason)
    return [_event_cluster(mentions, idx, reports.why[root], reports.scores)
            for root, idx in reports.groups().items() if len(idx) >= 2]


def _event_cluster(mentions: list[EventMention], idx: list[int], why: list[str], scores: dict[int, float]) -> Cluster:
    members = sorted((mentions[i] for i in idx), key=lambda m: (m.date, m.graph, m.label))
    first = members[0]
    # Named from the first report's bulletin and words, which re-resolution finds unchanged.
    iri = f"{ID_BASE}event/{first.date[:10]}/{first.kind}-{slug(first.graph + ' ' + first.label)[-6:]}"
    reason = f"{len(members)} reports of one {first.kind} on {first.date[:10]}: " + "; ".join(sorted(set(why)))
    return Cluster(iri, first.label, members, reason, {mentions[i].graph: scores.get(i, 0.0) for i in idx})


# -- documents -----------------------------------------------------------------------------------

def cluster_documents(mentions: list[DocumentMention]) -> list[Cluster]:
    """Only blocks that split are returned: the largest part keeps the IRI, the others are named by
    their date (or province)."""
    by_iri: dict[str, list[DocumentMention]] = defaultdict(list)
    for m in mentions:
        by_iri[document_base(m.iri)].append(m)
    out = []
    for iri, block in by_iri.items():
        parts = _split_documents(block)
        if len(parts) < 2:
            continue
        parts.sort(key=lambda p: (-len(p[1]), p[0]))
        names = ", ".join(k for k, _ in parts)
        for i, (key, members) in enumerate(parts):
            target = iri if i == 0 else f"{iri}~{key}"
            out.append(Cluster(target, key, members, f"same number, told apart by {names}",
                               {m.graph: SAME_HOME for m in members}))
    return out


def _split_documents(block: list[DocumentMention]) -> list[tuple[str, list[DocumentMention]]]:
    dates = Counter(m.date for m in block if m.date)
    scopes = Counter(m.scope for m in block if m.scope)
    if len(dates) <= 1 and len(scopes) <= 1:
        return [("", block)]
    key_of = (lambda m: m.date) if len(dates) > 1 else (lambda m: m.scope)
    counts = dates if len(dates) > 1 else scopes
    largest = max(counts, key=lambda k: (counts[k], k))
    parts: dict[str, list[DocumentMention]] = defaultdict(list)
    for m in block:
        parts[key_of(m) or largest].append(m)
    return list(parts.items())


_SPLIT_SUFFIX = re.compile(r"~(?:\d{4}-\d\d-\d\d|p-[a-z0-9-]+)$")


def document_base(iri: str) -> str:
    """The IRI of a document before the store pass told namesake documents apart."""
    return _SPLIT_SUFFIX.sub("", iri)
