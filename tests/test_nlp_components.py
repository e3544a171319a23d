"""The components are first-class spaCy components usable in someone else's pipeline."""

import spacy

import kg.nlp.components


def test_components_in_a_plain_blank_vi_pipeline():
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("bkg_documents")
    nlp.add_pipe("bkg_officials")
    doc = nlp("Thực hiện Kế hoạch số 67-KH/TU, đồng chí Lại Văn Hanh, Bí thư Đảng ủy Khối chủ trì.")
    # Spans cover whole tokens (the syllable tokeniser keeps "67-KH/TU," together); records are exact.
    (span,) = doc.spans["bkg_documents"]
    assert span.text.startswith("Kế hoạch số 67-KH/TU")
    assert doc._.bkg["bkg_documents"][0].number == "67-KH/TU"
    (official,) = doc._.bkg["bkg_officials"]
    assert official.name == "Lại Văn Hanh"
    assert doc.spans["bkg_officials"][0].label_ == "OFFICIAL"


def test_pyvi_tokenisation_gives_the_same_records(seed_path):
    from kg.nlp.pipeline import extract, make_nlp
    from kg.reading.clean import clean_bulletin
    from kg.reading.sources import read_sources

    b = clean_bulletin(next(read_sources([str(seed_path)])))
    fast = extract(b, make_nlp()).to_json()
    words = extract(b, make_nlp(use_pyvi=True)).to_json()
    assert fast == words


def test_empty_text_does_not_crash_pyvi():
    from kg.nlp.pipeline import extract, make_nlp
    from kg.records import Bulletin

    x = extract(Bulletin(id="e", raw_text="", text=""), make_nlp(use_pyvi=True))
    assert x.events == [] and x.officials == []
