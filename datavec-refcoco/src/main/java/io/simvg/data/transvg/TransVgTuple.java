package io.simvg.data.transvg;

import io.simvg.data.GroundingDataException;
import io.simvg.data.RecordSource;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

/**
 * The fields of one stored tuple that a sample needs, checked for type.
 *
 * @param imageFile the image file name, relative to the dataset's image folder
 * @param box       the four stored box numbers (xywh or xyxy, as the dataset stores them)
 * @param phrase    the expression as stored
 * @param source    the index file and tuple index
 */
record TransVgTuple(String imageFile, double[] box, String phrase, RecordSource source) {

    static TransVgTuple of(Object stored, TransVgDataset.Layout layout, RecordSource src) {
        List<?> fields = sequence(stored);
        int needed = Math.max(layout.boxIndex, layout.phraseIndex) + 1;
        if (fields == null || fields.size() < needed) {
            throw new GroundingDataException(src, "expected a tuple of at least " + needed + " fields, found " + describe(stored));
        }
        String image = string(fields.get(0), "img_file", 0, src);
        String phrase = string(fields.get(layout.phraseIndex), "phrase", layout.phraseIndex, src);
        return new TransVgTuple(image, numbers(fields.get(layout.boxIndex), layout.boxIndex, src), phrase, src);
    }

    /** numpy's {@code np.array(bbox, dtype=int)}: each value truncated toward zero. */
    double[] truncatedBox() {
        double[] out = new double[4];
        for (int i = 0; i < 4; i++) {
            out[i] = (double) (long) box[i];
        }
        return out;
    }

    private static String string(Object value, String field, int index, RecordSource src) {
        if (value instanceof String s) {
            return s;
        }
        throw new GroundingDataException(src, "field '" + field + "' (tuple[" + index + "]) is not a string: " + describe(value));
    }

    private static double[] numbers(Object value, int index, RecordSource src) {
        List<?> items = sequence(value);
        double[] out = new double[4];
        boolean ok = items != null && items.size() == 4;
        for (int i = 0; ok && i < 4; i++) {
            Object v = items.get(i);
            // Pyrolite gives Integer, Long or BigInteger for Python ints and Double for floats (Boolean for bools)
            ok = v instanceof Double || v instanceof Integer || v instanceof Long || v instanceof BigInteger;
            if (ok) {
                out[i] = ((Number) v).doubleValue();
                ok = Double.isFinite(out[i]);
            }
        }
        if (!ok) {
            throw new GroundingDataException(src, "field 'bbox' (tuple[" + index + "]) is not 4 finite numbers: " + describe(value));
        }
        return out;
    }

    /** A pickled tuple (Pyrolite: {@code Object[]}) or list, else {@code null}. */
    private static List<?> sequence(Object value) {
        if (value instanceof Object[] a) {
            return Arrays.asList(a);
        }
        return value instanceof List<?> l ? l : null;
    }

    private static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        return o instanceof Object[] a ? "tuple " + Arrays.deepToString(a) : o.getClass().getSimpleName() + " " + o;
    }
}
