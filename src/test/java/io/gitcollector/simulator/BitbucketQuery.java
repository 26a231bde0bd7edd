package io.gitcollector.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Bitbucket's query language (BBQL, the {@code q} parameter) and {@code sort} parameter, as far as
 * the collector uses them: comparisons {@code = != ~ !~ > >= < <=} on dotted field paths, joined with
 * {@code AND} / {@code OR} (case-insensitive) and parentheses; values are "strings", numbers, true,
 * false, null or unquoted ISO-8601 datetimes ({@code updated_on>=2020-04-12T08:00:00+08:00}, as
 * DevLake sends them). A quoted value compared with a datetime field is read as a datetime too.
 * Fields are checked against the resource's real example object, so an unknown field is an error.
 */
final class BitbucketQuery {

    /** A q or sort that Bitbucket would reject with 400; the message is Bitbucket's wording. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    private BitbucketQuery() {
    }

    /** Parses {@code q} into a filter; {@code template} is an example item whose fields are the known ones. */
    static Predicate<ObjectNode> filter(String q, ObjectNode template) {
        if (q == null || q.isBlank()) {
            return n -> true;
        }
        Parser parser = new Parser(q, template);
        Predicate<ObjectNode> predicate = parser.or();
        parser.expectEnd();
        return predicate;
    }

    /** Whether a q mentions a field, e.g. whether it filters pull requests by {@code state} itself. */
    static boolean mentions(String q, String field) {
        return q != null && q.matches("(?s).*(^|[^A-Za-z0-9_.])" + field + "\\s*(!?=|!?~|[<>]=?).*");
    }

    /** {@code sort=-updated_on}: a comparator on one field, descending with a leading minus. */
    static Comparator<ObjectNode> sort(String sort, ObjectNode template) {
        boolean descending = sort.startsWith("-");
        String field = descending ? sort.substring(1) : sort;
        if (field.isEmpty() || resolve(template, field) == null) {
            throw new Invalid("Invalid sort field: " + sort);
        }
        Comparator<ObjectNode> order = (a, b) -> compareValues(resolve(a, field), resolve(b, field));
        return descending ? order.reversed() : order;
    }

    /** The node at a dotted path, or null when the path does not exist (a JSON null is returned as is). */
    static JsonNode resolve(JsonNode node, String path) {
        JsonNode current = node;
        for (String part : path.split("\\.")) {
            if (current == null || !current.isObject() || !current.has(part)) {
                return null;
            }
            current = current.get(part);
        }
        return current;
    }

    /** An ISO-8601 datetime as Bitbucket accepts it: offset or Z, or none (UTC), or a bare date. */
    static Instant parseDatetime(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (RuntimeException notOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (RuntimeException notLocal) {
                try {
                    return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (RuntimeException notDate) {
                    return null;
                }
            }
        }
    }

    private static int compareValues(JsonNode a, JsonNode b) {
        boolean aNull = a == null || a.isNull();
        boolean bNull = b == null || b.isNull();
        if (aNull || bNull) {
            return Boolean.compare(!aNull, !bNull);
        }
        if (a.isNumber() && b.isNumber()) {
            return Double.compare(a.asDouble(), b.asDouble());
        }
        Instant ia = a.isTextual() ? parseDatetime(a.asText()) : null;
        Instant ib = b.isTextual() ? parseDatetime(b.asText()) : null;
        if (ia != null && ib != null) {
            return ia.compareTo(ib);
        }
        return a.asText().compareTo(b.asText());
    }

    /** A literal from the query: its text, and whether it was a quoted string, an unquoted word or a number. */
    private record Literal(String text, Kind kind) {
    }

    private enum Kind { STRING, NUMBER, DATETIME, TRUE, FALSE, NULL }

    /** Recursive descent over the query text. */
    private static final class Parser {
        private final String text;
        private final ObjectNode template;
        private int pos;

        Parser(String text, ObjectNode template) {
            this.text = text;
            this.template = template;
        }

        Predicate<ObjectNode> or() {
            Predicate<ObjectNode> left = and();
            while (keyword("OR")) {
                Predicate<ObjectNode> right = and();
                Predicate<ObjectNode> l = left;
                left = n -> l.test(n) || right.test(n);
            }
            return left;
        }

        Predicate<ObjectNode> and() {
            Predicate<ObjectNode> left = primary();
            while (keyword("AND")) {
                Predicate<ObjectNode> right = primary();
                Predicate<ObjectNode> l = left;
                left = n -> l.test(n) && right.test(n);
            }
            return left;
        }

        Predicate<ObjectNode> primary() {
            skipSpaces();
            if (peek() == '(') {
                pos++;
                Predicate<ObjectNode> inner = or();
                skipSpaces();
                if (peek() != ')') {
                    throw syntax();
                }
                pos++;
                return inner;
            }
            return comparison();
        }

        Predicate<ObjectNode> comparison() {
            skipSpaces();
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == '.')) {
                pos++;
            }
            String field = text.substring(start, pos);
            if (field.isEmpty() || !Character.isLetter(field.charAt(0))) {
                throw syntax();
            }
            if (resolve(template, field) == null) {
                throw new Invalid("Field \"" + field + "\" does not support filtering");
            }
            String op = operator();
            Literal value = literal();
            return node -> matches(resolve(node, field), op, value);
        }

