"""Hostile-input fuzzing: a generator of odd and hostile inputs, and a runner that checks ingest (and a sample
through the whole brief job) stays total.

What a run checks, per generated case (one folder or file of inputs of one *kind*):
- no crash: `read_inputs` returns (an exception out of it, or a hang past the timeout, is a crash/hang);
- no lost input: every file written, every skipped special entry and every non-blank JSONL line has its own
  record (ok, duplicate or error); an error record of kind `internal_error` (an exception nobody foresaw,
  caught as a last resort) is counted apart as `unexpected`;
- every span slices back (flagged boilerplate at ingest; every span of the briefing for the brief sample);
- no wrong text: where the generator knows the text (re-encoded German, UTF-16/32, surrogates), an accepted
  article holds exactly it; no invented date: a garbage or out-of-range `published` gives no date, a valid one
  the right date;
- every accepted article and record can be written as UTF-8 JSON.
Reports counts per kind, the failures with their case folder, and the slowest inputs. Deterministic for a seed.
"""
from __future__ import annotations

import json
import os
import random
import signal
import socket
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .ingest.decode import normalise

# ------------------------------------------------------------------------------------------------ material
# Short sentences written for this generator (no real articles).
_DE = ["Die Feuerwehr meldete am Montag rund 200 Einsatzkräfte am Hafen von Sundheim.",
       "Der Bürgermeister äußerte sich zunächst nicht zu den Vorwürfen.",
       "Nach Angaben der Polizei wurden drei Menschen leicht verletzt.",
       "Die Brücke über die Weidach bleibt laut Stadtverwaltung bis Ende April gesperrt.",
       "Ein Sprecher des Unternehmens sagte, man prüfe die Größe des Schadens.",
       "Über die Ursache des Brandes ist noch nichts bekannt, hieß es aus Ermittlerkreisen.",
       "Rund 12.000 Pendler müssen Umwege über die Straße nach Lorvik fahren."]
_EN = ["The fire brigade said on Monday that about 200 firefighters were at the harbour.",
       "A spokesperson for the company said the damage was being assessed.",
       "Police said three people were slightly injured.",
       "The cause of the fire is not yet known, investigators said."]
_HEADLINES = ["Hafenbrand in Sundheim", "Brücke bleibt gesperrt", "Harbour fire in Sundheim", "Streit um Größe"]
_GARBAGE_DATES = ["gestern", "now", "heute", "12", "5", "Montag", "2024", "March", "vor 3 Tagen", "in 3 Tagen",
                  "yesterday", "soon", "Hallo Welt", "N/A", "-", "0", "TBD", "12:30", "Q3"]
_BAD_RANGE_DATES = ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "0001-01-01", "9999-12-31",
                    "1200-05-05", "2999-01-01", "0000-00-00", "2024-13-45", "2024-02-30", "99999-01-01",
                    "-0001-01-01", "1e400"]
_VALID_DATES = {"2026-03-04": datetime(2026, 3, 4), "2026-03-04T10:15:00Z": datetime(2026, 3, 4, 10, 15),
                "2026-03-04T10:15:00+01:00": datetime(2026, 3, 4, 9, 15), "19. Oktober 2024": datetime(2024, 10, 19),
                "19.10.2024": datetime(2024, 10, 19), "October 19, 2024": datetime(2024, 10, 19)}
_SUFFIXES = [".txt", ".md", ".html", ".jsonl", ".htm", ".markdown", ".ndjson", ".text"]
_WHITESPACE = [" ", "\t", "\n", "\r\n", "\r", "\x0b", "\x0c", "\u00a0", "\u3000", "\u2028", "\u200b", "\ufeff"]
_WRONG_VALUES: list = [0, 7, -3, 3.5, 1e308, float("inf"), True, False, None, [], [1, 2], {}, {"a": 1}, "", " ",
                       "x" * 5000, ["nested", ["list"]], {"deep": {"deeper": [1, {"x": None}]}}]
_FIELDS = ["title", "url", "published", "outlet", "author", "language", "id"]


def _text(rng: random.Random, n: int | None = None, lang: str | None = None) -> str:
    pool = _DE if (lang or rng.choice("dde")) == "d" or lang == "de" else _EN
    return " ".join(rng.choice(pool) for _ in range(n or rng.randint(2, 7)))


