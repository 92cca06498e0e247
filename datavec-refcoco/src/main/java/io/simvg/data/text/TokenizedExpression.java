package io.simvg.data.text;

import java.util.Arrays;
import java.util.List;

/**
 * One referring expression as SimVG feeds it to BEiT-3.
 *
 * @param cleanedText the expression after {@link ExpressionCleaner#clean(String)}
 * @param pieces      every token of the cleaned text (SentencePiece pieces and special-token strings), before truncation
 * @param ids         {@code ref_expr_inds}: {@code <s>}=0, up to {@code maxTokens − 2} token ids, {@code </s>}=2, then
 *                    the pad id 1; its length is {@code maxTokens}
 * @param length      number of non-pad ids, {@code <s>} and {@code </s>} included
 */
public record TokenizedExpression(String cleanedText, List<String> pieces, int[] ids, int length) {

    public TokenizedExpression {
        pieces = List.copyOf(pieces);
        ids = ids.clone();
        if (length < 3 || length > ids.length) {
            throw new IllegalArgumentException("length " + length + " outside [3, " + ids.length + "]");
        }
    }

    @Override
    public int[] ids() {
        return ids.clone();
    }

    public int maxTokens() {
        return ids.length;
    }

    /** {@code text_attention_mask}: {@code length} zeros, then ones; 1 = padding, as in SimVG. */
    public int[] paddingMask() {
        int[] mask = new int[ids.length];
        Arrays.fill(mask, length, ids.length, 1);
        return mask;
    }

    /** Whether tokens were dropped to fit {@code maxTokens}. */
    public boolean truncated() {
        return pieces.size() > length - 2;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenizedExpression t && length == t.length && cleanedText.equals(t.cleanedText)
                && pieces.equals(t.pieces) && Arrays.equals(ids, t.ids);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * cleanedText.hashCode() + pieces.hashCode()) + Arrays.hashCode(ids);
    }

    @Override
    public String toString() {
        return "TokenizedExpression[" + cleanedText + " -> " + Arrays.toString(ids) + ", length " + length + "]";
    }
}
