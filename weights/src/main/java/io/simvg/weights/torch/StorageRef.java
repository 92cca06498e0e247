package io.simvg.weights.torch;

/**
 * A storage as a persistent id names it: {@code ('storage', torch.FloatStorage, key, location, numel)} in the zip
 * container, with a sixth element {@code view_metadata = (view_key, offset, size)} or None in the legacy one.
 *
 * @param key        the root storage's key: the zip entry {@code <archive>/data/<key>}, or its place in the legacy
 *                   storage list
 * @param typeName   the storage class as pickled, e.g. {@code torch.FloatStorage}
 * @param dtype      its element type, null when the class is not supported (reported when a tensor uses it)
 * @param rootNumel  elements of the root storage
 * @param viewOffset first element of this (legacy view) storage in the root; 0 otherwise
 * @param numel      elements of this storage
 */
public record StorageRef(String key, String typeName, TorchDType dtype, long rootNumel, long viewOffset, long numel) {
}
