#!/usr/bin/env bash
# Registers a demo training checkpoint as the bundled model: writes examples/src/main/resources/io/simvg/examples/demo/
# simvg-demo.zip (a plain model file) and simvg-demo.json (its Adler32, size, and the commands that made it).
# Run from the repository root after `mvn -B -q install -DskipTests`; the demo verifies the checksum when it extracts.
set -euo pipefail
ckpt=${1:?usage: examples/scripts/register-demo-model.sh RUN_DIR/latest.zip}
res=examples/src/main/resources/io/simvg/examples/demo
mkdir -p "$res"
./simvg convert --from "$ckpt" --preset DEMO --task GREC --out "$res/simvg-demo.zip"
steps=$(unzip -p "$ckpt" trainer/state.json | python3 -c "import json,sys; print(json.load(sys.stdin)['progress']['global_step'])")
python3 - "$res/simvg-demo.zip" "$steps" <<'PY'
import json, sys, zlib, os
path, steps = sys.argv[1], int(sys.argv[2])
a = 1
with open(path, 'rb') as f:
    for chunk in iter(lambda: f.read(1 << 20), b''):
        a = zlib.adler32(chunk, a)
doc = {
  "file": "simvg-demo.zip",
  "bytes": os.path.getsize(path),
  "adler32": a,
  "preset": "DEMO", "task": "GREC", "tokenizer": "bundled:simvg-small.spm",
  "optimizer_steps": steps, "batch_size": 32,
  "data": "./simvg synth --out shapes-train --seed 1 --size 128 --train 20000 --val 0",
  "train": "./simvg train --data shapes-train/annotations/shapes/instances.json --data shapes-train/annotations/grefs_shapes/instances.json --preset DEMO --task GREC --stage one-stage --sincos-positions --batch 32 --lr 5e-4 --encoder-lr-factor 1 --warmup 0 --epochs 3 --decay-steps none --no-jitter --seed 7 --out demo-run --max-steps %d" % steps,
  "train_note": "run in segments (--max-steps 300, 600, ... each time with --resume added); resuming continues bit for bit",
  "register": "./simvg convert --from demo-run/latest.zip --preset DEMO --task GREC --out examples/src/main/resources/io/simvg/examples/demo/simvg-demo.zip",
}
with open(os.path.join(os.path.dirname(path), 'simvg-demo.json'), 'w') as f:
    json.dump(doc, f, indent=2); f.write('\n')
print(doc["adler32"], doc["bytes"], steps)
PY
