package io.simvg.data.text;

/**
 * SimVG's {@code clean_string}: lower-case, delete {@code . , ' ! ? " ( ) * # : ;}, then turn each {@code -} and
 * {@code /} into a space. Whitespace is left as it is; the SentencePiece encoder treats runs of it as one separator.
 */
public final class ExpressionCleaner {

    private static final String DELETED = ".,'!?\"()*#:;";

    private ExpressionCleaner() {
    }

    public static String clean(String expression) {
        String lower = expression.toLowerCase(java.util.Locale.ROOT);
        StringBuilder out = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (DELETED.indexOf(c) >= 0) {
                continue;
            }
            out.append(c == '-' || c == '/' ? ' ' : c);
        }
        return out.toString();
    }
}
