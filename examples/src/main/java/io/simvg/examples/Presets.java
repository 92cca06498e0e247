package io.simvg.examples;

import io.simvg.zoo.SimVGConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Resolves a preset name (TINY, DEMO, BASE_32, LARGE_32) or a config JSON file. */
final class Presets {

    private Presets() {
    }

    static SimVGConfig resolve(String nameOrFile) throws IOException {
        switch (nameOrFile.toUpperCase(Locale.ROOT).replace('-', '_')) {
            case "TINY":
                return SimVGConfig.TINY;
            case "DEMO":
                return SimVGConfig.DEMO;
            case "BASE_32", "BASE":
                return SimVGConfig.BASE_32;
            case "LARGE_32", "LARGE":
                return SimVGConfig.LARGE_32;
            default:
                Path p = Path.of(nameOrFile);
                if (Files.isRegularFile(p)) {
                    return SimVGConfig.fromJson(p);
                }
                throw new IllegalArgumentException("unknown preset '" + nameOrFile
                        + "' (expected TINY, DEMO, BASE_32, LARGE_32 or a config .json file)");
        }
    }
}
