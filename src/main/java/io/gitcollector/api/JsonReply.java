package io.gitcollector.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.model.ErrorBody;
import org.apache.camel.Exchange;

/** Writes a JSON body and status code onto a REST exchange. */
public final class JsonReply {

    private JsonReply() {
    }

    public static void send(Exchange exchange, ObjectMapper mapper, int status, Object body) {
        try {
            exchange.getMessage().setBody(mapper.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
    }

    public static void error(Exchange exchange, ObjectMapper mapper, int status, String error, String message) {
        send(exchange, mapper, status, ErrorBody.of(status, error, message));
    }
}
