package io.simvg.data;

import io.simvg.data.flickr.Flickr30kEntitiesReader;
import io.simvg.data.flickr.FlickrBoxes;
import io.simvg.data.grefcoco.GRefCocoReader;
import io.simvg.data.refer.ReferReader;
import io.simvg.data.seqtr.SeqTrJsonReader;
import io.simvg.data.transvg.TransVgBoxRule;
import io.simvg.data.transvg.TransVgDataset;
import io.simvg.data.transvg.TransVgIndexReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The published dataset formats, recognised from the file a user points at, so one path opens any of them:
 * {@code refcoco/refs(unc).p}, {@code grefcoco/grefs(unc).json}, {@code annotations/<name>/instances.json} (SeqTR/SimVG),
 * {@code data/<ds>/<ds>_<split>.pth} (TransVG/CLIP-VG) or a Flickr30K Entities directory.
 */
public enum DatasetFormat {
    REFER, GREFCOCO, SEQTR_JSON, TRANSVG_PTH, FLICKR30K_ENTITIES;

    private static final Pattern REFS = Pattern.compile("refs\\((\\w+)\\)\\.p");
    private static final Pattern GREFS = Pattern.compile("grefs\\((\\w+)\\)\\.(json|p)");

    /** The format of {@code path}, or an {@link IllegalArgumentException} saying what was expected. */
    public static DatasetFormat detect(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (REFS.matcher(name).matches()) {
            return REFER;
        }
        if (GREFS.matcher(name).matches()) {
            return GREFCOCO;
        }
        if (name.equals("instances.json") && path.getParent() != null && path.getParent().getParent() != null
                && path.getParent().getParent().getFileName().toString().equals("annotations")) {
            return SEQTR_JSON;
        }
        if (name.endsWith(".pth")) {
            return TRANSVG_PTH;
        }
        if (Files.isDirectory(path.resolve("Annotations")) && Files.isDirectory(path.resolve("Sentences"))) {
            return FLICKR30K_ENTITIES;
        }
        throw new IllegalArgumentException(path + ": not a dataset file this library reads; expected refs(<splitBy>).p, "
                + "grefs(<splitBy>).json, annotations/<name>/instances.json, <ds>_<split>.pth or a Flickr30K Entities "
                + "directory with Annotations/ and Sentences/");
    }

    /**
     * Opens the dataset at {@code path} with each reader's default image location and box convention (TransVG: exact
     * boxes, images in the {@code ln_data/} next to {@code data/}; Flickr30K: ANY-BOX). Construct a reader directly for
     * other choices.
     */
    public static GroundingDatasetReader open(Path path, InvalidRecords invalid) {
        Path abs = path.toAbsolutePath().normalize();
        return switch (detect(abs)) {
            case REFER -> {
                Matcher m = REFS.matcher(abs.getFileName().toString());
                m.matches();
                Path root = abs.getParent().getParent();
                String dataset = abs.getParent().getFileName().toString();
                yield new ReferReader(root, dataset, m.group(1), ReferReader.defaultImageDir(root, dataset), invalid);
            }
            case GREFCOCO -> {
                Matcher m = GREFS.matcher(abs.getFileName().toString());
                m.matches();
                Path root = abs.getParent().getParent();
                yield new GRefCocoReader(root, m.group(1), root.resolve("images/train2014"), invalid);
            }
            case SEQTR_JSON -> {
                Path seqtrRoot = abs.getParent().getParent().getParent();
                yield new SeqTrJsonReader(abs.getParent().getFileName().toString(), abs, seqtrRoot.resolve("images"), invalid);
            }
            case TRANSVG_PTH -> {
                // data/<ds>/<ds>_<split>.pth, images under the sibling ln_data/ as in TransVG's README
                Path splitRoot = abs.getParent().getParent();
                Path imageRoot = splitRoot.getParent() == null ? splitRoot : splitRoot.getParent().resolve("ln_data");
                yield new TransVgIndexReader(splitRoot, imageRoot, TransVgDataset.of(abs.getParent().getFileName().toString()),
                        TransVgBoxRule.EXACT, invalid);
            }
            case FLICKR30K_ENTITIES -> new Flickr30kEntitiesReader(abs, FlickrBoxes.ANY_BOX, invalid);
        };
    }
}