def _article(rng: random.Random) -> str:
    return f"{rng.choice(_HEADLINES)}\n\n{_text(rng)}\n\n{_text(rng)}\n"


# ------------------------------------------------------------------------------------------------ cases
@dataclass
class Case:
    """One generated case: its folder, what to pass to ingest, and what the generator knows."""

    index: int
    kind: str
    folder: Path
    entries: list[Path] = field(default_factory=list)  # every input entry written (files, specials, hidden)
    lines: dict[Path, int] = field(default_factory=dict)  # JSONL file -> number of non-blank lines, when known
    texts: dict[str, str] = field(default_factory=dict)  # source -> exact text an accepted article must hold
    dates: dict[str, datetime | None] = field(default_factory=dict)  # source -> the published date it must get
    as_folder: bool = True
    size: int = 0

    def write(self, name: str | bytes, data: bytes) -> Path:
        path = Path(os.fsdecode(os.path.join(os.fsencode(self.folder), os.fsencode(name))))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.entries.append(path)
        self.size += len(data)
        return path

    def jsonl(self, name: str, rows: list[str]) -> Path:
        """Write JSONL rows ('' = blank line); records JSONL line sources and the line count."""
        path = self.write(name, "\n".join(rows).encode("utf-8", "surrogatepass"))
        self.lines[path] = sum(1 for r in rows if r.strip())
        return path


def _dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=True, allow_nan=True)


def gen_good(c: Case, rng: random.Random) -> None:
    text = _article(rng)
    suffix = rng.choice([".txt", ".md", ".jsonl", ".html"])
    if suffix == ".txt":
        c.texts[str(c.write("good.txt", text.encode()))] = text
    elif suffix == ".md":
        date = rng.choice(list(_VALID_DATES))
        p = c.write("good.md", f"---\ntitle: {rng.choice(_HEADLINES)}\npublished: \"{date}\"\n---\n{text}".encode())
        c.texts[str(p)], c.dates[str(p)] = text, _VALID_DATES[date]
    elif suffix == ".jsonl":
        p = c.jsonl("good.jsonl", [_dump({"text": text, "outlet": "Hafenzeitung"}), "", _dump({"text": _article(rng)})])
        c.texts[f"{p}#1"] = text
    else:
        paras = "".join(f"<p>{_text(rng, 3)}</p>" for _ in range(3))
        c.write("good.html", f"<html><head><title>{rng.choice(_HEADLINES)}</title></head><body><article>"
                             f"<h1>{rng.choice(_HEADLINES)}</h1>{paras}</article></body></html>".encode())


def gen_duplicate(c: Case, rng: random.Random) -> None:
    text = _article(rng)
    c.write("one.txt", text.encode())
    c.write("two.txt", text.encode())


def gen_random_bytes(c: Case, rng: random.Random) -> None:
    n = rng.choice([1, 2, 3, 17, 256, 4096, 40000])
    data = bytes(rng.getrandbits(8) for _ in range(n)) if n < 5000 else rng.randbytes(n)
    c.write("blob" + rng.choice(_SUFFIXES + [".pdf", ""]), data)


def gen_broken_encoding(c: Case, rng: random.Random) -> None:
    data = bytearray(_article(rng).encode("utf-8"))
    for _ in range(rng.randint(1, 4)):
        op = rng.choice(["drop", "insert", "truncate", "latin"])
        pos = rng.randrange(len(data))
        if op == "drop":
            del data[pos]
        elif op == "insert":
            data[pos:pos] = bytes([rng.choice([0x80, 0xBF, 0xC0, 0xC3, 0xE2, 0xF0, 0xFF, 0xFE])])
        elif op == "truncate":
            data = data[: max(1, pos)]
        else:
            data[pos:pos] = rng.choice(["ü", "ß", "Ä"]).encode("latin-1")
    c.write("broken" + rng.choice([".txt", ".md", ".jsonl"]), bytes(data))


