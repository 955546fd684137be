"""Reference for the indexing throughput of issue 3: PyThaiNLP's newmm segmenting the same documents a
rebuild indexes, with the same dictionary (ICU's Thai word list), on one core, segmentation only
(nothing is written anywhere).

Usage: python3 benches/indexing_pythainlp.py SQLITE_FILE [DOCUMENTS]
(the SQLite file of `phakhi generate --scale national --seed 1`; DOCUMENTS, default 20,000, are taken
evenly across its search documents: titles in Thai and English, and bodies). Prints one JSON line;
compare its documents/s with the `phakhi reindex` log of the same data set, run the same day.
"""
import json
import pathlib
import sqlite3
import sys
import time

from pythainlp.tokenize import word_tokenize
from pythainlp.util import Trie

root = pathlib.Path(__file__).resolve().parent.parent / "data"
words = [w.strip() for w in (root / "thai-words/icubrk_th.txt").read_text(encoding="utf-8").splitlines()]
trie = Trie([w for w in words if w and not w.startswith("#")])

database, wanted = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20_000
con = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
(total,) = con.execute("SELECT COUNT(*) FROM search_documents").fetchone()
step = max(1, total // wanted)
documents = con.execute(
    "SELECT title_th, COALESCE(title_en, ''), body FROM search_documents WHERE (doc_id >> 16) % ? = 0 LIMIT ?", (step, wanted)
).fetchall()

word_tokenize("ขอนแก่น", engine="newmm", custom_dict=trie)
start = time.perf_counter()
terms = 0
for title_th, title_en, body in documents:
    for text in (f"{title_th} {title_en}", body):
        terms += len(word_tokenize(text, engine="newmm", custom_dict=trie, keep_whitespace=False))
seconds = time.perf_counter() - start
print(json.dumps({"engine": "PyThaiNLP newmm", "documents": len(documents), "seconds": round(seconds, 2),
                  "documents_per_s": round(len(documents) / seconds), "terms": terms}))
