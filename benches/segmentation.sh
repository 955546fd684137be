#!/usr/bin/env bash
# Thai segmentation throughput, phakhi against PyThaiNLP's newmm in the same run (one core each,
# same text, same dictionary). Needs Python with `pip install pythainlp`.
set -euo pipefail
cd "$(dirname "$0")/.."
rust=$(cargo bench -q -p phakhi-thai --bench segmentation 2>/dev/null | tail -n 1)
python=$(python3 benches/segmentation_pythainlp.py)
echo "$rust"
echo "$python"
python3 - "$rust" "$python" <<'PY'
import json, sys
r, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"phakhi / PyThaiNLP throughput ratio: {r['mb_per_s'] / p['mb_per_s']:.1f}x")
PY
