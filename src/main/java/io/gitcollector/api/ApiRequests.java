package io.gitcollector.api;

import io.gitcollector.security.AuditLog;
import io.gitcollector.security.AuditRecord;
import io.gitcollector.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.stereotype.Component;

/** Audits what a REST handler did for the caller the access filter let through. */
@Component
public class ApiRequests {

    private final AuditLog audit;

    public ApiRequests(AuditLog audit) {
        this.audit = audit;
    }

    /**
     * Records the outcome of a trigger or replay: the status is the reply's, or 500 when the handler failed
     * before it set one.
     */
    public void audit(Exchange exchange, String action, String repositoryId, String repositoryUrl, String outcome, String reason) {
        HttpServletRequest request = exchange.getIn() instanceof PlatformHttpMessage http ? http.getRequest() : null;
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        audit.record(new AuditRecord(Caller.of(request), action,
                request == null ? null : request.getMethod(),
                request == null ? null : request.getRequestURI(),
                repositoryId, repositoryUrl, outcome, status == null ? 500 : status, reason,
                request == null ? null : request.getRemoteAddr()));
    }
}