        String operator() {
            skipSpaces();
            for (String op : List.of(">=", "<=", "!=", "!~", "=", "~", ">", "<")) {
                if (text.startsWith(op, pos)) {
                    pos += op.length();
                    return op;
                }
            }
            throw syntax();
        }

        Literal literal() {
            skipSpaces();
            if (peek() == '"') {
                StringBuilder value = new StringBuilder();
                pos++;
                while (pos < text.length() && peek() != '"') {
                    if (peek() == '\\' && pos + 1 < text.length()) {
                        pos++;
                    }
                    value.append(text.charAt(pos++));
                }
                if (pos >= text.length()) {
                    throw syntax();
                }
                pos++;
                return new Literal(value.toString(), Kind.STRING);
            }
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(peek()) || ":.+-".indexOf(peek()) >= 0)) {
                pos++;
            }
            String word = text.substring(start, pos);
            switch (word.toLowerCase(Locale.ROOT)) {
                case "true" -> {
                    return new Literal(word, Kind.TRUE);
                }
                case "false" -> {
                    return new Literal(word, Kind.FALSE);
                }
                case "null" -> {
                    return new Literal(word, Kind.NULL);
                }
                default -> {
                }
            }
            if (word.matches("-?\\d+(\\.\\d+)?")) {
                return new Literal(word, Kind.NUMBER);
            }
            if (!word.isEmpty() && parseDatetime(word) != null) {
                return new Literal(word, Kind.DATETIME);
            }
            pos = start;
            throw syntax();
        }

        boolean keyword(String word) {
            skipSpaces();
            int end = pos + word.length();
            if (end <= text.length() && text.substring(pos, end).equalsIgnoreCase(word)
                    && (end == text.length() || Character.isWhitespace(text.charAt(end)) || text.charAt(end) == '(')) {
                pos = end;
                return true;
            }
            return false;
        }

        void expectEnd() {
            skipSpaces();
            if (pos < text.length()) {
                throw syntax();
            }
        }

        private void skipSpaces() {
            while (pos < text.length() && Character.isWhitespace(peek())) {
                pos++;
            }
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private Invalid syntax() {
            String at = pos < text.length() ? String.valueOf(text.charAt(pos)) : "end of input";
            return new Invalid("Invalid filter query expression: Syntax error in input at '" + at
                    + "' line 1 col " + (pos + 1));
        }

        private boolean matches(JsonNode actual, String op, Literal value) {
            if (value.kind() == Kind.NULL || value.kind() == Kind.TRUE || value.kind() == Kind.FALSE) {
                boolean equal = switch (value.kind()) {
                    case NULL -> actual == null || actual.isNull();
                    case TRUE -> actual != null && actual.isBoolean() && actual.asBoolean();
                    default -> actual != null && actual.isBoolean() && !actual.asBoolean();
                };
                return switch (op) {
                    case "=" -> equal;
                    case "!=" -> !equal;
                    default -> throw new Invalid("Invalid filter query expression: operator " + op
                            + " is not supported for " + value.text());
                };
            }
            if (actual == null || actual.isNull()) {
                return op.equals("!=") || op.equals("!~");
            }
            int cmp;
            Instant when = actual.isTextual() ? parseDatetime(actual.asText()) : null;
            if (when != null && (value.kind() == Kind.DATETIME || value.kind() == Kind.STRING)) {
                Instant bound = parseDatetime(value.text());
                if (bound == null) {
                    throw new Invalid("Invalid filter query expression: invalid datetime \"" + value.text() + "\"");
                }
                cmp = when.compareTo(bound);
            } else if (actual.isNumber() && value.kind() == Kind.NUMBER) {
                cmp = Double.compare(actual.asDouble(), Double.parseDouble(value.text()));
            } else {
                String a = actual.asText();
                if (op.equals("~") || op.equals("!~")) {
                    boolean contains = a.toLowerCase(Locale.ROOT).contains(value.text().toLowerCase(Locale.ROOT));
                    return op.equals("~") == contains;
                }
                cmp = a.compareTo(value.text());
            }
            return switch (op) {
                case "=", "~" -> cmp == 0;
                case "!=", "!~" -> cmp != 0;
                case ">" -> cmp > 0;
                case ">=" -> cmp >= 0;
                case "<" -> cmp < 0;
                default -> cmp <= 0;
            };
        }
    }

    /** Applies q, then sort (or the endpoint's default order) to a list. */
    static List<ObjectNode> apply(List<ObjectNode> items, String q, String sort, String defaultSort, ObjectNode template) {
        Predicate<ObjectNode> keep = filter(q, template);
        List<ObjectNode> out = new ArrayList<>(items.stream().filter(keep).toList());
        String order = sort == null || sort.isBlank() ? defaultSort : sort;
        if (order != null) {
            out.sort(sort(order, template));
        }
        return out;
    }
}