def gen_western(c: Case, rng: random.Random) -> None:
    text = rng.choice(["Bürgermeister", "Größe", "Straße und Brücke", "Über 200 Einsatzkräfte", _text(rng, 1, "de"),
                       _article(rng), "Café für 5 €, sagte Müller: „Wir prüfen das.“"])
    encoding = rng.choice(["latin-1", "cp1252"]) if "€" not in text and "„" not in text else "cp1252"
    c.texts[str(c.write("western.txt", text.encode(encoding)))] = text


def gen_wide(c: Case, rng: random.Random) -> None:
    text = rng.choice([_article(rng), _text(rng, 1), "Die Bürgermeisterin sagte etwas über den Hafen.\n"])
    encoding = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
    c.texts[str(c.write("wide.txt", text.encode(encoding)))] = text


def gen_bom_only(c: Case, rng: random.Random) -> None:
    bom = rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"])
    tail = rng.choice([b"", b" ", b"\n\n", "\u00a0".encode()]) if bom == b"\xef\xbb\xbf" else b""
    c.write("bom" + rng.choice(_SUFFIXES), bom + tail)


def gen_whitespace_only(c: Case, rng: random.Random) -> None:
    text = "".join(rng.choice(_WHITESPACE) for _ in range(rng.randint(1, 300)))
    c.write("blank" + rng.choice(_SUFFIXES), text.encode("utf-8"))


def gen_jsonl_types(c: Case, rng: random.Random) -> None:
    rows = []
    for _ in range(rng.randint(1, 30)):
        r = rng.random()
        if r < 0.35:
            obj = {"text": _text(rng)}
            for f in rng.sample(_FIELDS, rng.randint(1, 4)):
                obj[f] = rng.choice(_WRONG_VALUES)
            rows.append(_dump(obj))
        elif r < 0.5:
            rows.append(_dump({"text": rng.choice(_WRONG_VALUES)}))
        elif r < 0.6:
            rows.append(_dump(rng.choice([[1, 2], "text", 3, None, True])))
        elif r < 0.7:
            rows.append(rng.choice(["{not json", "{\"text\": \"abc", "[", "}", "\"\\ud800\"", "1" * 5000, "NaN"]))
        elif r < 0.8:
            rows.append(rng.choice(["", "   ", "\t"]))
        else:
            rows.append(_dump({"text": _text(rng), "title": rng.choice(_HEADLINES)}))
    c.jsonl("typed.jsonl", rows)


def _yaml_value(rng: random.Random) -> str:
    return rng.choice(["5", "3.5", "true", "null", "~", "[1, 2]", "{a: 1}", "2026-03-04", "2026-03-04 10:00:00",
                       "-1", "1e400", "0x1F", ".inf", "!!binary aGFsbG8=", "'a string'", "\"\\ud800x\"",
                       "[[[[1]]]]", "1" * 5000, "\"\"", "|\n  block\n  text", "!!python/object/apply:os.system [\"true\"]",
                       "!!set {a, b}", "&x 1", "*undefined", "'<script>alert(1)</script>'"])


def gen_front_matter_types(c: Case, rng: random.Random) -> None:
    head = "\n".join(f"{f}: {_yaml_value(rng)}" for f in rng.sample(_FIELDS, rng.randint(1, 5)))
    c.write("typed.md", f"---\n{head}\n---\n{_article(rng)}".encode())


def gen_front_matter_only(c: Case, rng: random.Random) -> None:
    body = rng.choice(["---\ntitle: Nur Kopf\n---\n", "---\ntitle: Nur Kopf\n---", "---\n---\n", "---\n\n---\n  \n",
                       "---\ntitle: offen\n" + _text(rng), "---\n: : :\n---\nText.", "---\n- a\n- b\n---\nText hier."])
    c.write("front" + rng.choice([".md", ".markdown"]), body.encode())


def gen_deep_json(c: Case, rng: random.Random) -> None:
    depth = rng.choice([10, 100, 1000, 10000, 100000])
    nested = rng.choice(["[" * depth + "]" * depth, "{\"a\":" * depth + "1" + "}" * depth])
    rows = [_dump({"text": _text(rng)}), "{\"text\": \"Tief verschachtelt hier.\", \"x\": " + nested + "}",
            nested, _dump({"text": _text(rng)})]
    c.jsonl("deep.jsonl", rows)


