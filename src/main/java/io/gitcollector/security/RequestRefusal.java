package io.gitcollector.security;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.model.ErrorBody;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * Answers a refused request with the one JSON error shape, and audits the refusal with who asked: Spring
 * Security's three refusals go through here too (no valid key: 401; too small a role: 403; a request the firewall
 * rejects, such as a path not in canonical form: 400), as do the security filters' and the body limit's own.
 */
@Component
public class RequestRefusal implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    static final String KEY_REQUIRED = "a valid API key is required: send it as 'Authorization: Bearer <key>' or "
            + "'X-API-Key: <key>'";
    static final String CONSOLE_KEY_REQUIRED = "a valid admin API key is required: a browser (Hawtio) signs in with "
            + "any user name and the key as the password (HTTP Basic); scripts send 'Authorization: Bearer <key>' or "
            + "'X-API-Key: <key>'";
    static final String NOT_CANONICAL = "the path is not in canonical form (no '..', '.', ';', '//', backslashes or "
            + "encoded dots and slashes)";

    private final AuditLog audit;
    private final ObjectMapper mapper;

    public RequestRefusal(AuditLog audit, ObjectMapper mapper) {
        this.audit = audit;
        this.mapper = mapper;
    }

    /** No valid key on a path that needs one: a missing and a wrong key get the same answer. */
    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        refuse(request, response, null, AuditRecord.DENIED, 401, "unauthorized",
                ContainerPath.of(request).startsWith("/actuator/") ? CONSOLE_KEY_REQUIRED : KEY_REQUIRED);
    }

    /** A valid key whose role is smaller than the one the path needs ({@link SecurityConfig}'s access rules). */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        Caller caller = Caller.of(request);
        Optional<Role> needed = neededRole(e);
        String message = needed.isPresent() && caller != null
                ? "this needs the " + needed.get().label() + " role; this key has the " + caller.role().label() + " role"
                : "this key's role may not do this";
        refuse(request, response, caller, AuditRecord.DENIED, 403, "forbidden", message);
    }

    /**
     * A request the firewall ({@link SecurityConfig#firewall()}) rejects. Its own message may quote a header's
     * value, a key among them: only the path's rejections are told apart, the rest get a message of their own.
     */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        String reason = e.getMessage() == null ? "" : e.getMessage();
        boolean path = reason.contains(" URL ") || reason.matches("The (requestURI|contextPath|servletPath|pathInfo) .*");
        refuse(request, response, null, AuditRecord.DENIED, 400, "bad_request", path ? NOT_CANONICAL
                : "the request has a method, header or parameter this service does not accept");
    }

    private static Optional<Role> neededRole(AccessDeniedException e) {
        if (e instanceof AuthorizationDeniedException denied
                && denied.getAuthorizationResult() instanceof AuthorityAuthorizationDecision decision) {
            return decision.getAuthorities().stream().map(authority -> authority.getAuthority().replaceFirst("^ROLE_", ""))
                    .flatMap(name -> java.util.Arrays.stream(Role.values()).filter(role -> role.name().equals(name)))
                    .min(Role::compareTo);
        }
        return Optional.empty();
    }

    /** A refusal of what the request asked for: audited as that action (a trigger, a replay), else as a denial. */
    void refuse(HttpServletRequest request, HttpServletResponse response, int status, String error, String message)
            throws IOException {
        refuse(request, response, Caller.of(request), actionOf(ContainerPath.of(request)), status, error, message);
    }

    void refuse(HttpServletRequest request, HttpServletResponse response, Caller caller, String action, int status,
                String error, String message) throws IOException {
        String path = ContainerPath.of(request);
        audit.record(new AuditRecord(caller, action, request.getMethod(), path, null, null, error, status, message,
                request.getRemoteAddr()));
        Map<String, Object> body = ErrorBody.of(status, error, message);
        response.setStatus(status);
        if (status == 401) {
            // Basic lets a browser ask for the key (Hawtio); API clients send a bearer token or X-API-Key.
            response.setHeader("WWW-Authenticate", path.startsWith("/actuator/")
                    ? "Basic realm=\"git-collector\", charset=\"UTF-8\"" : "Bearer realm=\"git-collector\"");
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        mapper.writeValue(response.getOutputStream(), body);
    }

    private static String actionOf(String path) {
        return switch (path) {
            case "/api/v1/collect/trigger" -> AuditRecord.TRIGGER;
            case "/api/v1/dead-letters/replay" -> AuditRecord.REPLAY;
            default -> AuditRecord.DENIED;
        };
    }
}
