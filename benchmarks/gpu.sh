#!/usr/bin/env bash
# The GPU figures for docs/benchmarks.md, on one CUDA device, in under 8 minutes:
#   1. the sync check: gan-ring and dcgan-digits train 300 updates with NNSPEC_SYNC_CHECK=1,
#      so any host synchronisation outside a logged step fails the run;
#   2. benchmarks/overhead.py per-step ratios (ends "overhead ratio: X.XX");
#   3. benchmarks/end_to_end.py whole-command ratios, one round (ends "end-to-end ratio: X.XX");
#   4. dcgan images per second on an MNIST-sized synthetic set (60,000 28x28 images).
# Each step has its own time limit, so one slow step cannot take the whole budget.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
python -c "import torch, sys; sys.exit(0 if torch.cuda.is_available() else 'no CUDA device')"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

for spec in gan-ring dcgan-digits; do
  NNSPEC_SYNC_CHECK=1 timeout 90 python -m nnspec run "specs/$spec.yaml" --device cuda \
    --out "$out/$spec" --set schedule[0].steps=150 --set outputs.plots=false >/dev/null
  echo "sync check $spec: no host synchronisation outside logged steps"
done
timeout 120 python benchmarks/overhead.py --device cuda --steps 200 --repeats 5
timeout 180 python benchmarks/end_to_end.py --device cuda --rounds 1 \
  --families mlp-digits cnn-digits gan-ring vae-digits lstm-adding rbm-digits
timeout 60 python benchmarks/dcgan_throughput.py --device cuda --steps 2000
