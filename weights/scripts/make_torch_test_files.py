#!/usr/bin/env python3
"""Write small torch.save checkpoints by hand, without torch, to test the Java reader (io.simvg.weights.torch).

torch.save pickles a state dict whose tensors reduce to ``torch._utils._rebuild_tensor_v2(storage, storage_offset,
size, stride, requires_grad, backward_hooks)`` and whose storages are persistent ids ``('storage', torch.FloatStorage,
key, location, numel)``; the storage bytes live beside the pickle. This script fakes the ``torch`` and ``torch._utils``
modules (so ``pickle`` writes the same GLOBAL references torch does) and lays the bytes out like torch:

  zip     <archive>/data.pkl, <archive>/data/<key>, <archive>/version ("3\\n"), optionally <archive>/byteorder; entries
          STORED with data descriptors (written through an unseekable stream), like torch's own writer.
  legacy  pickles of the magic number 0x1950a86a20f9469cfc6c, protocol version 1001, sys_info, the data, the list of
          storage keys; then for each key an 8-byte element count and the raw bytes (torch < 1.6, or
          ``_use_new_zipfile_serialization=False``).

Test files (OUT_DIR, default: the test resources of the weights module), each ``X.pth`` with ``X.json`` holding the
expected tensors ``{name: {shape, dtype, data}}`` (data flattened in C order, computed here from the storages):

  synthetic_zip.pth      zip, root {"epoch", "meta" (with a numpy float64, as mmcv writes), "model"}; the state dict
                         under "model" with an OrderedDict ``_metadata`` (BUILD opcode), a non-tensor entry, and: a transposed tensor, two tensors sharing one storage (different offsets and
                         strides), a strided slice with gaps, a stride-0 (expanded) tensor, a 0-d and an empty tensor,
                         an nn.Parameter, and float16/bfloat16/float64/int64/int32/int16/int8/uint8/bool storages
  synthetic_zip_p4.pth   the same pickled with protocol 4 (STACK_GLOBAL, FRAME, MEMOIZE)
  synthetic_legacy.pth   the same in the legacy container, storage keys listed in an order other than first use,
                         plus a legacy storage view (view_metadata)
  synthetic_big_endian.pth  zip with byteorder "big" and big-endian storages
  bad_storage_type.pth   a tensor on a torch.QInt8Storage
  bad_size.pth           a [4,4] tensor on a storage of 10 elements
  unsupported_kind.pth   a tensor rebuilt by torch._utils._rebuild_qtensor

The outputs are deterministic; re-running reproduces the committed resources:
  python3 weights/scripts/make_torch_test_files.py [OUT_DIR]

A large checkpoint for timing and memory measurements (BEiT-3 base shapes for a 640/32 SimVG model, ~0.9 GB of
float32, not committed; --half: float16 storages, half the size):
  python3 weights/scripts/make_torch_test_files.py --big /tmp/big.pth [--legacy] [--half]
"""
import collections
import json
import os
import struct
import sys
import types
import zipfile

MAGIC_NUMBER = 0x1950A86A20F9469CFC6C
PROTOCOL_VERSION = 1001
DEFAULT_OUT = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "io", "simvg", "weights", "torch")

# ---------------------------------------------------------------------------------------------- fake torch modules

torch = types.ModuleType("torch")
torch_utils = types.ModuleType("torch._utils")
torch._utils = torch_utils
sys.modules["torch"] = torch
sys.modules["torch._utils"] = torch_utils

# storage class -> (struct format, item size); bfloat16 is packed by hand
STORAGE_TYPES = {
    "FloatStorage": ("f", 4), "DoubleStorage": ("d", 8), "HalfStorage": ("e", 2), "BFloat16Storage": (None, 2),
    "LongStorage": ("q", 8), "IntStorage": ("i", 4), "ShortStorage": ("h", 2), "CharStorage": ("b", 1),
    "ByteStorage": ("B", 1), "BoolStorage": ("?", 1), "QInt8Storage": ("b", 1),
}
DTYPE_NAMES = {"FloatStorage": "float32", "DoubleStorage": "float64", "HalfStorage": "float16",
               "BFloat16Storage": "bfloat16", "LongStorage": "int64", "IntStorage": "int32", "ShortStorage": "int16",
               "CharStorage": "int8", "ByteStorage": "uint8", "BoolStorage": "bool", "QInt8Storage": "qint8"}
