package io.simvg.data.refer;

import io.simvg.data.GroundingDataException;
import io.simvg.data.RecordSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed access to the untyped maps that pickles and JSON decode into; a missing or wrongly typed field is a
 * {@link GroundingDataException} naming the file, the record and the field.
 */
public final class Fields {

    private Fields() {
    }

    public static Object required(Map<?, ?> map, String field, RecordSource src) {
        Object v = map.get(field);
        if (v == null) {
            throw new GroundingDataException(src, "field '" + field + "' is missing");
        }
        return v;
    }

    public static long integer(Map<?, ?> map, String field, RecordSource src) {
        return integer(required(map, field, src), field, src);
    }

    public static long integer(Object v, String field, RecordSource src) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof java.math.BigInteger) {
            return ((Number) v).longValue();
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        throw new GroundingDataException(src, "field '" + field + "' is not an integer: " + v);
    }

    public static double number(Object v, String field, RecordSource src) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new GroundingDataException(src, "field '" + field + "' is not a number: " + v);
    }

    public static String string(Map<?, ?> map, String field, RecordSource src) {
        Object v = required(map, field, src);
        if (v instanceof String s) {
            return s;
        }
        throw new GroundingDataException(src, "field '" + field + "' is not a string: " + v);
    }

    public static List<?> list(Map<?, ?> map, String field, RecordSource src) {
        return list(required(map, field, src), field, src);
    }

    /** Python lists decode to {@link List}, tuples to {@code Object[]}; both are accepted. */
    public static List<?> list(Object v, String field, RecordSource src) {
        if (v instanceof List<?> l) {
            return l;
        }
        if (v instanceof Object[] a) {
            return List.of(a);
        }
        throw new GroundingDataException(src, "field '" + field + "' is not a list: " + v);
    }

    public static Map<?, ?> map(Object v, String field, RecordSource src) {
        if (v instanceof Map<?, ?> m) {
            return m;
        }
        throw new GroundingDataException(src, "field '" + field + "' is not a dict: " + v);
    }

    /** An integer or a list of integers (gRefCOCO's {@code ann_id} may be either). */
    public static List<Long> integers(Map<?, ?> map, String field, RecordSource src) {
        Object v = required(map, field, src);
        List<Long> out = new ArrayList<>();
        if (v instanceof List<?> || v instanceof Object[]) {
            for (Object o : list(v, field, src)) {
                out.add(integer(o, field, src));
            }
        } else {
            out.add(integer(v, field, src));
        }
        return out;
    }

    /** Four numbers, e.g. a COCO {@code bbox}. */
    public static double[] four(Object v, String field, RecordSource src) {
        List<?> l = list(v, field, src);
        if (l.size() != 4) {
            throw new GroundingDataException(src, "field '" + field + "' needs 4 numbers, has " + l.size() + ": " + l);
        }
        double[] out = new double[4];
        for (int i = 0; i < 4; i++) {
            out[i] = number(l.get(i), field, src);
        }
        return out;
    }
}
