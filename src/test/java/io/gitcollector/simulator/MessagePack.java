package io.gitcollector.simulator;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The few MessagePack forms GitHub packs into its global node ids and cursors (an array of non-negative
 * integers, strings and nil), so the simulator's ids look like GitHub's ({@code PR_kwDO…}: {@code kwDO} is
 * base64 of "array of 3, 0, uint32") and decode back.
 */
final class MessagePack {

    private MessagePack() {
    }

    /** Packs an array of {@code Long}/{@code Integer} (non-negative), {@code String} and null values. */
    static byte[] pack(Object... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (values.length > 15) {
            throw new IllegalArgumentException("fixarray only");
        }
        out.write(0x90 | values.length);
        for (Object value : values) {
            if (value == null) {
                out.write(0xc0);
            } else if (value instanceof String s) {
                packString(out, s);
            } else {
                packUnsigned(out, ((Number) value).longValue());
            }
        }
        return out.toByteArray();
    }

    /** The values of a packed array: {@code Long}, {@code String} or null; an IllegalArgumentException when malformed. */
    static List<Object> unpack(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            int head = in.get() & 0xff;
            if ((head & 0xf0) != 0x90) {
                throw new IllegalArgumentException("not a fixarray");
            }
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < (head & 0x0f); i++) {
                values.add(unpackOne(in));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes");
            }
            return values;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed", e);
        }
    }

    private static Object unpackOne(ByteBuffer in) {
        int b = in.get() & 0xff;
        if (b <= 0x7f) {
            return (long) b;
        }
        if ((b & 0xe0) == 0xa0) {
            return string(in, b & 0x1f);
        }
        return switch (b) {
            case 0xc0 -> null;
            case 0xcc -> (long) (in.get() & 0xff);
            case 0xcd -> (long) (in.getShort() & 0xffff);
            case 0xce -> in.getInt() & 0xffffffffL;
            case 0xcf -> in.getLong();
            case 0xd9 -> string(in, in.get() & 0xff);
            case 0xda -> string(in, in.getShort() & 0xffff);
            default -> throw new IllegalArgumentException("unsupported type " + b);
        };
    }

    private static String string(ByteBuffer in, int length) {
        byte[] text = new byte[length];
        in.get(text);
        return new String(text, StandardCharsets.UTF_8);
    }

    private static void packUnsigned(ByteArrayOutputStream out, long v) {
        if (v < 0) {
            throw new IllegalArgumentException("non-negative integers only");
        }
        ByteBuffer b;
        if (v <= 0x7f) {
            out.write((int) v);
            return;
        } else if (v <= 0xff) {
            b = ByteBuffer.allocate(2).put((byte) 0xcc).put((byte) v);
        } else if (v <= 0xffff) {
            b = ByteBuffer.allocate(3).put((byte) 0xcd).putShort((short) v);
        } else if (v <= 0xffffffffL) {
            b = ByteBuffer.allocate(5).put((byte) 0xce).putInt((int) v);
        } else {
            b = ByteBuffer.allocate(9).put((byte) 0xcf).putLong(v);
        }
        out.writeBytes(b.array());
    }

    private static void packString(ByteArrayOutputStream out, String s) {
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        if (text.length <= 31) {
            out.write(0xa0 | text.length);
        } else {
            // No str8: GitHub packs a commit's 40-character oid as str16 (C_kwDO…2gAo…), as old MessagePack did.
            out.write(0xda);
            out.write(text.length >> 8);
            out.write(text.length & 0xff);
        }
        out.writeBytes(text);
    }
}
