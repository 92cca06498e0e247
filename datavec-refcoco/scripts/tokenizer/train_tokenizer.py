#!/usr/bin/env python3
"""Trains the project's small SentencePiece model and writes the reference encodings the Java tests check.

Run (from any directory; not run in CI, the outputs are committed):

    python3 -m venv /tmp/tokvenv && /tmp/tokvenv/bin/pip install sentencepiece==0.2.2
    /tmp/tokvenv/bin/python train_tokenizer.py

Optionally also install transformers 4.x (`pip install --no-deps transformers==4.57.6`, then `pip install tokenizers
huggingface-hub pyyaml regex safetensors numpy packaging filelock requests tqdm`): the reference ids are then produced
by SimVG's own tokenizer, the slow `XLMRobertaTokenizer`, and the script checks that the SentencePiece route below
agrees with it case by case. Re-running reproduces both outputs byte for byte.

Writes
  ../../src/main/resources/io/simvg/data/text/simvg-small.spm          the model (unigram, 800 pieces)
  ../../src/test/resources/io/simvg/data/text/tokenizer_cases.json     reference encodings for Beit3TokenizerTest

Model: unigram, 800 pieces (the most this corpus supports: unigram keeps about one piece per distinct word, and
corpus.txt has ~960), character coverage 1.0, fairseq/XLM-R special layout (<unk>=0, <s>=1, </s>=2, no <pad>), one
training thread and no input sampling, trained on clean_string(line) for every line of corpus.txt. Normalisation is
identity except for a five-entry rule table mapping tab, line feed, carriage return, no-break space and ideographic
space to a space: BEiT-3's beit3.spm uses NFKC, whose compiled table alone is ~240 KB, while this model stays ~14 KB.

Reference ids follow SimVG's `_load_expression_tokenize_beit3` (spec SIMVG.md §1.3):
  tokens := XLMRobertaTokenizer.tokenize(clean_string(expr)); ids := convert_tokens_to_ids(tokens)
  empty -> error; keep the first max_token-2; [0] + ids + [2]; mask n zeros then ones; pad ids with 1.
`tokenize` first splits the text on the tokenizer's special tokens (<s> <pad> </s> <unk> <mask>), which map straight
to 0 1 2 3 and len(spm)+1; every other chunk goes through SentencePiece `encode(out_type=str)`, and a piece maps to
its spm id + 1, or to 3 when SentencePiece does not know it (spm id 0). The SentencePiece route implements exactly
that with the sentencepiece package alone and is always computed.
"""

import hashlib
import importlib.metadata
import json
import os
import shutil
import sys
import tempfile
import types
from pathlib import Path

import sentencepiece as spm

import make_corpus

HERE = Path(__file__).resolve().parent
MODULE = HERE.parent.parent
CORPUS = HERE / "corpus.txt"
MODEL_OUT = MODULE / "src/main/resources/io/simvg/data/text/simvg-small.spm"
CASES_OUT = MODULE / "src/test/resources/io/simvg/data/text/tokenizer_cases.json"

VOCAB_SIZE = 800
MAX_TOKEN = 20
# code points (hex) -> space; everything else passes through unchanged
WHITESPACE_RULES = "9\t20\nA\t20\nD\t20\nA0\t20\n3000\t20\n"

BOS, PAD, EOS, UNK = 0, 1, 2, 3
SPECIAL_TOKENS = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]

