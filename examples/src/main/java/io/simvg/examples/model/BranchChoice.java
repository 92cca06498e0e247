package io.simvg.examples.model;

import io.simvg.zoo.GraphVariant;
import io.simvg.zoo.predict.Branch;
import java.util.ArrayList;
import java.util.List;

/** The {@code --branch} option: which prediction branch(es) a command reads. */
public enum BranchChoice {
    TOKEN, DECODER, BOTH;

    /** The branches, token first. */
    public List<Branch> branches() {
        return switch (this) {
            case TOKEN -> List.of(Branch.TOKEN);
            case DECODER -> List.of(Branch.DECODER);
            case BOTH -> List.of(Branch.TOKEN, Branch.DECODER);
        };
    }

    /** Every branch a stored graph has: both for a full graph, else its only one. */
    public static List<Branch> allOf(GraphVariant stored) {
        List<Branch> out = new ArrayList<>();
        if (stored.hasTokenBranch()) {
            out.add(Branch.TOKEN);
        }
        if (stored.hasDecoderBranch()) {
            out.add(Branch.DECODER);
        }
        return out;
    }
}