for _name in STORAGE_TYPES:
    setattr(torch, _name, type(_name, (), {"__module__": "torch"}))


def _torch_function(name):
    def f(*args):
        raise NotImplementedError(name)
    f.__module__, f.__name__, f.__qualname__ = "torch._utils", name, name
    setattr(torch_utils, name, f)
    return f


rebuild_tensor_v2 = _torch_function("_rebuild_tensor_v2")
rebuild_parameter = _torch_function("_rebuild_parameter")
rebuild_qtensor = _torch_function("_rebuild_qtensor")

# numpy, as it pickles a float64 scalar (mmcv puts some in a checkpoint's meta, e.g. hook_msgs.best_score)
numpy = types.ModuleType("numpy")
numpy_multiarray = types.ModuleType("numpy.core.multiarray")
sys.modules["numpy"] = numpy
sys.modules["numpy.core.multiarray"] = numpy_multiarray


class _NumpyDtype:
    def __reduce__(self):
        return _NumpyDtype, ("f8", False, True), (3, "<", None, None, None, -1, -1, 0)


_NumpyDtype.__module__, _NumpyDtype.__name__, _NumpyDtype.__qualname__ = "numpy", "dtype", "dtype"
numpy.dtype = _NumpyDtype


def _numpy_scalar(*args):
    raise NotImplementedError("scalar")


_numpy_scalar.__module__, _numpy_scalar.__name__, _numpy_scalar.__qualname__ = "numpy.core.multiarray", "scalar", "scalar"
numpy_multiarray.scalar = _numpy_scalar


class NumpyFloat64:
    def __init__(self, value):
        self.value = value

    def __reduce__(self):
        return _numpy_scalar, (_NumpyDtype(), struct.pack("<d", self.value))


class Storage:
    """A typed storage: pickled as a persistent id, its bytes written beside the pickle."""

    def __init__(self, key, type_name, values, view=None):
        self.key, self.type_name, self.values, self.view = key, type_name, list(values), view

    def to_bytes(self, order):
        fmt, _ = STORAGE_TYPES[self.type_name]
        if fmt is None:  # bfloat16: the high half of the float32 bits (values chosen exactly representable)
            return b"".join(struct.pack(order + "H", struct.unpack("<I", struct.pack("<f", v))[0] >> 16)
                            for v in self.values)
        return struct.pack(order + fmt * len(self.values), *self.values)


class View:
    """A legacy storage view: elements [offset, offset + size) of a root storage, under its own key."""

    def __init__(self, root, view_key, offset, size):
        self.root, self.view_key, self.offset, self.size = root, view_key, offset, size
        self.values = root.values[offset:offset + size]
        self.type_name = root.type_name


class Tensor:
    def __init__(self, storage, offset, size, stride, rebuild=None):
        self.storage, self.offset, self.size, self.stride = storage, offset, tuple(size), tuple(stride)
        self.rebuild = rebuild or rebuild_tensor_v2

    def __reduce__(self):
        return self.rebuild, (self.storage, self.offset, self.size, self.stride, False, collections.OrderedDict())

    def expected(self):
        """The values in C order, gathered from the storage with offset and strides."""
        out = []

        def walk(dim, at):
            if dim == len(self.size):
                out.append(self.storage.values[at])
                return
            for i in range(self.size[dim]):
                walk(dim + 1, at + i * self.stride[dim])

        if all(s > 0 for s in self.size):
            walk(0, self.offset)
        return {"shape": list(self.size), "dtype": DTYPE_NAMES[self.storage.type_name], "data": out}


class Parameter:
    def __init__(self, tensor):
        self.tensor = tensor

    def __reduce__(self):
        return rebuild_parameter, (self.tensor, True, collections.OrderedDict())

    def expected(self):
        return self.tensor.expected()


