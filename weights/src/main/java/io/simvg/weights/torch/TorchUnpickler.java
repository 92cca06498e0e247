package io.simvg.weights.torch;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Pyrolite unpickler for the data pickle of a {@code torch.save} file. Tensors become {@link TensorInfo} descriptors
 * (no data is read here); storages become {@link StorageRef}s, collected by key. Everything is resolved per instance,
 * so Pyrolite's global constructor registry is left untouched.
 * <p>
 * Two Pyrolite behaviours are corrected: {@code SETITEMS} goes through a HashMap (it would reorder a state dict),
 * and {@code BUILD} on an OrderedDict (the {@code _metadata} attribute of every {@code state_dict()}) needs a
 * {@code __setstate__} method.
 * <p>
 * The input must support mark/reset (globals it does not resolve itself are handed back to Pyrolite).
 */
final class TorchUnpickler extends Unpickler {

    private static final int MAX_GLOBAL_LINES = 4096;

    private final Map<String, StorageRef> rootStorages = new LinkedHashMap<>();

    /** Root storages by key, in the order their persistent ids were met. */
    Map<String, StorageRef> rootStorages() {
        return Collections.unmodifiableMap(rootStorages);
    }

    @Override
    public Object load(InputStream in) throws PickleException, IOException {
        if (!in.markSupported()) {
            throw new IllegalArgumentException("the pickle stream must support mark/reset");
        }
        return super.load(in);
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case Opcodes.GLOBAL -> {
                input.mark(MAX_GLOBAL_LINES);
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                Object resolved = resolve(module, name);
                if (resolved == null) {
                    input.reset();
                    return super.dispatch(key);
                }
                stack.add(resolved);
                return NO_RETURN_VALUE;
            }
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                Object resolved = resolve(String.valueOf(module), String.valueOf(name));
                if (resolved == null) {
                    stack.add(module);
                    stack.add(name);
                    return super.dispatch(key);
                }
                stack.add(resolved);
                return NO_RETURN_VALUE;
            }
            case Opcodes.SETITEMS -> {
                List<Object> items = stack.pop_all_since_marker();
                @SuppressWarnings("unchecked")
                Map<Object, Object> dict = (Map<Object, Object>) stack.peek();
                for (int i = 0; i + 1 < items.size(); i += 2) {
                    dict.put(items.get(i), items.get(i + 1));
                }
                return NO_RETURN_VALUE;
            }
            case Opcodes.BUILD -> {
                Object state = stack.pop();
                if (stack.peek() instanceof OrderedDict dict) {
                    dict.attributes = state;
                    return NO_RETURN_VALUE;
                }
                if (stack.peek() instanceof OpaqueObject object) {
                    object.state = state;
                    return NO_RETURN_VALUE;
                }
                stack.add(state);
                return super.dispatch(key);
            }
            default -> {
                return super.dispatch(key);
            }
        }
    }

    /**
     * The objects torch checkpoints reference by name. Python builtins and the classes Pyrolite knows are left to
     * Pyrolite (null); any other class becomes an {@link OpaqueObject}, so that what surrounds a state dict (numpy
     * scalars in mmcv's {@code meta}, optimizer state, ...) never stops the state dict from loading.
     */
    private static Object resolve(String module, String name) {
        Object torch = resolveTorch(module, name);
        if (torch != null || "builtins".equals(module) || "__builtin__".equals(module) || "exceptions".equals(module)
                || objectConstructors.containsKey(module + "." + name)) {
            return torch;
        }
        return new OpaqueClass(module + "." + name);
    }

    private static Object resolveTorch(String module, String name) {
        switch (module) {
            case "collections":
                return "OrderedDict".equals(name) ? (IObjectConstructor) OrderedDict::of : null;
            case "torch._utils":
                return switch (name) {
                    case "_rebuild_tensor_v2", "_rebuild_tensor" -> (IObjectConstructor) TorchUnpickler::rebuildTensor;
                    // a Parameter is its data; requires_grad, hooks and state do not matter here
                    case "_rebuild_parameter", "_rebuild_parameter_with_state" -> (IObjectConstructor) args -> args[0];
                    default -> name.startsWith("_rebuild") ? unsupported(module + "." + name) : null;
                };
            case "torch._tensor":
                // _rebuild_from_type_v2(func, new_type, args, state): a tensor subclass; keep the plain tensor
                return name.startsWith("_rebuild_from_type")
                        ? (IObjectConstructor) args -> ((IObjectConstructor) args[0]).construct((Object[]) args[2])
                        : null;
            case "torch":
                if (name.endsWith("Storage")) {
                    return new StorageClass(name);
                }
                return "Size".equals(name) ? (IObjectConstructor) args -> args[0] : null;
            default:
                return null;
        }
    }

    private static IObjectConstructor unsupported(String function) {
        return args -> new UnsupportedTensor(function);
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    private static Object rebuildTensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof StorageRef storage)) {
            throw new PickleException("_rebuild_tensor: expected (storage, offset, size, stride, ...), got "
                    + describe(args));
        }
        return new TensorInfo(storage, number(args[1], "storage_offset"), longs(args[2], "size"),
                longs(args[3], "stride"));
    }

    /** Persistent ids of storages: {@code ('storage', type, key, location, numel[, view_metadata])}. */
    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[] t) || t.length < 5 || !"storage".equals(t[0])) {
            throw new PickleException("unsupported persistent id " + describe(pid) + " (expected a storage)");
        }
        String typeName = t[1] instanceof StorageClass c ? "torch." + c.name : String.valueOf(t[1]);
        TorchDType dtype = t[1] instanceof StorageClass c ? TorchDType.ofStorageClass(c.name) : null;
        String key = String.valueOf(t[2]);
        long rootNumel = number(t[4], "numel");
        StorageRef root = new StorageRef(key, typeName, dtype, rootNumel, 0, rootNumel);
        rootStorages.putIfAbsent(key, root);
        if (t.length > 5 && t[5] instanceof Object[] view) {
            // legacy storage view: (view_key, offset, size) in elements of the root storage
            if (view.length != 3) {
                throw new PickleException("unsupported storage view metadata " + describe(view));
            }
            return new StorageRef(key, typeName, dtype, rootNumel, number(view[1], "view offset"),
                    number(view[2], "view size"));
        }
        return root;
    }

    private static long number(Object o, String what) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        throw new PickleException(what + " is not an integer: " + describe(o));
    }

    private static long[] longs(Object o, String what) {
        Object[] items = o instanceof Object[] a ? a : o instanceof List<?> l ? l.toArray() : null;
        if (items == null) {
            throw new PickleException(what + " is not a tuple: " + describe(o));
        }
        long[] out = new long[items.length];
        for (int i = 0; i < items.length; i++) {
            out[i] = number(items[i], what);
        }
        return out;
    }

    static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        String text = o instanceof Object[] a ? java.util.Arrays.deepToString(a) : String.valueOf(o);
        return o.getClass().getSimpleName() + " " + (text.length() > 80 ? text.substring(0, 80) + "…" : text);
    }

    /** {@code collections.OrderedDict}; BUILD state (e.g. a state dict's {@code _metadata}) is kept, not used. */
    static final class OrderedDict extends LinkedHashMap<Object, Object> {

        Object attributes;

        static Object of(Object[] args) {
            OrderedDict d = new OrderedDict();
            if (args.length > 0 && args[0] instanceof List<?> pairs) {
                for (Object p : pairs) {
                    Object[] kv = p instanceof Object[] a ? a : ((List<?>) p).toArray();
                    d.put(kv[0], kv[1]);
                }
            }
            return d;
        }
    }

    /** A storage class such as {@code torch.FloatStorage}: only ever a persistent id element, never called. */
    record StorageClass(String name) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            throw new PickleException("torch." + name + " cannot be constructed from a pickle");
        }
    }

    /** A Python class this reader does not model: calling it records the arguments. */
    record OpaqueClass(String name) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            return new OpaqueObject(name, args);
        }
    }

    /** An instance of an {@link OpaqueClass}, with its constructor arguments and BUILD state, kept but not used. */
    static final class OpaqueObject {

        final String type;
        final Object[] args;
        Object state;

        OpaqueObject(String type, Object[] args) {
            this.type = type;
            this.args = args;
        }

        @Override
        public String toString() {
            return type + java.util.Arrays.deepToString(args);
        }
    }

    /** A tensor kind this reader does not support (quantized, sparse, ...), reported when its name is known. */
    record UnsupportedTensor(String function) {
    }
}
