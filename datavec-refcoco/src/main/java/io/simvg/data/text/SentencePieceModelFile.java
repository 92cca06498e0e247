package io.simvg.data.text;

/**
 * Reads the one number DJL does not expose: how many pieces a serialized SentencePiece {@code ModelProto} holds (its
 * repeated field 1). Walking the protobuf wire format also rejects files that are not protobuf at all, which the
 * native loader does not always report clearly.
 */
final class SentencePieceModelFile {

    private static final int PIECES_FIELD = 1;
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private final byte[] data;
    private int pos;

    private SentencePieceModelFile(byte[] data) {
        this.data = data;
    }

    /** @throws IllegalArgumentException when the bytes are not a well-formed message with at least one piece */
    static int pieceCount(byte[] model) {
        SentencePieceModelFile reader = new SentencePieceModelFile(model);
        int pieces = 0;
        while (reader.pos < model.length) {
            long key = reader.varint();
            int field = (int) (key >>> 3);
            int wireType = (int) (key & 7);
            if (field == 0) {
                throw new IllegalArgumentException("field number 0 at byte " + reader.pos);
            }
            if (field == PIECES_FIELD && wireType == LENGTH_DELIMITED) {
                pieces++;
            }
            reader.skip(wireType);
        }
        if (pieces == 0) {
            throw new IllegalArgumentException("no vocabulary pieces");
        }
        return pieces;
    }

    private void skip(int wireType) {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> advance(8);
            case LENGTH_DELIMITED -> {
                long length = varint();
                if (length > data.length - pos) {
                    throw new IllegalArgumentException("length " + length + " runs past the end at byte " + pos);
                }
                advance((int) length);
            }
            case FIXED32 -> advance(4);
            default -> throw new IllegalArgumentException("unsupported wire type " + wireType + " at byte " + pos);
        }
    }

    private long varint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= data.length) {
                throw new IllegalArgumentException("truncated varint at byte " + pos);
            }
            byte b = data[pos++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes at byte " + pos);
    }

    private void advance(int bytes) {
        if (bytes > data.length - pos) {
            throw new IllegalArgumentException("truncated field at byte " + pos);
        }
        pos += bytes;
    }
}