def make_pickler(base, legacy):
    class TorchPickler(base):
        def persistent_id(self, obj):
            if isinstance(obj, View):
                return ("storage", getattr(torch, obj.type_name), obj.root.key, "cpu", len(obj.root.values),
                        (obj.view_key, obj.offset, obj.size))
            if isinstance(obj, Storage):
                pid = ("storage", getattr(torch, obj.type_name), obj.key, "cpu", len(obj.values))
                return pid + (None,) if legacy else pid
            return None

    return TorchPickler


def storages_of(state):
    """Root storages in order of first use."""
    seen = collections.OrderedDict()
    for t in state.values():
        t = t.tensor if isinstance(t, Parameter) else t
        if isinstance(t, Tensor):
            s = t.storage.root if isinstance(t.storage, View) else t.storage
            seen.setdefault(s.key, s)
    return list(seen.values())


# ---------------------------------------------------------------------------------------------- writers

class _Unseekable:
    """A write-only stream without tell/seek, so zipfile streams entries with data descriptors, as torch does."""

    def __init__(self, raw):
        self._raw = raw

    def write(self, b):
        return self._raw.write(b)

    def flush(self):
        self._raw.flush()


def _pickle_bytes(obj, protocol, legacy=False):
    import io
    import pickle
    buf = io.BytesIO()
    make_pickler(pickle._Pickler, legacy)(buf, protocol=protocol).dump(obj)
    return buf.getvalue()


def write_zip(path, root, state, protocol=2, byteorder=None):
    archive = os.path.splitext(os.path.basename(path))[0]
    order = ">" if byteorder == "big" else "<"
    entries = [("data.pkl", _pickle_bytes(root, protocol))]
    if byteorder:
        entries.append(("byteorder", byteorder.encode()))
    entries += [("data/" + s.key, s.to_bytes(order)) for s in storages_of(state)]
    entries.append(("version", b"3\n"))
    with open(path, "wb") as raw, zipfile.ZipFile(_Unseekable(raw), "w", zipfile.ZIP_STORED) as z:
        for name, payload in entries:
            info = zipfile.ZipInfo(f"{archive}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            z.writestr(info, payload)


def write_legacy(path, root, state, key_order=None):
    storages = storages_of(state)
    if key_order:
        storages = sorted(storages, key=lambda s: key_order.index(s.key))
    sys_info = {"protocol_version": PROTOCOL_VERSION, "little_endian": True,
                "type_sizes": {"short": 2, "int": 4, "long": 8}}
    with open(path, "wb") as f:
        for obj in (MAGIC_NUMBER, PROTOCOL_VERSION, sys_info):
            f.write(_pickle_bytes(obj, 2))
        f.write(_pickle_bytes(root, 2, legacy=True))
        f.write(_pickle_bytes([s.key for s in storages], 2))
        for s in storages:
            f.write(struct.pack("<q", len(s.values)))
            f.write(s.to_bytes("<"))


def write_expected(path, state):
    expected = {k: v.expected() for k, v in state.items() if isinstance(v, (Tensor, Parameter))}
    with open(path, "w") as f:  # one tensor a line
        f.write("{\n" + ",\n".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in expected.items()) + "\n}\n")


# ---------------------------------------------------------------------------------------------- test files

