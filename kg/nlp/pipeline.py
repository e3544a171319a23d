"""Build the spaCy pipeline and run it over cleaned bulletins.

Tokenisation: the components read character offsets, not tokens, so the default pipeline splits
syllables at whitespace, as spaCy's Vietnamese tokeniser does with `use_pyvi=False`, and gives the
same records as pyvi word segmentation at a tenth of its cost. It does so with spaCy's own Cython
`Tokenizer` with no affix rules (registered as "bkg.syllable_tokenizer.v1"): the same tokens as
`VietnameseTokenizer(use_pyvi=False)`, whose Python `get_words_and_spaces` costs about three times
more. `make_nlp(use_pyvi=True)` restores word segmentation for users who want word tokens.
"""

from __future__ import annotations

from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer

import kg.nlp.components  # noqa: F401  (registers the components)
from kg.nlp.components import COMPONENT_ORDER
from kg.nlp.to_records import extraction_from_doc
from kg.records import Bulletin, Extraction


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
    doc = nlp(_prepare(nlp, bulletin))
    return extraction_from_doc(doc, bulletin)


def extract_many(bulletins: Iterable[Bulletin], nlp: Language | None = None, *,
                 batch_size: int = 64) -> Iterator[Extraction]:
    nlp = nlp or default_nlp()
    pending: list[Bulletin] = []

    def flush():
        docs = [_prepare(nlp, b) for b in pending]
        for doc, b in zip(nlp.pipe(docs, batch_size=batch_size), pending):
            yield extraction_from_doc(doc, b)
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
