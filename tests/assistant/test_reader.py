"""The learned reader: its model file (data, not pickle) and the features it reads."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
import pytest

from assistant.reader import (
    EVIDENCE_FEATURES,
    MODEL_FILE,
    QUESTION_FEATURES,
    SENTENCE_FEATURES,
    LinearModel,
    ReaderModel,
    ReaderModelError,
    fragment_signs,
    load_model,
    looks_like_fragment,
    question_features,
    sentence_features,
)


@dataclass
class Plan:
    qtype: str = "who"
    lang: str = "da"
    key_terms: tuple[tuple[str, ...], ...] = (("genoptræning",), ("plan",))
    soft: frozenset = field(default_factory=frozenset)
    original: str = "Hvem laver genoptræningsplanen?"


@dataclass
class Cand:
    text: str
    cos: float
    pcos: float = 0.5
    coverage: float = 0.0
    matched: frozenset = field(default_factory=frozenset)
    fit: float = 0.0
    order: int = 0
    n_in_passage: int = 3
    passage_rank: int = 1
    stated: bool = False
    cos_z: float = 0.0
    cos_lrank: float = 0.0
    cos_gapk: float = 0.0
    pcos_z: float = 0.0
    bm25_rel: float = 0.0
    bm25_z: float = 0.0


def _cands() -> list[Cand]:
    return [
        Cand("Hospitalet udarbejder genoptræningsplanen ved udskrivelsen.", 0.9, coverage=1.0,
             matched=frozenset({("genoptræning",), ("plan",)}), fit=1.0, stated=True),
        Cand("og i øvrigt efter behov", 0.6, order=1),
        Cand("8 Sundhedsstyrelsens vejledning om genoptræning", 0.7, coverage=0.5, matched=frozenset({("genoptræning",)}), order=2, passage_rank=2),
    ]


class TestModelFile:
    def test_the_shipped_model_loads_with_the_codes_feature_lists(self):
        model = load_model()
        assert model.sentence.features == SENTENCE_FEATURES and model.decision.features == QUESTION_FEATURES
        assert 0.0 <= model.threshold <= 1.0 and 0.0 <= model.keep <= 1.0
        assert model.info["trained_on"] == "tune"
        assert json.loads(MODEL_FILE.read_text(encoding="utf-8"))["version"] == model.version

    def test_round_trip_through_json(self, tmp_path):
        model = load_model()
        path = tmp_path / "reader.json"
        model.save(path)
        again = load_model(path)
        x = sentence_features(Plan(), _cands())
        assert np.allclose(model.sentence.predict(x), again.sentence.predict(x))
        assert again.threshold == model.threshold

    def test_missing_file_is_a_clear_error(self, tmp_path):
        with pytest.raises(ReaderModelError) as err:
            load_model(tmp_path / "nope.json")
        assert "train_reader" in err.value.message("en") and "mangler" in err.value.user_message

    @pytest.mark.parametrize(
        "damage",
        [
            lambda d: d["sentence"]["features"].pop(),
            lambda d: d["decision"].__setitem__("coef", [1.0]),
            lambda d: d.__setitem__("version", 99),
            lambda d: d.__setitem__("threshold", 1.5),
            lambda d: d["sentence"]["scale"].__setitem__(0, 0.0),
            lambda d: d.pop("decision"),
        ],
    )
    def test_invalid_file_is_a_clear_error(self, tmp_path, damage):
        data = load_model().to_json()
        damage(data)
        path = tmp_path / "reader.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(ReaderModelError) as err:
            load_model(path)
        assert "invalid" in err.value.message("en")

    def test_not_json_is_a_clear_error(self, tmp_path):
        path = tmp_path / "reader.json"
        path.write_bytes(b"\x80\x04pickle")
        with pytest.raises(ReaderModelError):
            load_model(path)


class TestLinearModel:
    def test_predict_is_the_standardised_logistic(self):
        m = LinearModel(("a", "b"), np.array([1.0, 0.0]), np.array([2.0, 1.0]), np.array([1.0, -1.0]), 0.5)
        p = m.predict(np.array([[3.0, 1.0]]))
        assert p[0] == pytest.approx(1 / (1 + np.exp(-((3 - 1) / 2 * 1 - 1 + 0.5))))

    def test_a_value_beyond_the_limit_counts_as_the_limit(self):
        m = LinearModel(("a",), np.array([0.0]), np.array([1.0]), np.array([-1.0]), 0.0, limit=3.0)
        far, edge = m.predict(np.array([[16.0]])), m.predict(np.array([[3.0]]))
        assert far[0] == pytest.approx(edge[0]) and m.predict(np.array([[2.0]]))[0] > edge[0]
        unheld = LinearModel(("a",), np.array([0.0]), np.array([1.0]), np.array([-1.0]), 0.0)
        assert unheld.predict(np.array([[16.0]]))[0] < edge[0]

    def test_limit_survives_json_and_a_bad_one_is_refused(self):
        m = LinearModel(("a",), np.array([0.0]), np.array([1.0]), np.array([1.0]), 0.0, limit=3.0)
        assert LinearModel.from_json(m.to_json(), ("a",)).limit == 3.0
        assert "limit" not in LinearModel(("a",), np.array([0.0]), np.array([1.0]), np.array([1.0]), 0.0).to_json()
        with pytest.raises(ValueError):
            LinearModel.from_json({**m.to_json(), "limit": -1}, ("a",))

    def test_shipped_decision_holds_its_features_within_three_deviations(self):
        assert load_model().decision.limit == 3.0

    def test_wrong_width_is_refused(self):
        m = ReaderModel.neutral().sentence
        with pytest.raises(ValueError):
            m.predict(np.zeros((1, 3)))

    def test_neutral_model_gives_one_half(self):
        x = sentence_features(Plan(), _cands())
        assert np.allclose(ReaderModel.neutral().sentence.predict(x), 0.5)


class TestSentenceFeatures:
    def test_one_row_per_candidate_in_feature_order(self):
        x = sentence_features(Plan(), _cands())
        assert x.shape == (3, len(SENTENCE_FEATURES))
        col = {name: x[:, i] for i, name in enumerate(SENTENCE_FEATURES)}
        assert list(col["cos_rel"]) == pytest.approx([1.0, 0.0, 1 / 3])
        assert list(col["cos_rank"]) == [1.0, 0.0, 0.5]
        assert list(col["coverage_rel"]) == [1.0, 0.0, 0.5]
        assert list(col["matched_share"]) == [1.0, 0.0, 0.5]
        assert list(col["fit_who"]) == [1.0, 0.0, 0.0] and list(col["fit_when"]) == [0.0, 0.0, 0.0]
        assert list(col["position"]) == [0.0, 0.5, 1.0] and list(col["first_in_passage"]) == [1.0, 0.0, 0.0]
        assert list(col["passage_rrank"]) == [1.0, 1.0, 0.5]
        assert list(col["starts_lower"]) == [0.0, 1.0, 0.0]
        assert list(col["footnote"]) == [0.0, 0.0, 1.0]
        assert list(col["stated_who"]) == [1.0, 0.0, 0.0]

    def test_query_relative_scores_are_passed_through(self):
        cands = _cands()
        cands[0].cos_z, cands[0].cos_lrank, cands[0].bm25_rel = 4.5, 1.0, 0.8
        x = sentence_features(Plan(), cands)
        col = {name: x[:, i] for i, name in enumerate(SENTENCE_FEATURES)}
        assert list(col["cos_z"]) == [4.5, 0.0, 0.0] and col["cos_lrank"][0] == 1.0 and col["bm25_rel"][0] == 0.8

    def test_type_fit_goes_to_the_asked_type_only(self):
        x = sentence_features(Plan(qtype="when"), _cands())
        col = {name: x[:, i] for i, name in enumerate(SENTENCE_FEATURES)}
        assert list(col["fit_when"]) == [1.0, 0.0, 0.0] and list(col["fit_who"]) == [0.0, 0.0, 0.0]
        assert list(col["stated_who"]) == [0.0, 0.0, 0.0]

    def test_no_candidates_no_rows(self):
        assert sentence_features(Plan(), []).shape == (0, len(SENTENCE_FEATURES))

    def test_the_shipped_model_prefers_the_answering_sentence(self):
        model = load_model()
        p = model.sentence.predict(sentence_features(Plan(), _cands()))
        assert int(np.argmax(p)) == 0


class TestFragments:
    @pytest.mark.parametrize(
        "text, fragment",
        [
            ("Kommunen sikrer, at borgeren får en genoptræningsplan.", False),
            ("Dosisdispensering tilbydes alle egnede borgere.", False),  # a passive -es verb
            ("og i øvrigt efter behov.", True),
            ("Genoptræning og rehabilitering", True),
            ("8 Sundhedsstyrelsens vejledning om genoptræning", True),
            ("Se bilag.", True),
            ("18 ud af 19 kommuner har allerede etableret teams.", False),  # a number opens a whole sentence
            ("• og dertil kommer transporten.", True),
        ],
    )
    def test_looks_like_fragment(self, text, fragment):
        assert looks_like_fragment(text) is fragment

    def test_signs(self):
        assert fragment_signs("og så videre") == (1.0, 1.0, 1.0, 0.0)
        assert fragment_signs("Regionen er ansvarlig.") == (0.0, 0.0, 0.0, 0.0)


class TestQuestionFeatures:
    def test_row_in_feature_order(self):
        cands = _cands()
        probs = np.array([0.9, 0.1, 0.4])
        row = question_features(Plan(lang="en"), cands, probs, cands[:1], 0.8, 1)
        assert row.shape == (1, len(QUESTION_FEATURES))
        f = dict(zip(QUESTION_FEATURES, row[0]))
        assert f["p_max"] == 0.9 and f["p_second"] == 0.4 and f["p_top3_mean"] == pytest.approx(1.4 / 3)
        assert f["cov_max"] == 1.0 and f["cov_top"] == 1.0 and f["covered_share"] == 0.8
        assert f["unknown_terms"] == 1 and f["n_terms"] == 2 and f["lang_en"] == 1.0
        assert f["typed_fit_missing"] == 0.0

    def test_evidence_features_close_the_row_and_default_to_zero(self):
        cands = _cands()
        probs = np.array([0.9, 0.1, 0.4])
        extra = {name: 0.1 * (i + 1) for i, name in enumerate(EVIDENCE_FEATURES)}
        row = dict(zip(QUESTION_FEATURES, question_features(Plan(), cands, probs, cands[:1], 0.8, 0, extra)[0]))
        assert [row[name] for name in EVIDENCE_FEATURES] == pytest.approx([extra[name] for name in EVIDENCE_FEATURES])
        bare = dict(zip(QUESTION_FEATURES, question_features(Plan(), cands, probs, cands[:1], 0.8, 0)[0]))
        assert all(bare[name] == 0.0 for name in EVIDENCE_FEATURES)

    def test_no_candidates(self):
        row = question_features(Plan(), [], np.zeros(0), [], 0.0, 2)
        assert row.shape == (1, len(QUESTION_FEATURES))
        assert dict(zip(QUESTION_FEATURES, row[0]))["unknown_terms"] == 2.0

    def test_confidence_falls_when_the_corpus_lacks_the_words(self):
        model = load_model()
        cands = _cands()
        probs = model.sentence.predict(sentence_features(Plan(), cands))
        held = model.decision.predict(question_features(Plan(), cands, probs, cands[:1], 1.0, 0))[0]
        unknown = model.decision.predict(question_features(Plan(), cands, probs * 0.2, cands[:1], 0.2, 2))[0]
        assert 0.0 <= unknown < held <= 1.0
