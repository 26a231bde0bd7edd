package io.gitcollector.secrets;

import io.gitcollector.config.CollectorProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;
import org.springframework.core.env.Environment;

/**
 * The backstop for logs: every string a structured log line holds (message, exception message, stack trace,
 * MDC and key-value pairs) goes through a {@link SecretRedactor} before it is written, whoever logged it.
 * Named in {@code logging.structured.json.customizer}; plain-text logs ({@code LOG_FORMAT} empty) lack it.
 * <p>
 * Spring Boot makes it by class name when logging starts, before any bean, handing it the
 * {@link Environment}: it binds {@code collector.*} from that itself rather than wait for the
 * {@code SecretRedactor} bean through a static holder, so no global state is needed and the first lines
 * of the start-up are redacted too.
 */
public class SecretRedactingLogMembers implements StructuredLoggingJsonMembersCustomizer<Object> {

    private final SecretRedactor redactor;

    public SecretRedactingLogMembers(Environment environment) {
        this.redactor = new SecretRedactor(bind(environment));
    }

    /**
     * A {@code collector.*} value that does not bind stops the start-up anyway, when the properties bean binds,
     * with Boot's message naming it: failing here would hide that message behind a logging failure.
     */
    private static CollectorProperties bind(Environment environment) {
        try {
            return Binder.get(environment).bind("collector", CollectorProperties.class).orElseGet(CollectorProperties::new);
        } catch (RuntimeException e) {
            return new CollectorProperties();
        }
    }

    @Override
    public void customize(JsonWriter.Members<Object> members) {
        members.applyingValueProcessor(JsonWriter.ValueProcessor.of(String.class, redactor::redact));
    }
}
