package io.gitcollector.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's global node ids, deterministic and decodable: the "next" format GitHub's GraphQL API answers with
 * ({@code PR_kwDO…}: a type prefix, then URL-safe base64 without padding of MessagePack {@code [0, repositoryId,
 * databaseId]}; a commit packs its oid instead), and, for {@code node(id:)} only, the legacy ids the REST
 * simulator still puts in {@code node_id} (base64 of {@code "011:PullRequest123"}).
 */
final class GraphQLNodeIds {

    /** A decoded id. {@code repositoryId} is -1 for a legacy id, which does not carry it; {@code oid} is set for commits. */
    record Decoded(String type, long repositoryId, long databaseId, String oid) {
    }

    private static final Map<String, String> PREFIXES = Map.of(
            "PullRequest", "PR", "PullRequestReview", "PRR", "PullRequestReviewComment", "PRRC",
            "IssueComment", "IC", "Commit", "C", "Repository", "R", "User", "U", "Bot", "BOT", "Ref", "REF");
    private static final Pattern NEXT = Pattern.compile("^([A-Z]+)_([A-Za-z0-9_-]+)$");
    private static final Pattern LEGACY = Pattern.compile("^0(\\d+):(.*)$");

    private GraphQLNodeIds() {
    }

    /** A node that belongs to a repository: pull request, review, review comment, issue comment. */
    static String of(String type, long repositoryId, long databaseId) {
        return prefix(type) + "_" + base64(MessagePack.pack(0, repositoryId, databaseId));
    }

    /** A node that stands alone: a repository, a user or a bot ({@code [0, databaseId]}, as GitHub's {@code R_kgDO…}). */
    static String of(String type, long databaseId) {
        return prefix(type) + "_" + base64(MessagePack.pack(0, databaseId));
    }

    static String commit(long repositoryId, String oid) {
        return "C_" + base64(MessagePack.pack(0, repositoryId, oid));
    }

    static String ref(long repositoryId, String qualifiedName) {
        return "REF_" + base64(MessagePack.pack(0, repositoryId, qualifiedName));
    }

    /** The type and keys of an id this simulator gave out (either format); empty for anything else. */
    static Optional<Decoded> decode(String id) {
        Matcher next = NEXT.matcher(id);
        if (next.matches()) {
            String type = PREFIXES.entrySet().stream().filter(e -> e.getValue().equals(next.group(1)))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            if (type == null) {
                return Optional.empty();
            }
            try {
                List<Object> v = MessagePack.unpack(Base64.getUrlDecoder().decode(next.group(2)));
                if (v.size() == 3 && v.get(2) instanceof String oid) {
                    return Optional.of(new Decoded(type, (Long) v.get(1), -1, oid));
                }
                if (v.size() == 3) {
                    return Optional.of(new Decoded(type, (Long) v.get(1), (Long) v.get(2), null));
                }
                if (v.size() == 2) {
                    return Optional.of(new Decoded(type, -1, (Long) v.get(1), null));
                }
            } catch (RuntimeException e) {
                return Optional.empty();
            }
            return Optional.empty();
        }
        return legacy(id);
    }

    private static Optional<Decoded> legacy(String id) {
        try {
            Matcher m = LEGACY.matcher(new String(Base64.getDecoder().decode(id), StandardCharsets.UTF_8));
            if (!m.matches()) {
                return Optional.empty();
            }
            int length = Integer.parseInt(m.group(1));
            String rest = m.group(2);
            return Optional.of(new Decoded(rest.substring(0, length), -1, Long.parseLong(rest.substring(length)), null));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String prefix(String type) {
        String prefix = PREFIXES.get(type);
        if (prefix == null) {
            throw new IllegalArgumentException("no node id prefix for " + type);
        }
        return prefix;
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
