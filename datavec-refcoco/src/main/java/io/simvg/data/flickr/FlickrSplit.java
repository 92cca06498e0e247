package io.simvg.data.flickr;

import io.simvg.data.GroundingSample;
import java.util.List;

/** The samples of one Flickr30K Entities split and the phrases left out for lack of a box. */
public record FlickrSplit(List<GroundingSample> samples, List<FlickrExclusion> excluded) {

    public FlickrSplit {
        samples = List.copyOf(samples);
        excluded = List.copyOf(excluded);
    }
}
