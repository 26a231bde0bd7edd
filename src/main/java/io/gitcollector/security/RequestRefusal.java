package io.gitcollector.security;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.model.ErrorBody;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;

/** Answers a refused request with the one JSON error shape, and audits the refusal with who asked. */
@Component
public class RequestRefusal {

    private final AuditLog audit;
    private final ObjectMapper mapper;

    public RequestRefusal(AuditLog audit, ObjectMapper mapper) {
        this.audit = audit;
        this.mapper = mapper;
    }

    /** A refusal of what the request asked for: audited as that action (a trigger, a replay), else as a denial. */
    void refuse(HttpServletRequest request, HttpServletResponse response, int status, String error, String message)
            throws IOException {
        refuse(request, response, Caller.of(request), actionOf(ApiKeyFilter.pathOf(request)), status, error, message);
    }

    void refuse(HttpServletRequest request, HttpServletResponse response, Caller caller, String action, int status,
                String error, String message) throws IOException {
        String path = ApiKeyFilter.pathOf(request);
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
