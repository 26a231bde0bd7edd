package io.gitcollector.collect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The named groups of a platform's {@code repository-path-pattern}, as path variables: with
 * {@code projects/(?<project>[^/]+)/repos/(?<slug>[^/]+)} a Bitbucket Data Center URL gives {project} and {slug}.
 * A group named {@code owner} or {@code repo} takes the place of the default split (every segment but the last,
 * and the last), so a source's paths read the same on every platform.
 */
final class RepositoryPathCaptures {

    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");
    private static final Map<String, Compiled> COMPILED = new ConcurrentHashMap<>();

    private record Compiled(Pattern pattern, List<String> names) { }

    private RepositoryPathCaptures() { }

    /** The named groups' values for a path the pattern accepts; none when it has no named group or does not match. */
    static Map<String, String> of(String pathPattern, String path) {
        if (pathPattern == null || !pathPattern.contains("(?<")) {
            return Map.of();
        }
        Compiled compiled = COMPILED.computeIfAbsent(pathPattern, RepositoryPathCaptures::compile);
        Matcher matcher = compiled.pattern().matcher(path);
        if (!matcher.matches()) {
            return Map.of();
        }
        Map<String, String> captures = new LinkedHashMap<>();
        for (String name : compiled.names()) {
            String value = matcher.group(name);
            if (value != null) {
                captures.put(name, value);
            }
        }
        return captures;
    }

    private static Compiled compile(String pathPattern) {
        Matcher names = GROUP_NAME.matcher(pathPattern);
        List<String> found = new java.util.ArrayList<>();
        while (names.find()) {
            found.add(names.group(1));
        }
        return new Compiled(Pattern.compile(pathPattern), List.copyOf(found));
    }
}
