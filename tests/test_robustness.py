"""Property-based robustness: whatever the input, the library either returns a consistent result
or raises a ``BundlinjeError`` (a Danish message for the user) — never any other exception.

Generated inputs: arbitrary text and bill-like fragment soup through ``pipeline.parse`` (a ``str``);
arbitrary bytes and mutated valid files through ``ingest.read_bytes`` for .txt/.docx/.html/.xml;
real acts from ``../shared/bills/retsinformation`` with lines deleted, duplicated, swapped or cut,
through ``ingest`` + ``structure.parse_document``. Reader-specific hostile files (zip bombs, entity
expansion, …) are tested in ``test_ingest_hostile.py``.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import struct
import unicodedata
import zipfile
from pathlib import Path

import numpy as np
import pytest
from fixtures_build import SAMPLE_BILL, build_docx, build_html, build_xml
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st

from relationel_bundlinje import ingest, pipeline, rulebook, structure
from relationel_bundlinje.classifier import ClauseScorer
from relationel_bundlinje.errors import BundlinjeError, ModelError, RulesError
from relationel_bundlinje.models import Bill, SourceDocument

SETTINGS = settings(deadline=None, max_examples=80, suppress_health_check=[HealthCheck.too_slow])

# Pieces of Danish bills: random text alone rarely reaches the parser's deeper branches.
FRAGMENTS = [
    "Forslag\n", "til\n", "Lov om ændring af lov om social service\n", "Lov om ", "§ 1\n", "§ 2.", "§ 3 a. ",
    "§§ 4-6", "Stk. 2.", "Stk. 3 a. ", "1) ", "2) ", "1. ", "2. I § 5, stk. 2, ", "Kapitel 1\n", "Kapitel 2 a\n",
    "I lov om social service, jf. lovbekendtgørelse nr. 1 af 1. januar 2024, foretages følgende ændringer:\n",
    "affattes således:\n", "indsættes:\n", "ophæves.", "ændres »14 dage« til »4 uger«.", "»", "«", "\"",
    "Loven træder i kraft den 1. juli 2025.\n", "Bemærkninger til lovforslaget\n", "Almindelige bemærkninger\n",
    "1. Indledning\n", "3.2. Gældende ret\n", "Til § 1\n", "Til nr. 1 og 2\n",
    "Bemærkninger til lovforslagets enkelte bestemmelser\n", "| Positive | Negative |\n", "|---|---|\n",
    "pårørende", "besøg", "familie", "ensomhed", "kommunalbestyrelsen", "jf. § 2, stk. 1, nr. 3, ",
    "\n", "\n\n", " ", "\t", "\r\n", "\x00", "\u00ad", "\u00a0", "\u200b", "\ufeff", "æøå ÆØÅ ", "ﬁ", "e\u0301",
]
bill_soup = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=80).map("".join)

SENTENCES = [
    "Kommunalbestyrelsen skal sikre, at beboere kan modtage besøg af deres pårørende.",
    "Ministeren kan fastsætte nærmere regler om ordningen, herunder om frister.",
    "Afgiften udgør 0,6 øre pr. kWh for den elektricitet, der leveres.",
    "Loven træder i kraft den 1. juli 2025.",
    "»14 dage« ændres til »4 uger«.",
    "Stk. 2 ophæves.",
    "Forældre, der har forældremyndigheden, har ret til samvær med barnet, jf. § 4, stk. 1, nr. 2.",
    "Den, der har fået ophold efter § 9, kan ikke få familiesammenføring med sin ægtefælle.",
    "I lov om social service, jf. lovbekendtgørelse nr. 1 af 1. januar 2024, foretages følgende ændringer:",
]
_n = st.integers(min_value=1, max_value=40)
_s = st.sampled_from(SENTENCES)
_letter = st.sampled_from(["", " a", " b"])
bill_line = st.one_of(
    st.builds(lambda n, x, s: f"§ {n}{x}. {s}", _n, _letter, _s),
    st.builds(lambda n, x: f"§ {n}{x}", _n, _letter),
    st.builds(lambda n, s: f"Stk. {n}. {s}", _n, _s),
    st.builds(lambda n, s: f"{n}) {s}", _n, _s),
    st.builds(lambda n, m: f"{n}. I § {m} indsættes efter stk. 1 som nyt stykke:", _n, _n),
    st.builds(lambda n, m: f"{n}. § {m} affattes således:", _n, _n),
    st.builds(lambda s: f"»{s}«", _s),
    st.builds(lambda n: f"Kapitel {n}", _n),
    st.builds(lambda n: f"Til § {n}", _n),
    st.builds(lambda n: f"Til nr. {n}", _n),
    st.builds(lambda n, s: f"{n}.1. {s}", _n, _s),
    st.sampled_from([line.strip() for line in FRAGMENTS if line.endswith("\n")]),
    st.text(max_size=20),
)
bill_lines = st.lists(bill_line, min_size=1, max_size=40).map("\n".join)


def _event(name: str) -> None:
    """Outcome statistics (``--hypothesis-show-statistics``), to see the properties are not vacuous."""
    if currently_in_test_context():
        event(name)


def _check_bill(bill: Bill) -> None:
    """Every span points into ``bill.text`` and the quoted text is what the span covers."""
    assert isinstance(bill, Bill)
    n = len(bill.text)
    for clause in bill.clauses:
        assert 0 <= clause.start <= clause.end <= n
        assert bill.text[clause.start : clause.end] == clause.text
    for remark in bill.remarks:
        assert bill.text[remark.start : remark.end] == remark.text

    def walk(provisions):
        for p in provisions:
            assert 0 <= p.start <= p.end <= n
            walk(p.children)

    walk(bill.provisions)


def _check_document(doc: SourceDocument) -> None:
    assert doc.blocks
    for block in doc.blocks:
        assert block.text and block.text == block.text.strip()
        assert "\n" not in block.text and "\x00" not in block.text
        assert unicodedata.is_normalized("NFC", block.text)


def _check_error(err: BundlinjeError) -> None:
    message = str(err)
    assert message.strip() and "Traceback" not in message
    _event(f"refused: {type(err).__name__}")


def _parsed_or_refused(parse, source) -> Bill | None:
    try:
        bill = parse(source)
    except BundlinjeError as err:
        _check_error(err)
        return None
    _check_bill(bill)
    _event("parsed")
    return bill


def parse_or_refuse(text: str) -> Bill | None:
    return _parsed_or_refused(pipeline.parse, text)


def read_or_refuse(data: bytes, name: str) -> SourceDocument | None:
    try:
        doc = ingest.read_bytes(data, name)
    except BundlinjeError as err:
        _check_error(err)
        return None
    _check_document(doc)
    _event("read")
    return doc


def read_and_parse_or_refuse(data: bytes, name: str) -> Bill | None:
    doc = read_or_refuse(data, name)
    return None if doc is None else _parsed_or_refused(structure.parse_document, doc)


# --------------------------------------------------------------------------- text


@SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_text_is_parsed_or_refused(text: str) -> None:
    parse_or_refuse(text)


@SETTINGS
@given(bill_soup)
def test_bill_like_fragments_are_parsed_or_refused(text: str) -> None:
    parse_or_refuse(text)


@SETTINGS
@given(bill_lines)
def test_bill_like_lines_are_parsed_or_refused(text: str) -> None:
    parse_or_refuse(text)


def test_fragment_soup_reaches_the_parser() -> None:
    """Guard against a vacuous property: the sample bill parses, and pieces of it do too."""
    assert parse_or_refuse(SAMPLE_BILL) is not None
    assert parse_or_refuse("§ 1. Kommunalbestyrelsen skal sikre, at beboere kan modtage besøg af deres pårørende.")



@settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(text=bill_lines)
def test_generated_bills_are_screened_or_refused(screener, text: str) -> None:
    """The whole flow (rules, classifier, assessment, statement) on odd but parseable bills."""
    from relationel_bundlinje.statement import render

    try:
        assessment = screener.screen(text, fixed_date="2026-01-01")
    except BundlinjeError as err:
        _check_error(err)
        return
    _event("screened")
    assert assessment.statement is not None and assessment.statement.section_text.strip()
    for fmt in ("md", "txt", "json", "docx"):
        assert render(assessment, fmt)


# --------------------------------------------------------------------------- bytes


@SETTINGS
@given(st.binary(max_size=600), st.sampled_from(["x.txt", "x.docx", "x.html", "x.xml", "x.md"]))
def test_arbitrary_bytes_are_read_or_refused(data: bytes, name: str) -> None:
    read_or_refuse(data, name)


@SETTINGS
@given(bill_soup, st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]))
def test_text_in_any_encoding_is_read_or_refused(text: str, encoding: str) -> None:
    data = text.encode(encoding, errors="replace")
    read_and_parse_or_refuse(data, "x.txt")


class _Files(dict):
    """Valid files by format; a short repr keeps hypothesis' failure reports readable."""

    def __repr__(self) -> str:
        return f"<valid {', '.join(self)} files>"


