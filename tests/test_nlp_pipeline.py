"""The default pipeline's syllable tokenizer gives spaCy's Vietnamese syllable tokens, faster."""

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.nlp.pipeline import make_nlp

NLP = make_nlp(components=())
REFERENCE = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
TEXT = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200),
    st.lists(st.sampled_from(["Hội", "nghị", "22-NQ/TW,", "(Kế", "hoạch)", " ", "  ", "\n\n", "\t", "\u00a0", "\u3000",
                              "78,40%", "“Đảng”", "\r\n", "Đ/c"]), max_size=40).map(" ".join),
)


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_same_tokens_as_the_vietnamese_syllable_tokenizer(text):
    ours, theirs = NLP.make_doc(text), REFERENCE.make_doc(text)
    assert [(t.text, t.whitespace_) for t in ours] == [(t.text, t.whitespace_) for t in theirs]
    assert ours.text == text


def test_the_tokenizer_is_named_in_the_config():
    assert NLP.config["nlp"]["tokenizer"]["@tokenizers"] == "bkg.syllable_tokenizer.v1"
    assert make_nlp(use_pyvi=True).config["nlp"]["tokenizer"].get("use_pyvi") is True
