"""What a profile lists for each class, cut from the relations kg.viz.profiles gathered.

An official: posts (one group per post, dated), events by role, co-participants, documents, bulletins.
An organization: events organized, members by post, documents issued, bulletins.
A document: the events that review it and those that implement it (each said apart), the bulletins
that cite it. An event: its organizers, participants by role, documents, and every report of it.
Rows are never cut here: the page shows the first ones and a button for the rest.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from kg.viz.profiles import ROLE_TITLES, Entity, Facts, Group, Row, Section


def sections(facts: Facts, e: Entity) -> list[Section]:
    cut = {"Official": _official, "Organization": _organization, "Document": _document, "Event": _event}[e.cls]
    found = [s for s in cut(facts, e) if any(g.rows for g in s.groups)]
    return found + [facts.mentions(e)]


def _sorted(rows: list[Row]) -> list[Row]:
    # Dated rows in order, then undated ones (the page counts them apart).
    return sorted(rows, key=lambda r: (r.date is None, r.date or "", r.bulletin, r.start or 0))


def _by_role(facts: Facts, links, *, side: str) -> list[Group]:
    groups = []
    for role, title in ROLE_TITLES:
        chosen = [link for link in links if link.role == role]
        rows = []
        for link in chosen:
            other = link.object if side == "object" else link.subject
            event = link.object
            rows.append(Row(facts.label(other), link.bulletin, link.start, facts.date_of(link.bulletin, event), other))
        if rows:
            groups.append(Group(title, _sorted(rows)))
    return groups


def _official(facts: Facts, e: Entity) -> list[Section]:
    # A post is a role in an organization (W3C ORG's membership), however each bulletin words it:
    # "Bí thư Thành ủy TP HCM" and "Bí thư Thành ủy TP Hồ Chí Minh" are one post, titled by its commonest wording.
    posts: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for link, label, stated in facts.positions.get(e.iri, ()):
        date = stated or facts.date_of(link.bulletin)
        posts[(link.role, link.object)].append(Row(label, link.bulletin, link.start, date, link.object or None))
    post_groups = []
    for (_, org), rows in posts.items():
        label = Counter(r.text for r in rows).most_common(1)[0][0]
        title = f"{label} · {facts.label(org)}" if org else label
        post_groups.append(Group(title, _sorted(rows), org or None))
    # Posts in the order they were first stated; a post never dated goes last.
    post_groups.sort(key=lambda g: (g.rows[0].date is None, g.rows[0].date or "", g.title))
    taken = [link for rel, link in facts.out.get(e.iri, ()) if rel == "participant"]
    out = [Section("Posts", post_groups, note="each post with the bulletins that state it, first and last stated"),
           Section("Events", _by_role(facts, taken, side="object"), note="grouped by role")]
    out.append(Section("Co-participants", _co_participants(facts, e, taken)))
    out.append(Section("Documents", [Group("", _documents_of_events(facts, {link.object for link in taken}))],
                       note="documents reviewed or implemented at the events it took part in"))
    return out


def _co_participants(facts: Facts, e: Entity, taken) -> list[Group]:
    events = {link.object for link in taken}
    people: dict[str, list[Row]] = defaultdict(list)
    for event in events:
        for rel, link in facts.into.get(event, ()):
            if rel == "participant" and link.subject != e.iri:
                people[link.subject].append(Row(f"{facts.label(event)} ({link.role})", link.bulletin, link.start,
                                                facts.date_of(link.bulletin, event), event))
    groups = [Group(facts.label(p), _sorted(rows), p) for p, rows in people.items()]
    groups.sort(key=lambda g: (-len({r.target for r in g.rows}), g.title))
    return groups


def _documents_of_events(facts: Facts, events: set[str]) -> list[Row]:
    rows = []
    for event in events:
        for rel, link in facts.out.get(event, ()):
            if rel in ("reviews", "implements"):
                start = facts.first_span.get((link.object, link.bulletin), link.start)
                rows.append(Row(f"{facts.label(link.object)} ({rel} at {facts.label(event)})", link.bulletin, start,
                                facts.date_of(link.bulletin, event), link.object))
    return _sorted(rows)


def _organization(facts: Facts, e: Entity) -> list[Section]:
    into = facts.into.get(e.iri, ())
    organized = [link for rel, link in into if rel == "organizer"]
    issued = [link for rel, link in into if rel == "issuer"]
    posts: dict[str, list[Row]] = defaultdict(list)
    for link, label, stated in facts.members.get(e.iri, ()):
        posts[label].append(Row(facts.label(link.subject), link.bulletin, link.start,
                                stated or facts.date_of(link.bulletin), link.subject))
    members = [Group(label, _sorted(rows)) for label, rows in sorted(posts.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
    return [Section("Events organized", [Group("", _sorted(facts.event_rows(organized, side="subject")))]),
            Section("Members by post", members, note="each post with the officials stated to hold it"),
            Section("Documents issued", [Group("", _sorted(facts.event_rows(issued, side="subject")))])]


def _document(facts: Facts, e: Entity) -> list[Section]:
    into = facts.into.get(e.iri, ())
    out = []
    for rel, title, note in (("reviews", "Reviewed at", "events that review (sơ kết, tổng kết) it"),
                             ("implements", "Implemented by", "events that put it into effect (triển khai, thực hiện)")):
        links = [link for r, link in into if r == rel]
        out.append(Section(title, [Group("", _sorted(facts.event_rows(links, side="subject")))], note=note))
    cited = [Row(link.quote or facts.catalog.bulletins[link.bulletin].title, link.bulletin, link.start,
                 facts.date_of(link.bulletin)) for r, link in into if r == "cited"]
    out.append(Section("Cited by", [Group("", _sorted(cited))], note="every citation, in the bulletin's words"))
    return out


def _event(facts: Facts, e: Entity) -> list[Section]:
    out_links = facts.out.get(e.iri, ())
    organizers = [link for rel, link in out_links if rel == "organizer"]
    documents = [Row(f"{facts.label(link.object)} ({rel})", link.bulletin,
                     facts.first_span.get((link.object, link.bulletin), link.start), facts.date_of(link.bulletin, e.iri),
                     link.object) for rel, link in out_links if rel in ("reviews", "implements")]
    taking = [link for rel, link in facts.into.get(e.iri, ()) if rel == "participant"]
    return [Section("Organized by", [Group("", _sorted(facts.event_rows(organizers)))]),
            Section("Participants", _by_role(facts, taking, side="subject"), note="grouped by role"),
            Section("Documents", [Group("", _sorted(documents))], note="reviews or implements")]
