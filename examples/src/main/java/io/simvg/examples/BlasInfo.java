package io.simvg.examples;

/** The OpenBLAS kernel choice (OpenBLAS 0.3.19, bundled with ND4J M2.1, falls back to a slow one on unknown CPUs). */
final class BlasInfo {

    private BlasInfo() {
    }

    static String describe() {
        String forced = System.getenv("OPENBLAS_CORETYPE");
        return forced != null ? "OPENBLAS_CORETYPE=" + forced
                : "auto-detected by OpenBLAS (on CPUs it does not know it uses a generic kernel, 2-4x slower: set "
                + "OPENBLAS_CORETYPE=Haswell or SkylakeX, as ./simvg does)";
    }
}
