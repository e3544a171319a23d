"""Disciplinary measures: who, which measure, by which body, for what, when.

    "Ban Bí thư quyết định thi hành kỷ luật cách chức Ủy viên Ban Thường vụ Tỉnh ủy đối với ông Võ
     Kim Cự ... vì đã vi phạm ..."   -> person Võ Kim Cự, measure dismissal, body Ban Bí thư, reason
    "Sở Tài nguyên và Môi trường tỉnh Kon Tum đã kỷ luật cảnh cáo các ông Diệp Xuân Vinh và Cao Minh
     Phương vì vi phạm đạo đức ..."  -> two facts, one per person

The passes, per sentence: find the measures (ontology/lexicon/discipline-measures.tsv), drop those
the clause does not report as taken (discipline-cues.tsv), then read the people the measure is
taken against, the body that took it (the last organization named before it), the reason ("vì",
"do", "về việc" after the people) and the date the sentence gives. A measure with no person named
(" kỷ luật cảnh cáo 2 cá nhân") is no fact: the graph links measures to people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.nlp.facts import FactContext, Mention, fact_rule
from kg.nlp.lexicon import CAP_SYL, SURNAMES, alternation, lexicon_rows
from kg.records import Evidence, Fact

KIND = "disciplinary_measure"
MEASURES: dict[str, str] = {phrase: measure for phrase, measure in lexicon_rows("discipline-measures.tsv")}
CUES: dict[str, str] = {cue: reading for cue, reading in lexicon_rows("discipline-cues.tsv")}
# Measures that need "kỷ luật" or "hình thức" before them, since their words have everyday senses.
_NEEDS_CONTEXT = {"reprimand", "warning", "demotion"}

_MEASURE = re.compile(rf"(?<![\wĐđ])(?P<measure>{alternation(MEASURES)})(?![\wĐđ])", re.IGNORECASE)
_DISCIPLINE = re.compile(r"(?<![\wĐđ])(?:kỷ luật|hình thức)(?![\wĐđ])", re.IGNORECASE)
_CUE = re.compile(rf"(?<![\wĐđ])(?:{alternation(CUES)})(?![\wĐđ])", re.IGNORECASE)
_PASSIVE = re.compile(r"(?<![\wĐđ])bị(?:\s+\S+){0,2}\s*$")
_NAME = rf"{CAP_SYL}(?:\s+{CAP_SYL}){{1,4}}"
# The people a measure is taken against: "đối với ông A", "kỷ luật bà A", "các ông A và B", "A, B".
_HONORIFIC = r"(?i:các\s+)?(?:\d+\s+)?(?i:đồng\s+chí|ông|bà|anh|chị)"
# A personal name: capitalised syllables, the first a Vietnamese surname (lexicon.SURNAMES), so that
# a post after a comma ("ông A, Phó Trưởng phòng") is not read as a second person.
_NAME_AT = re.compile(rf"(?P<name>{_NAME})")
# Where the people a measure is taken against start: an honorific ("kỷ luật bà A", "các ông: A"), or
# "đối với" and at most three lower-case words ("đối với kiểm sát viên A").
_PERSON_START = re.compile(
    rf"""(?:{_HONORIFIC}\s*:?\s+
          |(?<![\wĐđ])đối\s+với\s+(?:[a-zđà-ỹ]+\s+){{0,3}})
         (?={CAP_SYL})""", re.VERBOSE)
# Between two people of a list: a separator, then an optional honorific ("; bà A", ", B", " và ông C").
_NEXT = re.compile(rf"\s*(?:[;,]\s*(?:và\s+)?|\s+và\s+|\s*[-–]\s*)(?:{_HONORIFIC}\s+)?")
# What ends a list of people: the reason, the measure's own words, or the next statement.
_LIST_END = re.compile(r"(?<![\wĐđ])(?:vì|do|bằng hình thức|với hình thức|kỷ luật|cho biết|nói|đồng thời)(?![\wĐđ])",
                       re.IGNORECASE)
# What may stand between the measure and the person: "đối với [các ông | 5 người khác, gồm]: ...".
_AGAINST = re.compile(r"(?<![\wĐđ])(?:đối\s+với|gồm)(?:\s+[^\s,.;:]+){0,4}\s*[,:]?\s*(?:{h}\s*:?\s*)?$"
                      .replace("{h}", _HONORIFIC))
_REPORTED = re.compile(r"(?<![\wĐđ])(?:cho biết|nói|khẳng định|thông tin|xác nhận|trao đổi)(?![\wĐđ])")
PEOPLE_GAP = 150  # characters of post between two names of one list, at most
_REASON = re.compile(r"(?<![\wĐđ])(?:vì|do|về việc|về hành vi|về những vi phạm)\s+(?P<reason>[^;]+)")
_CLAUSE_END = re.compile(r"[;]|\.\s|$")
REASON_LIMIT = 200  # characters: a reason runs to its clause's end, which a long sentence may not reach


@dataclass(frozen=True)
class _Measure:
    notation: str
    start: int
    end: int
    anchor: int  # where the clause's discipline words begin ("kỷ luật", or the measure itself)


@fact_rule(KIND)
def disciplinary_measures(ctx: FactContext) -> list[Fact]:
    if not _MEASURE.search(ctx.text):  # most texts name no measure: nothing else is computed for them
        return []
    facts = []
    for s_start, s_end in ctx.sentences:
        for measure in _taken_measures(ctx.text, s_start, s_end):
            facts.extend(_facts_of(ctx, measure, s_start, s_end))
    return _unique(facts)


def _taken_measures(text: str, s_start: int, s_end: int) -> list[_Measure]:
    sentence = text[s_start:s_end]
    out = []
    for m in _MEASURE.finditer(sentence):
        notation = MEASURES.get(_lexicon_key(m["measure"]))
        if notation is None:
            continue
        before = sentence[max(0, m.start() - 80):m.start()]
        context = list(_DISCIPLINE.finditer(before))
        if notation in _NEEDS_CONTEXT and not context:
            continue
        anchor = m.start() - len(before) + context[0].start() if context else m.start()
        clause = sentence[_clause_start(sentence, anchor):m.start()]
        if _CUE.search(clause):
            continue
        out.append(_Measure(notation, s_start + m.start(), s_start + m.end(), s_start + anchor))
    return out


def _lexicon_key(written: str) -> str:
    """The lexicon's spelling of a measure matched in any case ("Khai trừ" -> "khai trừ")."""
    folded = written.casefold()
    return next((k for k in MEASURES if k.casefold() == folded), written)


