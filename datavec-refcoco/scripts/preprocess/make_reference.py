"""Reference values for the Java port of SimVG's evaluation pipeline (not run in CI).

Recomputes, with OpenCV's Python bindings and numpy, what SimVG's mmcv pipeline does to an image and its box:
  mmcv.imfrombytes(flag="color")       -> cv2.imdecode(IMREAD_COLOR), BGR uint8
  _load_bbox                           -> [x, y, x+w, y+h] clipped to [0, w-1] x [0, h-1]
  Resize((S, S), keep_ratio=False)     -> cv2.resize(INTER_LINEAR); float32 scale_factor [S/w, S/h, S/w, S/h]
  Normalize(mean, std, to_rgb=True)    -> mmcv.imnormalize: float32, BGR->RGB, subtract mean, multiply by 1/std
  head target                          -> box / [S, S, S, S] (float32) -> cxcywh

Usage (any Python with opencv-python-headless and numpy):
    cd ../../src/test/resources/io/simvg/data/image && python <this script> . > preprocess_reference.json
(the two JPEGs there are copies of the shared dataset fixtures)
"""
import json
import sys

import cv2
import numpy as np

MEAN = np.array([123.675, 116.28, 103.53], dtype=np.float32)
STD = np.array([58.395, 57.12, 57.375], dtype=np.float32)
# (image relative to the fixture dir, COCO xywh box)
CASES = [
    ("COCO_train2014_000000100001.jpg", [3.5, 4.25, 20.0, 30.5]),
    ("COCO_train2014_000000100001.jpg", [40.0, 30.0, 24.0, 18.0]),
    ("COCO_train2014_000000100002.jpg", [10.0, 10.0, 12.0, 14.0]),
]
SIZES = [40, 640]
# Pixels of the 640 output that are written out one by one (flat CHW indices).
PROBES = [0, 1, 639, 640, 12345, 204800, 409599, 409600, 555555, 819200, 1000000, 1228799]


def normalise(img):
    img = img.astype(np.float32)
    mean = np.float64(MEAN.reshape(1, -1))
    stdinv = 1 / np.float64(STD.reshape(1, -1))
    cv2.cvtColor(img, cv2.COLOR_BGR2RGB, img)
    cv2.subtract(img, mean, img)
    cv2.multiply(img, stdinv, img)
    return img


def case(root, rel, xywh, size):
    raw = cv2.imdecode(np.fromfile(f"{root}/{rel}", dtype=np.uint8), cv2.IMREAD_COLOR)
    h, w = raw.shape[:2]
    x, y, bw, bh = xywh
    box = np.array([x, y, x + bw, y + bh], dtype=np.float64)
    box[0::2] = np.clip(box[0::2], 0, w - 1)
    box[1::2] = np.clip(box[1::2], 0, h - 1)
    resized = cv2.resize(raw, (size, size), interpolation=cv2.INTER_LINEAR)
    scale = np.array([size / w, size / h, size / w, size / h], dtype=np.float32)
    box = box * scale
    chw = normalise(resized).transpose(2, 0, 1).reshape(-1)
    b = (box / np.array([size] * 4, dtype=np.float32)).astype(np.float32)
    target = [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2, b[2] - b[0], b[3] - b[1]]
    out = {
        "image": rel, "bbox_xywh": xywh, "size": size, "width": w, "height": h,
        "decoded_bgr_sum": int(raw.astype(np.int64).sum()),
        "box_xyxy": box.tolist(), "target_cxcywh": [float(v) for v in target],
        "pixel_sum": float(chw.astype(np.float64).sum()),
        "pixel_sq_sum": float((chw.astype(np.float64) ** 2).sum()),
    }
    if size <= 64:
        out["pixels"] = [float(v) for v in chw]
    else:
        out["probes"] = {str(i): float(chw[i]) for i in PROBES}
    return out


def main():
    root = sys.argv[1]
    cases = [case(root, rel, box, s) for rel, box in CASES for s in SIZES]
    json.dump({"generated_by": "make_reference.py, opencv-python " + cv2.__version__, "cases": cases}, sys.stdout)


if __name__ == "__main__":
    main()
