"""Build the spaCy pipeline and run it over cleaned bulletins.

Tokenisation: the components read character offsets, not tokens, so the default pipeline splits
syllables at whitespace, as spaCy's Vietnamese tokeniser does with `use_pyvi=False`, and gives the
same records as pyvi word segmentation at a tenth of its cost. It does so with spaCy's own Cython
`Tokenizer` with no affix rules (registered as "bkg.syllable_tokenizer.v1"): the same tokens as
`VietnameseTokenizer(use_pyvi=False)`, whose Python `get_words_and_spaces` costs about three times
more. `make_nlp(use_pyvi=True)` restores word segmentation for users who want word tokens.

Long texts: spaCy refuses a text over `nlp.max_length` (1,000,000 characters, error E088), and a
text that long is a dump, not an article. A text over SEGMENT_CHARS is therefore read in segments cut
at paragraph (else sentence, else word) boundaries, each its own Doc; their records are joined with
the evidence offsets moved back into the whole text. The graph merges what two segments both name.
"""

from __future__ import annotations

import dataclasses
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer

import kg.nlp.components  # noqa: F401  (registers the components)
from kg.nlp.components import COMPONENT_ORDER, payloads
from kg.nlp.facts import FACTS
from kg.nlp.genre import is_party_government
from kg.nlp.to_records import extraction_from_doc
from kg.records import Bulletin, Evidence, Extraction

SEGMENT_CHARS = 200_000  # far above any real article (the corpus's longest is under 60,000 characters)


@spacy.registry.tokenizers("bkg.syllable_tokenizer.v1")
def create_syllable_tokenizer():
    """Whitespace-separated syllables; runs of other whitespace ("\\n\\n") are tokens of their own."""

    def make(nlp: Language) -> Tokenizer:
        return Tokenizer(nlp.vocab)

    return make


def make_nlp(*, use_pyvi: bool = False, components: Iterable[str] = COMPONENT_ORDER) -> Language:
    tokenizer = {"use_pyvi": True} if use_pyvi else {"@tokenizers": "bkg.syllable_tokenizer.v1"}
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": tokenizer}})
    for name in components:
        nlp.add_pipe(name)
    return nlp


def _prepare(nlp: Language, bulletin: Bulletin):
    text = bulletin.text
    # pyvi fails on empty input; an empty Doc needs no tokeniser at all.
    doc = nlp.make_doc(text) if text.strip() else spacy.tokens.Doc(nlp.vocab, words=[])
    doc._.bkg_text = text
    doc._.bkg_reference_date = bulletin.date or bulletin.reference_date
    title = (bulletin.title or "").strip()
    doc._.bkg_title_end = len(title) if title and text.startswith(title[: max(1, len(title) // 2)]) else 0
    return doc


def extract(bulletin: Bulletin, nlp: Language | None = None) -> Extraction:
    """Records of one cleaned bulletin (see `kg.reading.clean.clean_bulletin`)."""
    nlp = nlp or default_nlp()
    if len(bulletin.text) > SEGMENT_CHARS:
        return _extract_in_segments(bulletin, nlp)
    return _records(nlp(_prepare(nlp, bulletin)), bulletin)


def _records(doc, bulletin: Bulletin) -> Extraction:
    """The records of one processed Doc: the built-in kinds, and the facts of other kinds
    (kg.nlp.facts) when the pipeline reads them."""
    x = extraction_from_doc(doc, bulletin)
    x.facts = list(payloads(doc, FACTS))
    return x


def segments(text: str, limit: int = SEGMENT_CHARS) -> list[tuple[int, int]]:
    """(start, end) pieces covering `text`, each at most `limit` long, cut at the last paragraph break,
    else line break, else sentence end, else space before the limit."""
    out, start = [], 0
    while len(text) - start > limit:
        window_end = start + limit
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            cut = text.rfind(sep, start + limit // 2, window_end)
            if cut >= 0:
                cut += len(sep)
                break
        cut = cut if cut > start else window_end
        out.append((start, cut))
        start = cut
    out.append((start, len(text)))
    return out


def _extract_in_segments(bulletin: Bulletin, nlp: Language) -> Extraction:
    whole = Extraction(bulletin=bulletin, party_government=is_party_government(bulletin.title, bulletin.text))
    for start, end in segments(bulletin.text):
        part = dataclasses.replace(bulletin, text=bulletin.text[start:end],
                                   title=bulletin.title if start == 0 else None)
        x = _records(nlp(_prepare(nlp, part)), part)
        for name in ("events", "documents", "officials", "organizations", "statistics", "facts"):
            getattr(whole, name).extend(_shifted(r, start) for r in getattr(x, name))
    return whole


def _shifted(value, offset: int):
    """A record with every Evidence in it moved by `offset` characters."""
    if isinstance(value, Evidence):
        return Evidence(value.start + offset, value.end + offset, value.quote)
    if isinstance(value, list):
        return [_shifted(v, offset) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _shifted(getattr(value, f.name), offset)
                                             for f in dataclasses.fields(value) if f.init})
    return value


def extract_many(bulletins: Iterable[Bulletin], nlp: Language | None = None, *,
                 batch_size: int = 64) -> Iterator[Extraction]:
    nlp = nlp or default_nlp()
    pending: list[Bulletin] = []

    def flush():
        docs = nlp.pipe([_prepare(nlp, b) for b in pending if len(b.text) <= SEGMENT_CHARS], batch_size=batch_size)
        for b in pending:
            yield extract(b, nlp) if len(b.text) > SEGMENT_CHARS else _records(next(docs), b)
        pending.clear()

    for b in bulletins:
        pending.append(b)
        if len(pending) >= batch_size:
            yield from flush()
    if pending:
        yield from flush()


_DEFAULT: Language | None = None


def default_nlp() -> Language:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = make_nlp()
    return _DEFAULT
