package io.simvg.data.datavec;

import io.simvg.data.BoxXyxy;
import io.simvg.data.DatasetFormat;
import io.simvg.data.GroundingDatasetReader;
import io.simvg.data.GroundingSample;
import io.simvg.data.InvalidRecords;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.datavec.api.conf.Configuration;
import org.datavec.api.records.Record;
import org.datavec.api.records.metadata.RecordMetaData;
import org.datavec.api.records.metadata.RecordMetaDataIndex;
import org.datavec.api.records.reader.BaseRecordReader;
import org.datavec.api.split.FileSplit;
import org.datavec.api.split.InputSplit;
import org.datavec.api.writable.IntWritable;
import org.datavec.api.writable.NDArrayWritable;
import org.datavec.api.writable.Text;
import org.datavec.api.writable.Writable;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A DataVec {@code RecordReader} over one split of any supported dataset format. Initialise it with a
 * {@code FileSplit} on the dataset's annotation file (or Flickr30K directory; the format is detected, see
 * {@link DatasetFormat}) or construct it on a reader. One record per sample:
 * <ol start="0">
 *   <li>{@link #IMAGE} image path ({@code Text})</li>
 *   <li>{@link #EXPRESSION} expression as stored ({@code Text})</li>
 *   <li>{@link #BOXES} target boxes {@code [G,4]} xyxy original pixels, float64 ({@code NDArrayWritable}; G = 0: no target)</li>
 *   <li>{@link #WIDTH}, {@link #HEIGHT} image size stated by the annotation, 0 if none ({@code IntWritable})</li>
 *   <li>{@link #SOURCE} annotation file and record ({@code Text})</li>
 * </ol>
 */
public class GroundingRecordReader extends BaseRecordReader {

    public static final int IMAGE = 0;
    public static final int EXPRESSION = 1;
    public static final int BOXES = 2;
    public static final int WIDTH = 3;
    public static final int HEIGHT = 4;
    public static final int SOURCE = 5;

    /** Configuration key: the split to read. */
    public static final String SPLIT = "simvg.split";
    /** Configuration key: skip and log invalid records instead of failing ({@code false} by default). */
    public static final String SKIP_INVALID = "simvg.skipInvalid";

    private String split;
    private boolean skipInvalid;
    private GroundingDatasetReader reader;
    private List<GroundingSample> samples;
    private int position;

    /** To be initialised with an {@link InputSplit} (and optionally a {@link Configuration}). */
    public GroundingRecordReader(String split) {
        this.split = split;
    }

    public GroundingRecordReader(GroundingDatasetReader reader, String split) {
        this.reader = reader;
        this.split = split;
        load();
    }

    @Override
    public void initialize(InputSplit inputSplit) {
        this.inputSplit = inputSplit;
        reader = DatasetFormat.open(datasetPath(inputSplit), InvalidRecords.of(skipInvalid));
        load();
    }

    /** A {@link FileSplit}'s own file or directory (not the files it lists), or a split's single location. */
    private static Path datasetPath(InputSplit split) {
        if (split instanceof FileSplit fs) {
            return fs.getRootDir().toPath();
        }
        URI[] locations = split.locations();
        if (locations == null || locations.length != 1) {
            throw new IllegalArgumentException("give exactly one dataset file or directory, got "
                    + (locations == null ? 0 : locations.length));
        }
        return Path.of(locations[0]);
    }

    @Override
    public void initialize(Configuration conf, InputSplit inputSplit) {
        setConf(conf);
        initialize(inputSplit);
    }

    private void load() {
        if (split == null) {
            throw new IllegalArgumentException("no split given (set " + SPLIT + "); " + reader.name() + " has "
                    + reader.splits());
        }
        samples = reader.read(split);
        position = 0;
    }

    public List<GroundingSample> samples() {
        return samples;
    }

    @Override
    public boolean hasNext() {
        return position < samples.size();
    }

    @Override
    public List<Writable> next() {
        return nextRecord().getRecord();
    }

    @Override
    public Record nextRecord() {
        if (!hasNext()) {
            throw new java.util.NoSuchElementException("no more records in " + reader.name() + "/" + split);
        }
        Record r = record(position);
        position++;
        invokeListeners(r);
        return r;
    }

    private Record record(int index) {
        GroundingSample s = samples.get(index);
        List<Writable> w = new ArrayList<>(6);
        w.add(new Text(s.image().toString()));
        w.add(new Text(s.expression()));
        double[][] boxes = new double[s.boxes().size()][];
        for (int i = 0; i < boxes.length; i++) {
            boxes[i] = s.boxes().get(i).toArray();
        }
        w.add(new NDArrayWritable(boxes.length == 0 ? Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 0, 4)
                : Nd4j.createFromArray(boxes)));
        w.add(new IntWritable(s.imageWidth()));
        w.add(new IntWritable(s.imageHeight()));
        w.add(new Text(s.source().toString()));
        URI uri = s.source().file().toUri();
        return new org.datavec.api.records.impl.Record(w, new RecordMetaDataIndex(index, uri, GroundingRecordReader.class));
    }

    @Override
    public Record loadFromMetaData(RecordMetaData meta) {
        if (!(meta instanceof RecordMetaDataIndex idx) || idx.getIndex() < 0 || idx.getIndex() >= samples.size()) {
            throw new IllegalArgumentException("not a record of this reader: " + meta);
        }
        return record((int) idx.getIndex());
    }

    @Override
    public List<Record> loadFromMetaData(List<RecordMetaData> metas) {
        List<Record> out = new ArrayList<>(metas.size());
        for (RecordMetaData m : metas) {
            out.add(loadFromMetaData(m));
        }
        return out;
    }

    @Override
    public List<Writable> record(URI uri, DataInputStream in) throws IOException {
        throw new UnsupportedOperationException("grounding records come from a whole annotation file, not a stream");
    }

    @Override
    public List<String> getLabels() {
        return null;
    }

    @Override
    public void reset() {
        position = 0;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public void close() {
    }

    @Override
    public void setConf(Configuration conf) {
        split = conf.get(SPLIT, split);
        skipInvalid = conf.getBoolean(SKIP_INVALID, skipInvalid);
    }

    @Override
    public Configuration getConf() {
        Configuration c = new Configuration();
        if (split != null) {
            c.set(SPLIT, split);
        }
        c.setBoolean(SKIP_INVALID, skipInvalid);
        return c;
    }

    /** The boxes of a record's {@link #BOXES} writable. */
    public static List<BoxXyxy> boxes(List<Writable> record) {
        org.nd4j.linalg.api.ndarray.INDArray a = ((NDArrayWritable) record.get(BOXES)).get();
        List<BoxXyxy> out = new ArrayList<>();
        for (int i = 0; i < a.size(0); i++) {
            out.add(new BoxXyxy(a.getDouble(i, 0), a.getDouble(i, 1), a.getDouble(i, 2), a.getDouble(i, 3)));
        }
        return out;
    }
}
