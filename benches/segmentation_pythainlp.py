"""Reference for the segmentation benchmark: PyThaiNLP's newmm on the same text, with the same
dictionary (ICU's Thai word list), line by line, on one core. Prints one JSON line."""
import json
import pathlib
import time

from pythainlp.tokenize import word_tokenize
from pythainlp.util import Trie

root = pathlib.Path(__file__).resolve().parent.parent / "data"
corpora = [
    "thai-wordseg-gold/wisesight/wisesight-160-samples-tokenised.label",
    "thai-wordseg-gold/wisesight/wisesight-1000-samples-tokenised.label",
    "thai-wordseg-gold/ud-thai-tud/th_tud-ud-dev.label",
    "thai-wordseg-gold/ud-thai-tud/th_tud-ud-test.label",
]
lines = [l.replace("|", "") for c in corpora for l in (root / c).read_text(encoding="utf-8").splitlines() if l]
words = [w.strip() for w in (root / "thai-words/icubrk_th.txt").read_text(encoding="utf-8").splitlines()]
trie = Trie([w for w in words if w and not w.startswith("#")])
word_tokenize("ขอนแก่น", engine="newmm", custom_dict=trie)
size = sum(len(l.encode("utf-8")) for l in lines)
rounds = 2
start = time.perf_counter()
count = 0
for _ in range(rounds):
    for line in lines:
        count += len(word_tokenize(line, engine="newmm", custom_dict=trie, keep_whitespace=True))
seconds = time.perf_counter() - start
mb = size * rounds / 1e6
print(json.dumps({"engine": "PyThaiNLP newmm", "mb": round(mb, 2), "seconds": round(seconds, 3), "mb_per_s": round(mb / seconds, 2), "words": count}))