def synthetic_state(legacy):
    s0 = Storage("0", "FloatStorage", [i + 0.5 for i in range(12)])
    s1 = Storage("1", "FloatStorage", [i * 0.25 - 2 for i in range(20)])
    half = Storage("2", "HalfStorage", [1.0, -2.5, 2.0 ** -14, 2.0 ** -24, 65504.0])
    bf16 = Storage("3", "BFloat16Storage", [1.0, -3.140625, 2.0 ** 100])
    dbl = Storage("4", "DoubleStorage", [0.125, -2.0])
    state = collections.OrderedDict()
    state["transposed"] = Tensor(s0, 0, (3, 4), (1, 3))
    state["shared_a"] = Tensor(s1, 2, (2, 3), (3, 1))
    state["shared_b"] = Tensor(s1, 1, (5,), (2,))
    state["sliced"] = Tensor(s1, 5, (2, 2), (10, 1))
    state["expanded"] = Tensor(s0, 4, (2, 3), (0, 1))
    state["scalar"] = Tensor(Storage("5", "FloatStorage", [-7.25]), 0, (), ())
    state["empty"] = Tensor(Storage("6", "FloatStorage", []), 0, (0, 3), (3, 1))
    state["param"] = Parameter(Tensor(s0, 0, (12,), (1,)))
    state["half"] = Tensor(half, 0, (5,), (1,))
    state["half_strided"] = Tensor(half, 1, (2,), (2,))
    state["bf16"] = Tensor(bf16, 0, (1, 3), (3, 1))
    state["double"] = Tensor(dbl, 0, (2, 1), (1, 1))
    state["long"] = Tensor(Storage("7", "LongStorage", [-3, 0, 5, 2 ** 40]), 0, (2, 2), (1, 2))
    state["int"] = Tensor(Storage("8", "IntStorage", [7, -8, 9]), 0, (3,), (1,))
    state["short"] = Tensor(Storage("9", "ShortStorage", [-300, 300]), 0, (2,), (1,))
    state["int8"] = Tensor(Storage("10", "CharStorage", [-128, 127]), 0, (2,), (1,))
    state["uint8"] = Tensor(Storage("11", "ByteStorage", [0, 255, 3]), 0, (3,), (1,))
    state["bool"] = Tensor(Storage("12", "BoolStorage", [True, False, True]), 0, (3,), (1,))
    if legacy:
        state["viewed"] = Tensor(View(s1, "view1", 4, 6), 1, (2, 2), (1, 2))
    state["version"] = 2  # not a tensor: skipped by the reader
    return state


def with_metadata(state):
    """An OrderedDict carrying ``_metadata`` like every ``nn.Module.state_dict()``, pickled with BUILD."""
    d = collections.OrderedDict(state)
    d._metadata = collections.OrderedDict([("", {"version": 1})])
    return d


def write_test_files(out):
    os.makedirs(out, exist_ok=True)
    state = synthetic_state(legacy=False)
    meta = {"hook_msgs": {"best_score": NumpyFloat64(0.875)}, "config": "model = dict(type='SimVG')"}
    root = {"epoch": 3, "meta": meta, "model": with_metadata(state)}
    write_zip(os.path.join(out, "synthetic_zip.pth"), root, state)
    write_expected(os.path.join(out, "synthetic_zip.json"), state)
    write_zip(os.path.join(out, "synthetic_zip_p4.pth"), root, state, protocol=4)
    write_expected(os.path.join(out, "synthetic_zip_p4.json"), state)

    legacy = synthetic_state(legacy=True)
    keys = [s.key for s in storages_of(legacy)]
    write_legacy(os.path.join(out, "synthetic_legacy.pth"), dict(root, model=with_metadata(legacy)), legacy,
                 key_order=list(reversed(keys)))
    write_expected(os.path.join(out, "synthetic_legacy.json"), legacy)

    s = Storage("0", "FloatStorage", [i * 1.5 for i in range(6)])
    big = collections.OrderedDict(contiguous=Tensor(s, 0, (2, 3), (3, 1)), transposed=Tensor(s, 0, (3, 2), (1, 3)),
                                  long=Tensor(Storage("1", "LongStorage", [1, -2 ** 40]), 0, (2,), (1,)),
                                  half=Tensor(Storage("2", "HalfStorage", [0.5, -1024.0]), 0, (2,), (1,)))
    write_zip(os.path.join(out, "synthetic_big_endian.pth"), big, big, byteorder="big")
    write_expected(os.path.join(out, "synthetic_big_endian.json"), big)

    bad = collections.OrderedDict(good=Tensor(Storage("0", "FloatStorage", [1.0]), 0, (1,), (1,)),
                                  quantized=Tensor(Storage("1", "QInt8Storage", [1, 2]), 0, (2,), (1,)))
    write_zip(os.path.join(out, "bad_storage_type.pth"), {"model": bad}, bad)
    bad = collections.OrderedDict(good=Tensor(Storage("0", "FloatStorage", [1.0]), 0, (1,), (1,)),
                                  too_big=Tensor(Storage("1", "FloatStorage", [0.0] * 10), 0, (4, 4), (4, 1)))
    write_zip(os.path.join(out, "bad_size.pth"), {"model": bad}, bad)
    bad = collections.OrderedDict(good=Tensor(Storage("0", "FloatStorage", [1.0]), 0, (1,), (1,)),
                                  qtensor=Tensor(Storage("1", "FloatStorage", [1.0]), 0, (1,), (1,),
                                                 rebuild=rebuild_qtensor))
    write_zip(os.path.join(out, "unsupported_kind.pth"), {"model": bad}, bad)