def gen_deep_yaml(c: Case, rng: random.Random) -> None:
    depth = rng.choice([10, 60, 1000, 10000])
    if rng.random() < 0.5:
        value = "[" * depth + "]" * depth
    else:
        block = min(depth, 300)  # indentation grows with depth: the file is quadratic in it
        value = "\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(block)) + "  " * (block + 1) + "x"
    c.write("deep.md", f"---\ntitle: Tief\npublished: {value}\n---\n{_article(rng)}".encode())


def gen_alias_bomb(c: Case, rng: random.Random) -> None:
    levels = rng.randint(3, 9)
    lines = ["a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    target = rng.choice(["published", "title", "outlet", "extra"])
    lines.append(f"{target}: *a{levels - 1}")
    c.write("bomb.md", ("---\n" + "\n".join(lines) + "\n---\n" + _article(rng)).encode())


def gen_dates(c: Case, rng: random.Random) -> None:
    pick = rng.random()
    if pick < 0.4:
        value, expect = rng.choice(_GARBAGE_DATES), None
    elif pick < 0.75:
        value, expect = rng.choice(_BAD_RANGE_DATES), None
    else:
        value = rng.choice(list(_VALID_DATES))
        expect = _VALID_DATES[value]
    if rng.random() < 0.5:
        p = c.jsonl("dated.jsonl", [_dump({"text": _text(rng), "published": value})])
        c.dates[f"{p}#1"] = expect
    else:
        p = c.write("dated.md", f"---\npublished: \"{value}\"\n---\n{_text(rng)}".encode())
        c.dates[str(p)] = expect


def gen_surrogates(c: Case, rng: random.Random) -> None:
    lone = rng.choice(["\ud800", "\udfff", "\udc80x", "a\ud83d"])
    obj = {"text": _text(rng)}
    for f in rng.sample(["title", "outlet", "author", "text", "id"], rng.randint(1, 3)):
        obj[f] = (obj.get(f) or "Wert ") + lone
    escaped = rng.random() < 0.7
    p = c.jsonl("surrogate.jsonl", [json.dumps(obj, ensure_ascii=escaped)])
    if escaped:  # written raw, a lone surrogate is invalid UTF-8 (three broken bytes), not one character
        c.texts[f"{p}#1"] = normalise(obj["text"])


def gen_special_files(c: Case, rng: random.Random) -> None:
    c.write("good.txt", _article(rng).encode())
    target = c.folder / "good.txt"
    for kind in rng.sample(["fifo", "zero", "null", "dangling", "loop", "parent", "self", "file", "socket"],
                           rng.randint(1, 4)):
        path = c.folder / f"special-{kind}.txt"
        try:
            if kind == "fifo":
                os.mkfifo(path)
            elif kind == "zero":
                os.symlink("/dev/zero", path)
            elif kind == "null":
                os.symlink("/dev/null", path)
            elif kind == "dangling":
                os.symlink(c.folder / "nowhere.txt", path)
            elif kind == "loop":
                os.symlink(c.folder / "special-loop2.txt", path)
                os.symlink(path, c.folder / "special-loop2.txt")
                c.entries.append(c.folder / "special-loop2.txt")
            elif kind == "parent":
                path = c.folder / "up"
                os.symlink("..", path)
            elif kind == "self":
                path = c.folder / "here"
                os.symlink(".", path)
            elif kind == "file":
                os.symlink(target, path)
            else:
                with socket.socket(socket.AF_UNIX) as s:
                    s.bind(str(path))
        except (OSError, AttributeError, NotImplementedError):  # a platform without FIFOs or sockets
            continue
        c.entries.append(path)
    c.as_folder = True


def gen_hidden(c: Case, rng: random.Random) -> None:
    c.write("visible.txt", _article(rng).encode())
    c.write(".hidden.txt", _article(rng).encode())
    c.write(".DS_Store", rng.randbytes(64))
    (c.folder / ".git").mkdir()
    (c.folder / ".git" / "config.txt").write_bytes(b"[core]\n")
    c.entries.append(c.folder / ".git")
    c.as_folder = True


def gen_svg(c: Case, rng: random.Random) -> None:
    body = rng.choice([
        '<svg xmlns="http://www.w3.org/2000/svg"><text>Hallo Welt</text></svg>',
        '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><text x="1">Text</text></svg>',
        '<svg><g><text>Hallo</text></g><foreignObject><p>Ein Absatz mit genug Text.</p></foreignObject></svg>',
        '<svg onload="alert(1)"/>', '<?xml version="1.0"?><svg/>',
        '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><svg><text>&b;&b;</text></svg>'])
    c.write("picture" + rng.choice([".html", ".htm"]), body.encode())


def gen_hostile_html(c: Case, rng: random.Random) -> None:
    paras = f"<p>{_text(rng)}</p><p>{_text(rng)}</p>"
    depth = rng.choice([10, 200, 3000])
    body = rng.choice([
        f"<html><body><article><h1>Titel &lt;b&gt;</h1><script>alert(1)</script>{paras}"
        f"<p>&lt;script&gt;alert(2)&lt;/script&gt; [x](javascript:alert(3)) <img src=x onerror=alert(4)></p></article></body></html>",
        "<div>" * depth + paras + "</div>" * depth,
        f"<html><body><p title='{'x' * 100000}'>{_text(rng)}</p></body></html>",
        f"<html><body><p>{_text(rng)}<p><b><i><u>{_text(rng)}",
        f"<html><head><meta charset='utf-16'></head><body><!-- {'-' * 1000} --><![CDATA[x]]>{paras}</body></html>",
        "<html>" + "<table><tr><td>" * 300 + paras + "</html>",
        "\x00<html>" + paras,
    ])
    c.write("hostile.html", body.encode())


def gen_long_line(c: Case, rng: random.Random) -> None:
    n = rng.choice([20_000, 60_000, 150_000])
    unit = rng.choice(["Wort ", "1234567890", ".,;:!?", "Die Stadt prüft. ", "ä", "https://x.example.de/ "])
    text = (unit * (n // len(unit) + 1))[:n]
    if rng.random() < 0.5:
        c.write("long.txt", text.encode())
    else:
        c.jsonl("long.jsonl", [_dump({"text": text, "title": unit * 300})])


def gen_too_long(c: Case, rng: random.Random) -> None:
    c.write("huge.txt", ("Die Stadt prüft den Antrag. " * 40_000).encode())


def gen_sidecar(c: Case, rng: random.Random) -> None:
    c.write("a.txt", _article(rng).encode())
    c.write("b.md", f"---\ntitle: B\n---\n{_article(rng)}".encode())
    data = rng.choice([rng.randbytes(300), b"file,outlet\n\x00\x00,a\n", b"file,outlet,published\na.txt,\"unclosed\n",
                       b"file,published\na.txt," + b"x" * 200_000 + b"\n", b"file,published,url\na.txt,gestern,5\n",
                       b"\xff\xfe" + "file,outlet\na.txt,Hafen\n".encode("utf-16-le"), b"", b"just one column\nvalue\n"])
    path = c.folder / "articles.csv"
    path.write_bytes(data)  # the sidecar is metadata: it gets a record only when it is broken


def gen_odd_names(c: Case, rng: random.Random) -> None:
    name = rng.choice([b"\xff\xfe.txt", b"caf\xe9.txt", "leer zeichen.txt".encode(), "neue\nzeile.txt".encode(),
                       "ü" .encode() * 50 + b".txt", b"-rf.txt", b"--help.md"])
    c.write(name, _article(rng).encode())


def gen_control_chars(c: Case, rng: random.Random) -> None:
    text = list(_article(rng))
    for _ in range(rng.randint(1, 5)):
        text.insert(rng.randrange(len(text)), rng.choice(["\x00", "\x1b", "\x07", "\x0b", "\x7f", "\u202e", "\ufffe"]))
    if rng.random() < 0.5:
        c.write("control" + rng.choice([".txt", ".md"]), "".join(text).encode())
    else:  # inside JSON a NUL or an escape character is one valid "\u0000" away from any binary check
        c.jsonl("control.jsonl", [_dump({"text": "".join(text), "title": "Titel\x00\x1b[31m"})])


def gen_unsupported(c: Case, rng: random.Random) -> None:
    c.write(rng.choice(["doc.pdf", "doc.docx", "NOSUFFIX", "image.PNG", "archive.tar.gz"]), rng.randbytes(100))


GENERATORS: dict[str, Callable[[Case, random.Random], None]] = {
    "good": gen_good, "duplicate": gen_duplicate, "random_bytes": gen_random_bytes,
    "broken_encoding": gen_broken_encoding, "latin1_cp1252": gen_western, "utf16_utf32": gen_wide,
    "bom_only": gen_bom_only, "whitespace_only": gen_whitespace_only, "jsonl_wrong_types": gen_jsonl_types,
    "front_matter_wrong_types": gen_front_matter_types, "front_matter_only": gen_front_matter_only,
    "deep_json": gen_deep_json, "deep_yaml": gen_deep_yaml, "yaml_alias_bomb": gen_alias_bomb,
    "dates": gen_dates, "lone_surrogates": gen_surrogates, "special_files": gen_special_files,
    "hidden_files": gen_hidden, "svg_as_html": gen_svg, "hostile_html": gen_hostile_html,
    "long_lines": gen_long_line, "too_long": gen_too_long, "broken_sidecar": gen_sidecar,
    "odd_names": gen_odd_names, "control_chars": gen_control_chars, "unsupported": gen_unsupported,
}
_RARE = {"too_long": 0.2}  # relative weight (1 for the others): a megabyte each, little to learn after a few


def generate(root: Path, n: int, seed: int = 0) -> list[Case]:
    """`n` cases under `root`, each in its own folder, kinds cycled so every kind occurs in a small run."""
    kinds = list(GENERATORS)
    weights = [_RARE.get(k, 1.0) for k in kinds]
    chooser = random.Random(seed)
    cases = []
    for i in range(n):
        kind = kinds[i] if i < len(kinds) else chooser.choices(kinds, weights)[0]
        rng = random.Random(f"{seed}:{i}")
        case = Case(index=i, kind=kind, folder=root / f"c{i:05d}-{kind}")
        case.folder.mkdir(parents=True)
        GENERATORS[kind](case, rng)
        if kind not in ("special_files", "hidden_files", "duplicate", "broken_sidecar") and len(case.entries) == 1:
            case.as_folder = rng.random() < 0.5
        cases.append(case)
    return cases


# ------------------------------------------------------------------------------------------------ checks
class Hang(Exception):
    pass


@contextmanager
def _deadline(seconds: float):
    """Interrupts a stuck input (a blocking open, a runaway parser in Python code) in the main thread."""
    import threading

    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def _raise(signum, frame):
        raise Hang(f"no result after {seconds:.0f}s")

    old = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _sources_expected(case: Case, records) -> list[str]:
    """What of this case has no record (see the module docstring: every entry and every non-blank JSONL line)."""
    by_base: dict[str, list[str]] = defaultdict(list)
    for r in records:
        by_base[r.source.split("#", 1)[0] if "#" in r.source and not os.path.lexists(r.source) else r.source].append(r.source)
    missing = []
    for entry in case.entries:
        name = _display(str(entry))
        got = by_base.get(name, [])
        if not got:
            missing.append(name)
            continue
        lines = case.lines.get(entry)
        if lines is not None and name not in got:  # read line by line: one record per non-blank line
            if len(set(got)) != lines:
                missing.append(f"{name}: {len(set(got))} line records for {lines} lines")
    return missing


def _display(source: str) -> str:
    from .ingest import _display as display

    return display(source)


@dataclass
class Report:
    cases: int = 0
    inputs: int = 0
    per_kind: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    failures: list[dict] = field(default_factory=list)
    timings: list[tuple[float, str, str, int]] = field(default_factory=list)  # (seconds, kind, folder, bytes)
    brief: dict = field(default_factory=dict)
    seconds: float = 0.0

    def fail(self, what: str, case: Case, detail: str) -> None:
        self.per_kind[case.kind][what] += 1
        self.failures.append({"check": what, "kind": case.kind, "case": str(case.folder), "detail": detail[:500]})

    def totals(self) -> Counter:
        out: Counter = Counter()
        for counts in self.per_kind.values():
            out.update(counts)
        return out

    def as_dict(self, slowest: int = 10) -> dict:
        return {"cases": self.cases, "inputs": self.inputs, "seconds": round(self.seconds, 2),
                "totals": dict(self.totals()), "per_kind": {k: dict(v) for k, v in sorted(self.per_kind.items())},
                "failures": self.failures,
                "slowest": [{"seconds": round(s, 3), "kind": k, "case": f, "bytes": b}
                            for s, k, f, b in sorted(self.timings, reverse=True)[:slowest]],
                "brief": self.brief}


FAILURE_CHECKS = ("crash", "hang", "lost", "unexpected", "invalid_span", "wrong_text", "wrong_date", "unwritable")


def check_case(case: Case, report: Report, timeout: float) -> list:
    """Ingest one case and check it; returns its articles."""
    from .ingest import read_inputs
    from .model import check_spans

    target = str(case.folder) if case.as_folder or len(case.entries) != 1 else str(case.entries[0])
    t0 = time.perf_counter()
    try:
        with _deadline(timeout):
            articles, records = read_inputs([target])
    except Hang as exc:
        report.fail("hang", case, str(exc))
        return []
    except BaseException as exc:  # the one thing that must never happen: the batch dies
        if isinstance(exc, KeyboardInterrupt):
            raise
        report.fail("crash", case, "".join(traceback.format_exception_only(type(exc), exc)).strip())
        return []
    finally:
        report.timings.append((time.perf_counter() - t0, case.kind, str(case.folder), case.size))
    report.inputs += len(records)
    counts = report.per_kind[case.kind]
    for r in records:
        counts[r.status] += 1
        if r.error_kind == "internal_error":
            report.fail("unexpected", case, f"{r.source}: {r.message}")
        if "Traceback" in (r.message or ""):
            report.fail("unexpected", case, f"{r.source}: traceback in the message")
    for missing in _sources_expected(case, records):
        report.fail("lost", case, missing)
    by_id = {a.id: a for a in articles}
    for r in records:
        if r.status != "ok":
            continue
        a = by_id.get(r.article_id or "")
        if a is None:
            report.fail("lost", case, f"{r.source}: ok record without its article")
            continue
        for problem in check_spans(a, {a.id: a.text}):
            report.fail("invalid_span", case, f"{r.source}: {problem}")
        want = case.texts.get(r.source)
        if want is not None and a.text != want:
            report.fail("wrong_text", case, f"{r.source}: {a.text[:60]!r} (encoding {a.encoding}) is not {want[:60]!r}")
        if r.source in case.dates and a.published != case.dates[r.source]:
            report.fail("wrong_date", case, f"{r.source}: published {a.published} where {case.dates[r.source]} is right")
    for obj in [*articles, *records]:
        try:
            obj.model_dump_json().encode("utf-8")
        except Exception as exc:
            report.fail("unwritable", case, f"{type(exc).__name__}: {exc}")
    return articles


def brief_sample(cases: list[Case], articles_by_case: dict[int, list], report: Report, sample: int,
                 max_chars: int, seed: int, out: Path) -> None:
    """The whole brief job (per-article stages, cross-article stage, briefing.json/.md/.html) on a sample."""
    from .context import Options
    from .model import Briefing
    from .pipeline import analyse
    from .run import make_briefing, span_problems, write_briefing

    rng = random.Random(f"brief:{seed}")
    eligible = [c for c in cases if articles_by_case.get(c.index)
                and all(len(a.text) <= max_chars for a in articles_by_case[c.index])]
    picked = sorted(rng.sample(eligible, min(sample, len(eligible))), key=lambda c: c.index)
    articles = [a for c in picked for a in articles_by_case[c.index]]
    seen, unique = set(), []
    for a in articles:  # one batch: a text in two cases is analysed once, as ingest would do
        if a.content_hash not in seen:
            seen.add(a.content_hash)
            unique.append(a)
    info: dict = {"cases": len(picked), "articles": len(unique), "kinds": dict(Counter(c.kind for c in picked))}
    report.brief = info
    if not unique:
        return
    from .model import InputRecord

    inputs = [InputRecord(source=a.source, status="ok", article_id=a.id) for a in unique]
    timings, annotations = [], []
    t0 = time.perf_counter()
    try:
        for a in unique:
            t = time.perf_counter()
            annotations.append(analyse(a, Options(ner_mode="fast")))
            timings.append((time.perf_counter() - t, a.source, len(a.text)))
        briefing: Briefing = make_briefing(inputs, unique, annotations)
        problems = span_problems(briefing)
        written = write_briefing(briefing, out, html=True)
        json.loads(written[0].read_text(encoding="utf-8"))
    except Exception as exc:
        info["crash"] = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return
    finally:
        info["seconds"] = round(time.perf_counter() - t0, 2)
    info["invalid_spans"] = len(problems)
    info["span_problems"] = problems[:5]
    info["stage_errors"] = dict(Counter(e.stage for n in annotations for e in n.errors))
    info["stage_error_examples"] = [f"{n.article_id} {e.stage}: {e.message[:160]}" for n in annotations for e in n.errors][:5]
    info["slowest"] = [{"seconds": round(s, 3), "source": src, "chars": n} for s, src, n in sorted(timings, reverse=True)[:5]]
    info["markdown_raw_html"] = "<" in (out / "briefing.md").read_text(encoding="utf-8")


def run_fuzz(n: int = 300, seed: int = 0, *, brief: int = 8, brief_max_chars: int = 5000, timeout: float = 120.0,
             keep: Path | None = None, progress: Callable[[int, int], None] | None = None) -> Report:
    """Generate `n` cases, ingest each, brief a sample of `brief` of them; returns the report."""
    report = Report()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="quellenlage-fuzz-") as tmp:
        root = Path(keep) if keep else Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        cases = generate(root / "cases", n, seed)
        report.cases = len(cases)
        articles_by_case = {}
        for i, case in enumerate(cases):
            articles_by_case[case.index] = check_case(case, report, timeout)
            if progress:
                progress(i + 1, len(cases))
        if brief:
            brief_sample(cases, articles_by_case, report, brief, brief_max_chars, seed, root / "brief")
    report.seconds = time.perf_counter() - t0
    return report


def failed(report: Report) -> bool:
    """True when any check failed (the CLI's exit status)."""
    totals = report.totals()
    b = report.brief
    return (any(totals.get(k) for k in FAILURE_CHECKS) or bool(b.get("crash")) or bool(b.get("invalid_spans"))
            or bool(b.get("markdown_raw_html")))


def print_report(report: Report, console) -> None:
    """Counts per kind, failures, slowest inputs and the brief sample, as tables."""
    from rich.table import Table

    d = report.as_dict()
    cols = ("ok", "duplicate", "error") + FAILURE_CHECKS
    short = {"duplicate": "dup", "unexpected": "unexp", "invalid_span": "span", "wrong_text": "text",
             "wrong_date": "date", "unwritable": "write"}
    table = Table(title=f"{d['cases']} cases, {d['inputs']} inputs, {d['seconds']}s")
    table.add_column("kind", no_wrap=True)
    for c in cols:
        table.add_column(short.get(c, c), justify="right")
    for kind, counts in d["per_kind"].items():
        table.add_row(kind, *(str(counts.get(c, 0) or "") for c in cols))
    totals = d["totals"]
    table.add_row("[bold]total", *(f"[bold]{totals.get(c, 0)}" for c in cols))
    console.print(table)
    for f in d["failures"][:20]:
        console.print(f"[red]{f['check']}[/red] {f['kind']} {f['case']}: {f['detail']}")
    console.print("slowest inputs:")
    for s in d["slowest"]:
        console.print(f"  {s['seconds']:8.3f}s  {s['kind']:<26} {s['bytes']:>9,} bytes  {s['case']}", soft_wrap=True)
    b = d["brief"]
    if b:
        console.print(f"brief job on {b.get('articles', 0)} articles from {b.get('cases', 0)} cases: "
                      f"{b.get('seconds', 0)}s, crash: {b.get('crash') or 'none'}, invalid spans: "
                      f"{b.get('invalid_spans', '-')}, raw HTML in briefing.md: {b.get('markdown_raw_html', '-')}, "
                      f"stage errors: {b.get('stage_errors') or 'none'}")
        for e in b.get("stage_error_examples", []):
            console.print(f"  stage error: {e}")
        for s in b.get("slowest", []):
            console.print(f"  {s['seconds']:8.3f}s  {s['chars']:>8,} chars  {s['source']}", soft_wrap=True)
    console.print("[green]all checks passed[/green]" if not failed(report) else "[red]checks failed[/red]")