@pytest.fixture(scope="module")
def valid_files(tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("valid")
    lines = SAMPLE_BILL.splitlines()
    return _Files({
        "docx": build_docx(lines, folder / "b.docx").read_bytes(),
        "html": build_html(lines, folder / "b.html").read_bytes(),
        "xml": build_xml(lines, folder / "b.xml").read_bytes(),
    })


def test_valid_files_are_read(valid_files: dict[str, bytes]) -> None:
    for fmt, data in valid_files.items():
        assert read_and_parse_or_refuse(data, f"x.{fmt}") is not None, fmt


# One edit of a byte string: (kind, relative position, payload)
edits = st.lists(
    st.tuples(
        st.sampled_from(["flip", "delete", "insert", "truncate"]),
        st.floats(min_value=0, max_value=1, allow_nan=False),
        st.binary(min_size=1, max_size=8),
    ),
    min_size=1,
    max_size=6,
)


def _mutate(data: bytes, ops) -> bytes:
    buf = bytearray(data)
    for kind, where, payload in ops:
        if not buf:
            break
        i = min(int(where * len(buf)), len(buf) - 1)
        if kind == "flip":
            buf[i] ^= payload[0] or 0xFF
        elif kind == "delete":
            del buf[i : i + len(payload)]
        elif kind == "insert":
            buf[i:i] = payload
        else:
            del buf[i:]
    return bytes(buf)


def _rezip_document(data: bytes, ops) -> bytes:
    """The .docx with its ``word/document.xml`` mutated but the zip itself intact."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "word/document.xml":
                content = _mutate(content, ops)
            dst.writestr(info.filename, content)
    return out.getvalue()


@SETTINGS
@given(st.sampled_from(["html", "xml", "docx"]), edits)
def test_mutated_files_are_read_or_refused(valid_files: dict[str, bytes], fmt: str, ops) -> None:
    read_and_parse_or_refuse(_mutate(valid_files[fmt], ops), f"x.{fmt}")


def test_docx_with_corrupt_deflate_stream_is_refused(valid_files: dict[str, bytes]) -> None:
    """A damaged compressed member (zlib.error inside zipfile) is a refused file, not a crash."""
    data = valid_files["docx"]
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
    middle = info.header_offset + 30 + name_len + extra_len + info.compress_size // 2
    damaged = data[:middle] + b"\xff" * 16 + data[middle + 16 :]
    with pytest.raises(BundlinjeError):
        ingest.read_bytes(damaged, "x.docx")


@SETTINGS
@given(edits)
def test_docx_with_mutated_document_xml_is_read_or_refused(valid_files: dict[str, bytes], ops) -> None:
    read_and_parse_or_refuse(_rezip_document(valid_files["docx"], ops), "x.docx")


# --------------------------------------------------------------------------- mutated real bills

# An amending act (change points, quoted provisions) and a consolidated act (chapters, Stk., nr.).
REAL_ACTS = ["aendrlov-2011-627-serviceloven-besoegsrestriktioner", "lbk-2023-1080-aegteskabsloven"]


@pytest.fixture(scope="module")
def real_lines(bills_dir: Path) -> dict[str, list[str]]:
    out = {}
    for doc_id in REAL_ACTS:
        path = bills_dir / f"{doc_id}.txt"
        if not path.is_file():
            pytest.skip(f"Real act {path} is missing from the shared bills folder.")
        out[doc_id] = path.read_text(encoding="utf-8").splitlines()
    return out


def test_real_acts_parse_unmutated(real_lines: dict[str, list[str]]) -> None:
    for doc_id, lines in real_lines.items():
        bill = read_and_parse_or_refuse("\n".join(lines).encode("utf-8"), f"{doc_id}.txt")
        assert bill is not None and len(bill.clauses) >= 3, doc_id


line_ops = st.lists(
    st.tuples(
        st.sampled_from(["delete", "duplicate", "swap", "cut", "join"]),
        st.floats(min_value=0, max_value=1, allow_nan=False),
        st.floats(min_value=0, max_value=1, allow_nan=False),
    ),
    min_size=1,
    max_size=25,
)


def _mutate_lines(lines: list[str], ops) -> list[str]:
    lines = list(lines)
    for kind, a, b in ops:
        if not lines:
            break
        i, j = int(a * (len(lines) - 1)), int(b * (len(lines) - 1))
        if kind == "delete":
            del lines[min(i, j) : min(i, j) + 1 + abs(i - j) % 7]
        elif kind == "duplicate":
            lines[j:j] = lines[i : i + 3]
        elif kind == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "cut":  # a line cut in the middle, as by a bad copy-paste
            line = lines[i]
            lines[i] = line[: int(b * len(line))]
        elif i + 1 < len(lines):  # join: a lost line break
            lines[i : i + 2] = [lines[i] + " " + lines[i + 1]]
    return lines


@SETTINGS
@given(st.sampled_from(REAL_ACTS), line_ops)
def test_mutated_real_acts_are_parsed_or_refused(real_lines: dict[str, list[str]], doc_id: str, ops) -> None:
    mutated = _mutate_lines(real_lines[doc_id], ops)
    read_and_parse_or_refuse("\n".join(mutated).encode("utf-8"), f"{doc_id}.txt")


# --------------------------------------------------------------------------- tampered shipped data


def _danish_refusal(err: BundlinjeError, *words: str) -> None:
    message = str(err)
    assert "Traceback" not in message
    assert any(w in message.lower() for w in words), message


@pytest.fixture
def model_copy(tmp_path: Path) -> Path:
    from relationel_bundlinje.resources import model_dir

    source = model_dir()
    if not (source / "model.json").is_file():
        pytest.skip(f"No trained model shipped at {source}.")
    folder = tmp_path / "model"
    shutil.copytree(source, folder)
    return folder


def _resign(folder: Path, meta: dict, weights: bytes) -> None:
    """Write ``model.json`` with a checksum over it and the weights, as the trainer signs a model
    (SHA-256 of the sorted JSON without the checksum, a NUL byte, and the weight file's bytes)."""
    body = {k: v for k, v in meta.items() if k != "sha256"}
    digest = hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\0" + weights)
    (folder / "model.json").write_text(json.dumps({**body, "sha256": digest.hexdigest()}), encoding="utf-8")


def _read_meta(folder: Path) -> dict:
    return json.loads((folder / "model.json").read_text(encoding="utf-8"))


def _rewrite_weights(folder: Path, change) -> None:
    """Change the arrays and re-sign them, as a careful tamperer (or a buggy trainer) would."""
    with np.load(folder / "weights.npz", allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    change(arrays)
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    (folder / "weights.npz").write_bytes(buf.getvalue())
    _resign(folder, _read_meta(folder), buf.getvalue())


def _rewrite_meta(folder: Path, change) -> None:
    """Change ``model.json`` and re-sign it."""
    meta = _read_meta(folder)
    change(meta)
    _resign(folder, meta, (folder / "weights.npz").read_bytes())


def test_untampered_model_copy_loads(model_copy: Path) -> None:
    scorer = ClauseScorer.load(model_copy)
    assert scorer.version and scorer.version != "ukendt"
    assert 0 < scorer.threshold < 1
    # Re-signing an unchanged model changes nothing: the tests below sign as the trainer does.
    _rewrite_meta(model_copy, lambda meta: None)
    assert ClauseScorer.load(model_copy).version == scorer.version


def test_model_with_flipped_weight_bytes_is_refused(model_copy: Path) -> None:
    weights = model_copy / "weights.npz"
    data = bytearray(weights.read_bytes())
    for i in range(len(data) // 2, len(data) // 2 + 8):
        data[i] ^= 0x5A
    weights.write_bytes(bytes(data))
    with pytest.raises(ModelError) as caught:
        ClauseScorer.load(model_copy)
    _danish_refusal(caught.value, "kontrolsum", "afvises", "beskadiget")


def test_model_with_edited_metadata_is_refused_by_its_checksum(model_copy: Path) -> None:
    meta_path = model_copy / "model.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["threshold"] = 0.5 if meta["threshold"] != 0.5 else 0.6  # plausible, but not what was signed
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError) as caught:
        ClauseScorer.load(model_copy)
    _danish_refusal(caught.value, "kontrolsum")


def test_model_with_edited_vocabulary_is_refused(model_copy: Path) -> None:
    def drop_term(meta):
        meta["word_terms"] = meta["word_terms"][:-1]  # one feature fewer than the weights have

    _rewrite_meta(model_copy, drop_term)
    with pytest.raises(ModelError) as caught:
        ClauseScorer.load(model_copy)
    _danish_refusal(caught.value, "ordforråd", "dimensioner", "afvises")


def test_model_with_out_of_range_values_is_refused(model_copy: Path) -> None:
    def bad_threshold(meta):
        meta["threshold"] = 2.0

    _rewrite_meta(model_copy, bad_threshold)
    with pytest.raises(ModelError) as caught:
        ClauseScorer.load(model_copy)
    _danish_refusal(caught.value, "ugyldig", "afvises")


def test_model_with_wrong_weight_shape_is_refused(model_copy: Path) -> None:
    def shorten(arrays):
        arrays["coef"] = arrays["coef"][:-1]

    _rewrite_weights(model_copy, shorten)
    with pytest.raises(ModelError) as caught:
        ClauseScorer.load(model_copy)
    _danish_refusal(caught.value, "dimensioner", "afvises")


def test_model_with_non_finite_weights_is_refused(model_copy: Path) -> None:
    def poison(arrays):
        arrays["coef"] = arrays["coef"].copy()
        arrays["coef"][0] = np.nan

    _rewrite_weights(model_copy, poison)
    with pytest.raises(ModelError) as caught:
        ClauseScorer.load(model_copy)
    _danish_refusal(caught.value, "ugyldige", "afvises")


@pytest.mark.parametrize("damage", ["truncated_json", "missing_weights", "weights_not_npz"])
def test_damaged_model_files_are_refused(model_copy: Path, damage: str) -> None:
    if damage == "truncated_json":
        meta = model_copy / "model.json"
        meta.write_bytes(meta.read_bytes()[:1000])
    elif damage == "missing_weights":
        (model_copy / "weights.npz").unlink()
    else:
        raw = b"ikke en npz-fil"
        (model_copy / "weights.npz").write_bytes(raw)
        _resign(model_copy, _read_meta(model_copy), raw)
    with pytest.raises(ModelError) as caught:
        ClauseScorer.load(model_copy)
    _danish_refusal(caught.value, "modellen", "model")


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    from relationel_bundlinje.resources import rules_dir

    folder = tmp_path / "regler"
    shutil.copytree(rules_dir(), folder)
    return folder


def test_untampered_rules_copy_loads(rules_copy: Path) -> None:
    ruleset = rulebook.load_rules(rules_copy)
    assert ruleset.questions


def test_rules_with_invalid_yaml_are_refused(rules_copy: Path) -> None:
    target = sorted(p for p in rules_copy.glob("*.yaml") if p.name != "manifest.yaml")[0]
    target.write_text(target.read_text(encoding="utf-8") + "\n  - id: [ikke lukket\n    : :\n", encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        rulebook.load_rules(rules_copy)
    assert target.name in str(caught.value)
    _danish_refusal(caught.value, "ugyldig", "problem")


def test_rules_with_schema_errors_are_refused(rules_copy: Path) -> None:
    target = sorted(p for p in rules_copy.glob("*.yaml") if p.name != "manifest.yaml")[0]
    text = target.read_text(encoding="utf-8")
    # A question that names a dimension the tool does not know.
    text = text.replace("dimensions: [", "dimensions: [ukendt_dimension, ", 1)
    target.write_text(text, encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        rulebook.load_rules(rules_copy)
    message = str(caught.value)
    assert re.search(re.escape(target.name) + r":\d+", message), message
    _danish_refusal(caught.value, "ugyldig", "problem")
