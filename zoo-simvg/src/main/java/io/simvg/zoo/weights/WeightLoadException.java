package io.simvg.zoo.weights;

/** A weight import that left parameters unset, had tensors it could not place, or had shape mismatches. */
public class WeightLoadException extends IllegalStateException {

    private final transient LoadReport report;

    public WeightLoadException(LoadReport report) {
        super("weights do not match the model: " + report);
        this.report = report;
    }

    public WeightLoadException(String message) {
        super(message);
        this.report = null;
    }

    /** The full report, or null when the failure happened before matching. */
    public LoadReport report() {
        return report;
    }
}
