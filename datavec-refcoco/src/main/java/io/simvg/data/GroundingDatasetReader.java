package io.simvg.data;

import java.util.List;

/** Reads one dataset in one published format into {@link GroundingSample}s, split by split. */
public interface GroundingDatasetReader {

    /** Dataset key, e.g. {@code refcoco_unc}. */
    String name();

    /** The split names this reader accepts. */
    List<String> splits();

    /**
     * The samples of {@code split} in the official loader's order.
     *
     * @throws GroundingDataException for unreadable files, and for bad records unless the reader skips invalid ones
     */
    List<GroundingSample> read(String split);
}