# (expression, expected number of pieces or None). The counts pin the boundary cases to the model: if a retrained
# model splits them differently the script stops instead of silently testing something else.
CASES = [
    ("The man in the red shirt on the left.", None),
    ("all green triangles", 3),
    ("Both RED squares!", 3),
    ("the small blue circle left of the yellow star", None),
    ("top-left donut (chocolate)", None),
    ("lady in a blue/white striped dress", None),
    ("left-most zebra", None),
    ("it's the \"big\" one; right? (#2: *tiny*)", None),
    ("Woman in yellow at the café counter", None),
    ("CAFÉ", None),
    ("naïve façade über straße", None),
    ("the 3rd car, number 42", None),
    ("2 red circles and 10 blue squares", None),
    ("red   circle \t next  to   the\tsquare", None),
    ("  the  purple hexagon  ", None),
    ("no\u00a0break\u3000spaces", None),
    ("the 猫 next to the 🙂 emoji", None),
    ("zygomorphic blorb", None),
    ("man’s hat", None),
    ("ΟΔΟΣ and İstanbul", None),
    ("circle", 1),
    ("the red circle the blue square the green star the white ring the black dot the pink heart", 18),
    ("the red circle the blue square the green star the white ring the black dot the pink heart left", 19),
    ("the small red circle left of the large blue square above the tiny green triangle next to the big yellow star"
     " below the purple hexagon between the orange diamonds", None),
    ("zygomorphic zygomorphic zygomorphic", None),
    ("<s> red </s>", None),
    ("red<mask> circle", None),
    ("the <pad> square and the <unk> star", None),
]
ERROR_CASES = ["", "...", "   ", "?!\"'()*#:;,.", "-/-", "\t"]


def clean_string(expression):
    """SimVG's clean_string (spec §1.3): lower-case, delete . , ' ! ? " ( ) * # : ; then '-' and '/' to space."""
    text = expression.lower()
    for ch in ".,'!?\"()*#:;":
        text = text.replace(ch, "")
    return text.replace("-", " ").replace("/", " ")