def _clause_start(sentence: str, at: int) -> int:
    """Where the clause holding position `at` begins: after the last comma, semicolon or colon."""
    cut = max(sentence.rfind(c, 0, at) for c in ",;:")
    return cut + 1 if cut >= 0 else 0


def _facts_of(ctx: FactContext, m: _Measure, s_start: int, s_end: int) -> list[Fact]:
    people, people_end = _people(ctx, m, s_start, s_end)
    if not people:
        return []
    fields = {"measure": m.notation}
    body = _body(ctx, m, s_start)
    if body:
        fields["body"] = body.name
    reason = _reason(ctx.text, people_end, s_end)
    if reason:
        fields["reason"] = reason
    date = next((d.name for d in ctx.in_span(ctx.dates, s_start, s_end) if len(d.name) == 10), None)
    if date:
        fields["date"] = date
    start = min(body.start if body else m.anchor, m.anchor)
    end = max(people_end, m.end)
    evidence = Evidence(start, end, ctx.text[start:end])
    return [Fact(KIND, {"person": p, **fields}, evidence) for p in people]


def _people(ctx: FactContext, m: _Measure, s_start: int, s_end: int) -> tuple[list[str], int]:
    """The people named after the discipline words (or, for "A bị cách chức", before them), and where
    their names end."""
    text = ctx.text
    for start in _person_starts(ctx, m.anchor, s_end):
        if not _names_the_measured(text, m, start):
            break
        names, end = _people_list(text, start, s_end)
        if names:
            return names, end
    if _PASSIVE.search(text[s_start:m.anchor]):
        # "A và Thứ trưởng B ... bị kỷ luật": every person named before the passive verb.
        found: list[str] = []
        said = list(_REPORTED.finditer(text, s_start, m.anchor))  # "ông A cho biết, một nữ sinh bị ..."
        for start in _person_starts(ctx, said[-1].end() if said else s_start, m.anchor):
            found += [n for n in _people_list(text, start, m.anchor)[0] if n not in found]
        return found, m.end
    return [], m.end


