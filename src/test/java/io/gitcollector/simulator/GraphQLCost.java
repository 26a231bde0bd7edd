package io.gitcollector.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import graphql.language.Argument;
import graphql.language.BooleanValue;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.SourceLocation;
import graphql.language.Value;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;

/**
 * GitHub's static analysis of a query, before it runs (docs: "Rate limits and query limits for the GraphQL
 * API"). A connection is a field with a {@code first} or {@code last} argument. Its node count is the product of
 * the {@code first}/{@code last} values on the path down to it, included; the query's nodeCount is their sum.
 * Its requests are the product above it (1 under the root); the query costs the requests' sum over 100,
 * rounded, at least 1. Also GitHub's pagination rules: a value over 100 is refused (EXCESSIVE_PAGINATION), and
 * so is a connection whose {@code nodes} or {@code edges} are asked without either argument
 * (MISSING_PAGINATION_BOUNDARIES: a bare {@code comments{totalCount}} is allowed, and costs nothing).
 */
final class GraphQLCost {

    static final long NODE_LIMIT = 500_000;
    static final int PAGE_LIMIT = 100;

    /** One refusal, in GitHub's error shape. */
    record Violation(String type, String message, List<String> path, SourceLocation location) {
    }

    /** What the analysis found; {@code dryRun} when the query asked {@code rateLimit(dryRun: true)}. */
    record Analysis(long nodeCount, long requests, int cost, boolean dryRun, List<Violation> violations) {
    }

    private final Map<String, FragmentDefinition> fragments;
    private final Map<String, Object> variables;
    private final Map<String, Value> defaults;
    private long nodeCount;
    private long requests;
    private boolean dryRun;
    private final List<Violation> violations = new ArrayList<>();

    private GraphQLCost(Document document, OperationDefinition operation, Map<String, Object> variables) {
        this.fragments = new java.util.HashMap<>();
        document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
        this.variables = variables == null ? Map.of() : variables;
        this.defaults = new java.util.HashMap<>();
        for (VariableDefinition v : operation.getVariableDefinitions()) {
            if (v.getDefaultValue() != null) {
                defaults.put(v.getName(), v.getDefaultValue());
            }
        }
    }

    /** Analyses the operation named {@code operationName} (or the only one) of a parsed, valid document. */
    static Analysis of(Document document, String operationName, Map<String, Object> variables) {
        OperationDefinition operation = document.getDefinitionsOfType(OperationDefinition.class).stream()
                .filter(o -> operationName == null || operationName.equals(o.getName()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no operation " + operationName));
        GraphQLCost cost = new GraphQLCost(document, operation, variables);
        cost.visit(operation.getSelectionSet(), 1, List.of(), true);
        int points = (int) Math.max(1, Math.round(cost.requests / 100.0));
        return new Analysis(cost.nodeCount, cost.requests, points, cost.dryRun, List.copyOf(cost.violations));
    }

    /** GitHub's refusal of a query over the node limit. */
    static String nodeLimitMessage(long nodeCount) {
        return String.format(Locale.US, "This query requests up to %,d possible nodes which exceeds the maximum limit of %,d.",
                nodeCount, NODE_LIMIT);
    }

    private void visit(SelectionSet set, long fanOut, List<String> path, boolean root) {
        if (set == null) {
            return;
        }
        for (Selection<?> selection : set.getSelections()) {
            if (selection instanceof Field field) {
                visitField(field, fanOut, path, root);
            } else if (selection instanceof InlineFragment inline) {
                visit(inline.getSelectionSet(), fanOut, path, root);
            } else if (selection instanceof FragmentSpread spread) {
                FragmentDefinition fragment = fragments.get(spread.getName());
                if (fragment != null) {
                    visit(fragment.getSelectionSet(), fanOut, path, root);
                }
            }
        }
    }

    private void visitField(Field field, long fanOut, List<String> parentPath, boolean root) {
        List<String> path = new ArrayList<>(parentPath);
        path.add(field.getAlias() != null ? field.getAlias() : field.getName());
        if (root && field.getName().equals("rateLimit") && Boolean.TRUE.equals(bool(field, "dryRun"))) {
            dryRun = true;
        }
        Long first = integer(field, "first");
        Long last = integer(field, "last");
        Long page = first != null ? first : last;
        long childFanOut = fanOut;
        if (page != null) {
            if (page > PAGE_LIMIT) {
                violations.add(new Violation("EXCESSIVE_PAGINATION", "Requesting " + page + " records on the `"
                        + field.getName() + "` connection exceeds the `" + (first != null ? "first" : "last")
                        + "` limit of " + PAGE_LIMIT + " records.", path, field.getSourceLocation()));
            }
            requests += fanOut;
            childFanOut = fanOut * Math.max(0, page);
            nodeCount += childFanOut;
        } else if (asksForNodes(field.getSelectionSet())) {
            violations.add(new Violation("MISSING_PAGINATION_BOUNDARIES", "You must provide a `first` or `last` value to "
                    + "properly paginate the `" + field.getName() + "` connection.", path, field.getSourceLocation()));
        }
        visit(field.getSelectionSet(), childFanOut, path, false);
    }

    /** Whether a selection asks for a connection's {@code nodes} or {@code edges} (through fragments too). */
    private boolean asksForNodes(SelectionSet set) {
        if (set == null) {
            return false;
        }
        for (Selection<?> selection : set.getSelections()) {
            if (selection instanceof Field f && (f.getName().equals("nodes") || f.getName().equals("edges"))
                    && f.getSelectionSet() != null) {
                return true;
            }
            if (selection instanceof InlineFragment inline && asksForNodes(inline.getSelectionSet())) {
                return true;
            }
            if (selection instanceof FragmentSpread spread && fragments.containsKey(spread.getName())
                    && asksForNodes(fragments.get(spread.getName()).getSelectionSet())) {
                return true;
            }
        }
        return false;
    }

    private Long integer(Field field, String name) {
        Object value = argument(field, name);
        if (value instanceof IntValue i) {
            return i.getValue().longValue();
        }
        return value instanceof Number n ? n.longValue() : null;
    }

    private Boolean bool(Field field, String name) {
        Object value = argument(field, name);
        if (value instanceof BooleanValue b) {
            return b.isValue();
        }
        return value instanceof Boolean b ? b : null;
    }

    /** An argument's literal, or its variable's value (or the variable's default literal); null when absent. */
    private Object argument(Field field, String name) {
        Argument argument = field.getArguments().stream().filter(a -> a.getName().equals(name)).findFirst().orElse(null);
        if (argument == null) {
            return null;
        }
        Value<?> value = argument.getValue();
        if (value instanceof VariableReference ref) {
            if (variables.containsKey(ref.getName())) {
                return variables.get(ref.getName());
            }
            return defaults.get(ref.getName());
        }
        return value;
    }
}
