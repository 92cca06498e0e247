#!/usr/bin/env python3
"""Re-encode a legacy torch.save index file (TransVG/CLIP-VG ``*.pth``) in the other container forms, without torch.

The TransVG fixtures use torch's legacy container: five pickles back to back (magic number, protocol version,
sys_info, the data, storage keys). Newer torch writes a zip archive instead. This script reads the data of a legacy
file (five ``pickle.load`` calls; the files hold no tensors) and writes, next to each other in OUT_DIR:

  <stem>_zip.pth  the zip container as torch >= 1.6 writes it: entries ``<archive>/data.pkl`` (pickle protocol 2),
                  ``<archive>/byteorder`` (``little``) and ``<archive>/version`` (``3\\n``), where <archive> is the
                  output file's stem. Like torch, the entries are STORED with data descriptors (flag bit 3): the
                  archive is written through an unseekable stream, which makes Python's zipfile emit descriptors.
                  java.util.zip.ZipInputStream rejects such entries; java.util.zip.ZipFile reads them.
  <stem>_p0.pth   the legacy container with all five pickles in protocol 0 (``torch.save(..., pickle_protocol=0)``),
                  i.e. the text opcodes (``L``, ``I``, ``F``, ``V``, ``(``/``t``/``l``/``a``).

Usage: python3 make_zip_pth.py SRC.pth OUT_DIR
The outputs are deterministic (fixed zip timestamps), so re-running reproduces the committed test resources:
  python3 datavec-refcoco/scripts/make_zip_pth.py ../shared/fixtures/datasets/transvg/data/unc/unc_train.pth \\
      datavec-refcoco/src/test/resources/io/simvg/data/transvg
"""
import os
import pickle
import sys
import zipfile

MAGIC_NUMBER = 0x1950A86A20F9469CFC6C
PROTOCOL_VERSION = 1001


def load_legacy(path):
    """The five pickles of a legacy torch file; fails unless it is one without tensors."""
    with open(path, "rb") as f:
        magic, version, sys_info, data, keys = (pickle.load(f, encoding="utf-8") for _ in range(5))
    if magic != MAGIC_NUMBER or version != PROTOCOL_VERSION:
        sys.exit(f"{path}: not a legacy torch file (magic {magic!r}, version {version!r})")
    if keys:
        sys.exit(f"{path}: holds tensor storages {keys!r}; only tensor-free files are supported")
    return sys_info, data


class _Unseekable:
    """A write-only stream without tell/seek, so zipfile streams entries with data descriptors."""

    def __init__(self, raw):
        self._raw = raw

    def write(self, b):
        return self._raw.write(b)

    def flush(self):
        self._raw.flush()


def write_zip(path, data):
    archive = os.path.splitext(os.path.basename(path))[0]
    entries = [("data.pkl", pickle.dumps(data, protocol=2)), ("byteorder", b"little"), ("version", b"3\n")]
    with open(path, "wb") as raw, zipfile.ZipFile(_Unseekable(raw), "w", zipfile.ZIP_STORED) as z:
        for name, payload in entries:
            info = zipfile.ZipInfo(f"{archive}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            z.writestr(info, payload)


def write_legacy_protocol0(path, sys_info, data):
    with open(path, "wb") as f:
        for obj in (MAGIC_NUMBER, PROTOCOL_VERSION, sys_info, data, []):
            pickle.dump(obj, f, protocol=0)


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    src, out_dir = argv[1], argv[2]
    sys_info, data = load_legacy(src)
    stem = os.path.splitext(os.path.basename(src))[0]
    os.makedirs(out_dir, exist_ok=True)
    write_zip(os.path.join(out_dir, f"{stem}_zip.pth"), data)
    write_legacy_protocol0(os.path.join(out_dir, f"{stem}_p0.pth"), sys_info, data)


if __name__ == "__main__":
    main(sys.argv)