def _person_starts(ctx: FactContext, lo: int, hi: int) -> list[int]:
    """Where a person may be named in [lo, hi): after an honorific or "đối với", or where the
    officials component found a name (a name after a post: "nguyên Bí thư Bình Định Nguyễn Văn Thiện")."""
    starts = {m.end() for m in _PERSON_START.finditer(ctx.text, lo, hi)}
    starts |= {o.start for o in ctx.officials if lo <= o.start < hi}
    return sorted(starts)


def _people_list(text: str, start: int, end: int) -> tuple[list[str], int]:
    """The names of a list of people starting at `start`: "A, B, Phó Giám đốc ...; C, Trạm trưởng
    ...; bà D" gives A, B, C and D. Each item is a surname-led name and, after it, its post."""
    names: list[str] = []
    pos = last_end = start
    while pos < end:
        m = _NAME_AT.match(text, pos, end)
        if not (m and _is_personal_name(m["name"])):
            break
        names.append(m["name"])
        last_end = m.end()
        nxt = _next_name(text, m.end(), min(end, m.end() + PEOPLE_GAP))
        if nxt is None:
            break
        pos = nxt
    return _clean(names), last_end


def _next_name(text: str, lo: int, hi: int) -> int | None:
    """Where the next person of a list begins after a name ending at `lo`: past its post, at the
    first separator followed by a surname-led name; None when the list ends first."""
    stop = _LIST_END.search(text, lo, hi)
    hi = stop.start() if stop else hi
    for sep in _NEXT.finditer(text, lo, hi):
        if sep.end() == sep.start():
            continue
        m = _NAME_AT.match(text, sep.end(), hi)
        if m and _is_personal_name(m["name"]):
            return sep.end()
    return None


def _is_personal_name(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 5 and words[0] in SURNAMES


def _names_the_measured(text: str, m: _Measure, at: int) -> bool:
    """A person named at `at` is the one measured when the name comes inside the discipline words
    ("kỷ luật ông A bằng hình thức cảnh cáo"), right after the measure and the post it removes
    ("cách chức Phó Chi cục trưởng ... ông A", with no comma between), or after "đối với"."""
    if at < m.end:
        return True
    gap = text[m.end:at]
    return len(gap) < 160 and (not re.search(r"[,.;:]", gap) or bool(_AGAINST.search(gap)))


def _clean(names: list[str]) -> list[str]:
    return [re.sub(r"\s+", " ", n).strip() for n in names]


def _body(ctx: FactContext, m: _Measure, s_start: int) -> Mention | None:
    """The body that took the measure: the last organization named before the discipline words, in
    the same sentence and clause (a semicolon ends one); none when the sentence is passive ("A bị kỷ luật"), whose subject is the
    person, or when the organization sits inside a person's name ("Hồ Trường Sơn")."""
    if _PASSIVE.search(ctx.text[s_start:m.anchor]):
        return None
    s_start = max(s_start, ctx.text.rfind(";", s_start, m.anchor) + 1)  # "...; cách chức ông A": its own clause
    names = [n for n in (_NAME_AT.match(ctx.text, start) for start in _person_starts(ctx, s_start, m.anchor)) if n]
    before = [o for o in ctx.in_span(ctx.organizations, s_start, m.anchor)
              if not any(n.start() <= o.start < n.end() for n in names)]
    return before[-1] if before else None


def _reason(text: str, people_end: int, s_end: int) -> str | None:
    m = _REASON.search(text, people_end, s_end)
    if not m or m.start() - people_end > 160:
        return None
    reason = m["reason"]
    end = _CLAUSE_END.search(reason)
    reason = reason[: end.start() if end else len(reason)].strip(" ,.;:")
    if len(reason) > REASON_LIMIT:
        reason = reason[:REASON_LIMIT].rsplit(" ", 1)[0]
    return reason or None


def _unique(facts: list[Fact]) -> list[Fact]:
    """One fact per (person, measure, body): a bulletin that repeats a measure states it once; the same
    measure by two bodies (the Party's and the employer's) is two decisions."""
    seen, out = set(), []
    for f in facts:
        key = (f.fields["person"], f.fields["measure"], f.fields.get("body"))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
