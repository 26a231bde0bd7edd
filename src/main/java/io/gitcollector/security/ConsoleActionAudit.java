package io.gitcollector.security;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Audits what an admin does through the console: each Jolokia {@code exec} (stop a route, run an
 * operation) and {@code write} (set an attribute) with its MBean and operation or attribute, and any other
 * write under /actuator with its path. Reads, lists and searches are not actions, and Hawtio polls them
 * every few seconds: they are not audited.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
public class ConsoleActionAudit extends OncePerRequestFilter {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final int MAX_TARGETS = 50;

    private final AuditLog audit;
    private final ObjectMapper mapper;

    public ConsoleActionAudit(AuditLog audit, ObjectMapper mapper) {
        this.audit = audit;
        this.mapper = mapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = ContainerPath.of(request);
        if (READS.contains(request.getMethod()) || !path.startsWith("/actuator/") || path.startsWith("/actuator/health")) {
            chain.doFilter(request, response);
            return;
        }
        List<String[]> actions = path.startsWith("/actuator/jolokia") && request instanceof CachedBodyRequest cached
                ? jolokiaActions(cached.body()) : List.<String[]>of(new String[] {AuditRecord.ACTUATOR_WRITE, path});
        try {
            chain.doFilter(request, response);
        } finally {
            Caller caller = Caller.of(request);
            for (String[] action : actions) {
                audit.record(new AuditRecord(caller, action[0], request.getMethod(), path, null, null, "completed",
                        response.getStatus(), null, request.getRemoteAddr(), action[1]));
            }
        }
    }

    /** The exec and write requests of a Jolokia body (one request or a bulk array), as action and target. */
    private List<String[]> jolokiaActions(byte[] body) {
        List<String[]> actions = new ArrayList<>();
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            return actions; // Jolokia answers it with its own error; nothing ran
        }
        Iterable<JsonNode> requests = root != null && root.isArray() ? root : root == null ? List.of() : List.of(root);
        for (JsonNode one : requests) {
            String type = one.path("type").asText("");
            if (type.equalsIgnoreCase("exec")) {
                actions.add(new String[] {AuditRecord.CONSOLE_EXEC, one.path("mbean").asText("") + " "
                        + one.path("operation").asText("") + " (" + one.path("arguments").size() + " arguments)"});
            } else if (type.equalsIgnoreCase("write")) {
                actions.add(new String[] {AuditRecord.CONSOLE_WRITE, one.path("mbean").asText("") + " "
                        + one.path("attribute").asText("")});
            }
            if (actions.size() == MAX_TARGETS) {
                break; // one bulk request of thousands must not become thousands of audit events
            }
        }
        return actions;
    }
}