def train():
    """Trains in a scratch directory with fixed relative names: the trainer spec stored in the model records them."""
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        try:
            lines = [clean_string(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
            Path("corpus_clean.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
            Path("whitespace.tsv").write_text(WHITESPACE_RULES, encoding="utf-8")
            spm.SentencePieceTrainer.train(
                input="corpus_clean.txt", model_prefix="simvg-small", model_type="unigram", vocab_size=VOCAB_SIZE,
                character_coverage=1.0, normalization_rule_tsv="whitespace.tsv", unk_id=0, bos_id=1, eos_id=2,
                pad_id=-1, num_threads=1, input_sentence_size=0, shuffle_input_sentence=False, minloglevel=2)
            MODEL_OUT.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile("simvg-small.model", MODEL_OUT)
        finally:
            os.chdir(cwd)


class SentencePieceRoute:
    """SimVG's tokenization rebuilt from the sentencepiece package: special-token split, pieces, XLM-R ids."""

    def __init__(self, model):
        self.sp = spm.SentencePieceProcessor(model_file=str(model))
        self.special_ids = {"<s>": BOS, "<pad>": PAD, "</s>": EOS, "<unk>": UNK,
                            "<mask>": self.sp.get_piece_size() + 1}

    def tokenize(self, text):
        pieces, chunk, i = [], "", 0
        while i < len(text):
            special = next((t for t in SPECIAL_TOKENS if text.startswith(t, i)), None)
            if special:
                pieces += self.sp.encode(chunk, out_type=str) + [special]
                chunk, i = "", i + len(special)
            else:
                chunk, i = chunk + text[i], i + 1
        return pieces + self.sp.encode(chunk, out_type=str)

    def to_id(self, piece):
        if piece in self.special_ids:
            return self.special_ids[piece]
        spm_id = self.sp.piece_to_id(piece)
        return spm_id + 1 if spm_id else UNK

    def vocab_size(self):
        return self.sp.get_piece_size() + 2   # ids 0 .. len(spm)+1 (<mask>)


def slow_xlmr_tokenizer(model):
    """transformers' slow XLMRobertaTokenizer (what SimVG uses), or None where it cannot be had.

    transformers 5 replaced it by a `tokenizers`-backed class, so only 4.x qualifies. Its import-time dependency pin
    (huggingface-hub<1.0, tokenizers<=0.23.0) cannot be met where only newer wheels exist; the slow tokenizer uses
    neither package, so the pin check is skipped by pre-registering an empty module under its name."""
    try:
        version = importlib.metadata.version("transformers")
    except importlib.metadata.PackageNotFoundError:
        return None, None
    if int(version.split(".")[0]) != 4:
        return None, None
    sys.modules.setdefault("transformers.dependency_versions_check",
                           types.ModuleType("transformers.dependency_versions_check"))
    from transformers.models.xlm_roberta.tokenization_xlm_roberta import XLMRobertaTokenizer
    return XLMRobertaTokenizer(vocab_file=str(model)), version


def reference_case(expression, route, slow, expected_pieces):
    cleaned = clean_string(expression)
    pieces = route.tokenize(cleaned)
    token_ids = [route.to_id(p) for p in pieces]
    if slow is not None:
        hf_tokens = slow.tokenize(cleaned)
        hf_ids = slow.convert_tokens_to_ids(hf_tokens)
        assert (hf_tokens, hf_ids) == (pieces, token_ids), (expression, hf_tokens, hf_ids, pieces, token_ids)
    if expected_pieces is not None:
        assert len(pieces) == expected_pieces, (expression, pieces)
    if not token_ids:
        raise ValueError(f"no tokens for {expression!r}")
    ids = [BOS] + token_ids[:MAX_TOKEN - 2] + [EOS]
    n = len(ids)
    return {"expression": expression, "cleaned": cleaned, "pieces": pieces, "token_ids": token_ids,
            "ids": ids + [PAD] * (MAX_TOKEN - n), "mask": [0] * n + [1] * (MAX_TOKEN - n), "length": n}


def check_shape_vocabulary(sp):
    """Every word of the synthetic shapes dataset's phrasing must be a single piece."""
    groups = (make_corpus.COLOURS, make_corpus.MORE_COLOURS, list(make_corpus.SHAPES), list(make_corpus.SHAPES.values()),
              make_corpus.SIZES, make_corpus.RELATIONS, make_corpus.PLACES, make_corpus.SUPERLATIVES,
              make_corpus.QUANTIFIERS)
    words = sorted({word for group in groups for phrase in group for word in phrase.split()})
    split = {w: sp.encode(w, out_type=str) for w in words if len(sp.encode(w)) != 1}
    assert not split, f"shape-dataset words split into several pieces: {split}"
    return len(words)


def main():
    train()
    route = SentencePieceRoute(MODEL_OUT)
    single_pieces = check_shape_vocabulary(route.sp)
    slow, version = slow_xlmr_tokenizer(MODEL_OUT)
    if slow is not None:
        assert len(slow) == route.vocab_size(), (len(slow), route.vocab_size())
        reference = (f"transformers {version} XLMRobertaTokenizer (slow): tokenize + convert_tokens_to_ids; "
                     f"the sentencepiece {spm.__version__} route agrees on every case")
    else:
        reference = (f"sentencepiece {spm.__version__}: special-token split, encode(out_type=str), piece_to_id + 1 "
                     f"(0 -> 3), as transformers 4.x XLMRobertaTokenizer does (transformers 4.x was not available)")
    for expression in ERROR_CASES:
        assert not route.tokenize(clean_string(expression)), expression
        if slow is not None:
            assert not slow.tokenize(clean_string(expression)), expression
    data = {
        "model": MODEL_OUT.name,
        "model_sha256": hashlib.sha256(MODEL_OUT.read_bytes()).hexdigest(),
        "reference": reference,
        "max_token": MAX_TOKEN,
        "spm_pieces": route.sp.get_piece_size(),
        "vocabulary_size": route.vocab_size(),
        "cases": [reference_case(e, route, slow, n) for e, n in CASES],
        "error_cases": ERROR_CASES,
    }
    CASES_OUT.parent.mkdir(parents=True, exist_ok=True)
    CASES_OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{MODEL_OUT} ({MODEL_OUT.stat().st_size} bytes, {route.sp.get_piece_size()} pieces; "
          f"all {single_pieces} shape-dataset words are single pieces)")
    print(f"{CASES_OUT} ({len(CASES)} cases + {len(ERROR_CASES)} error cases); reference: {reference}")


if __name__ == "__main__":
    main()