# ---------------------------------------------------------------------------------------------- large file

def beit3_base_640_32():
    """(name, shape) of the BEiT-3 base parameters in a SimVG 640/32 model: ~222M float32 values."""
    d, ffn, layers = 768, 3072, 12
    params = [("beit3.text_embed.weight", (64010, d)), ("beit3.vision_embed.proj.weight", (d, 3, 32, 32)),
              ("beit3.vision_embed.proj.bias", (d,)), ("beit3.vision_embed.cls_token", (1, 1, d)),
              ("beit3.vision_embed.mask_token", (1, 1, d)), ("beit3.encoder.embed_positions.A.weight", (403, d)),
              ("beit3.encoder.embed_positions.B.weight", (1024, d))]
    for i in range(layers):
        p = f"beit3.encoder.layers.{i}."
        for e in "AB":
            for proj in ("q", "k", "v", "out"):
                params += [(f"{p}self_attn.{proj}_proj.{e}.weight", (d, d)), (f"{p}self_attn.{proj}_proj.{e}.bias", (d,))]
            for norm, size in (("self_attn.inner_attn_ln", d), ("self_attn_layer_norm", d),
                               ("ffn.{e}.ffn_layernorm", ffn), ("final_layer_norm", d)):
                name = norm.format(e=e) if "{e}" in norm else f"{norm}.{e}"
                params += [(f"{p}{name}.weight", (size,)), (f"{p}{name}.bias", (size,))]
            params += [(f"{p}ffn.{e}.fc1.weight", (ffn, d)), (f"{p}ffn.{e}.fc1.bias", (ffn,)),
                       (f"{p}ffn.{e}.fc2.weight", (d, ffn)), (f"{p}ffn.{e}.fc2.bias", (d,))]
    for e in "AB":
        params += [(f"beit3.encoder.layer_norm.{e}.weight", (d,)), (f"beit3.encoder.layer_norm.{e}.bias", (d,))]
    return params


class _PatternStorage(Storage):
    """A float32/float16 storage whose bytes repeat a pattern (exact in both types), generated when written."""

    VALUES = [((i * 37) % 1024) / 1024.0 - 0.5 for i in range(1024)]

    def __init__(self, key, numel, half):
        super().__init__(key, "HalfStorage" if half else "FloatStorage", [])
        self.numel = numel
        self.pattern = struct.pack("<1024" + ("e" if half else "f"), *self.VALUES)

    def to_bytes(self, order):
        full, rest = divmod(self.numel * len(self.pattern) // 1024, len(self.pattern))
        return self.pattern * full + self.pattern[:rest]


def write_big(path, legacy, half):
    state = collections.OrderedDict()
    for i, (name, shape) in enumerate(beit3_base_640_32()):
        n = 1
        for s in shape:
            n *= s
        st = _PatternStorage(str(i), n, half)
        st.values = range(n)  # len() for the persistent id, without materialising values
        stride = []
        acc = 1
        for s in reversed(shape):
            stride.insert(0, acc)
            acc *= s
        state[name] = Tensor(st, 0, shape, stride)
    if legacy:
        write_legacy(path, {"model": state}, state)
    else:
        write_zip(path, {"model": state}, state)
    total = sum(len(t.storage.values) for t in state.values())
    print(f"{path}: {len(state)} tensors, {total} {'float16' if half else 'float32'} values, "
          f"{os.path.getsize(path)} bytes")


def main(argv):
    if len(argv) >= 3 and argv[1] == "--big":
        write_big(argv[2], legacy="--legacy" in argv[3:], half="--half" in argv[3:])
    elif len(argv) <= 2 and not (len(argv) == 2 and argv[1].startswith("-")):
        write_test_files(argv[1] if len(argv) == 2 else DEFAULT_OUT)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
