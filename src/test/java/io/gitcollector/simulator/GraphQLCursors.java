package io.gitcollector.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The cursor formats of GitHub's connections, which clients must pass back unchanged. Pull requests, reviews
 * and comments: base64 of {@code cursor:v2:} + MessagePack of the node's sort value (when ordered by one) and
 * database id, as recorded ({@code Y3Vyc29yOnYyOpHOHddyng==}), so a cursor names a position that survives
 * inserts. Commit history: {@code "<oid of the history's first commit> <0-based offset>"}, in plain text, as
 * recorded ({@code "d168a52b… 99"}).
 */
final class GraphQLCursors {

    private static final String PREFIX = "cursor:v2:";

    /** A keyset position: the sort value (null when ordered by id only) and the database id. */
    record Key(String sort, long id) {
    }

    /** A cursor a client sent that this connection did not give out. */
    static final class InvalidCursor extends RuntimeException {
        InvalidCursor(String cursor) {
            super("`" + cursor + "` does not appear to be a valid cursor.");
        }
    }

    private GraphQLCursors() {
    }

    static String keyset(Key key) {
        byte[] packed = key.sort() == null ? MessagePack.pack(key.id()) : MessagePack.pack(key.sort(), key.id());
        byte[] prefix = PREFIX.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[prefix.length + packed.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(packed, 0, all, prefix.length, packed.length);
        return Base64.getEncoder().encodeToString(all);
    }

    static Key keyset(String cursor) {
        try {
            byte[] all = Base64.getDecoder().decode(cursor);
            String text = new String(all, StandardCharsets.ISO_8859_1);
            if (!text.startsWith(PREFIX)) {
                throw new InvalidCursor(cursor);
            }
            byte[] packed = new byte[all.length - PREFIX.length()];
            System.arraycopy(all, PREFIX.length(), packed, 0, packed.length);
            List<Object> v = MessagePack.unpack(packed);
            if (v.size() == 1 && v.get(0) instanceof Long id) {
                return new Key(null, id);
            }
            if (v.size() == 2 && v.get(0) instanceof String sort && v.get(1) instanceof Long id) {
                return new Key(sort, id);
            }
        } catch (IllegalArgumentException e) {
            // falls through: not one of ours
        }
        throw new InvalidCursor(cursor);
    }

    static String history(String firstOid, int offset) {
        return firstOid + " " + offset;
    }

    /** The offset a history cursor names. */
    static int historyOffset(String cursor) {
        int space = cursor.indexOf(' ');
        try {
            if (space == 40) {
                int offset = Integer.parseInt(cursor.substring(space + 1));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new InvalidCursor(cursor);
    }
}
