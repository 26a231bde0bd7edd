package io.gitcollector.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.identity.InvalidRepositoryUrlException;
import org.apache.camel.Exchange;
import org.springframework.dao.DataAccessException;

/**
 * One audited write of the REST API: its body answers and says what came of it (the outcome, a refusal's reason,
 * the repository or organization it was about); a bad request is a 400 and an unreachable Redis a 503 in the one
 * error shape; and the audit line is written whatever happened, an unexpected failure's too.
 */
final class AuditedWrite {

    /** What the request does, given the write to answer through. */
    interface Body {
        void answer(AuditedWrite write);
    }

    private final Exchange exchange;
    private final ObjectMapper mapper;
    private String action;
    private String targetId;
    private String targetUrl;
    private String outcome = "error"; // until the body says otherwise: an unexpected failure is audited too
    private String reason;

    private AuditedWrite(Exchange exchange, ObjectMapper mapper, String action) {
        this.exchange = exchange;
        this.mapper = mapper;
        this.action = action;
    }

    /** Runs the body; {@code undone} says what did not happen when Redis does not answer ("nothing was removed"). */
    static void run(Exchange exchange, ObjectMapper mapper, ApiRequests requests, String action, String undone, Body body) {
        AuditedWrite write = new AuditedWrite(exchange, mapper, action);
        try {
            body.answer(write);
        } catch (BadRequestException | InvalidRepositoryUrlException e) {
            write.refuse(400, "bad_request", e.getMessage());
            write.outcome("rejected");
        } catch (DataAccessException e) {
            write.refuse(503, "unavailable", "the state store (Redis) does not answer; " + undone);
            write.outcome("unavailable");
        } catch (RuntimeException e) {
            write.reason = e.getMessage();
            throw e;
        } finally {
            requests.audit(exchange, write.action, write.targetId, write.targetUrl, write.outcome, write.reason);
        }
    }

    /** The request turned out to be another action (a registration that names an organization). */
    void action(String action) {
        this.action = action;
    }

    /** The repository or organization the request is about, as the audit names it. */
    void about(String id, String url) {
        this.targetId = id;
        this.targetUrl = url;
    }

    void outcome(String outcome) {
        this.outcome = outcome;
    }

    void reply(int status, Object body) {
        JsonReply.send(exchange, mapper, status, body);
    }

    /** An error answer, its message kept as the audit's reason. */
    void refuse(int status, String error, String message) {
        this.reason = message;
        JsonReply.error(exchange, mapper, status, error, message);
    }
}
