package io.gitcollector.support;

import java.nio.charset.StandardCharsets;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Every log line written while it is open, as the console prints it: each event goes through the console
 * appender's own encoder (ECS JSON in this service), so what is checked is what an operator would read.
 */
public final class PrintedLog implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final Encoder<ILoggingEvent> console;

    @SuppressWarnings("unchecked")
    private PrintedLog() {
        events.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        events.start();
        root.addAppender(events);
        console = root.getAppender("CONSOLE") instanceof OutputStreamAppender<?> appender
                ? (Encoder<ILoggingEvent>) appender.getEncoder() : null;
    }

    public static PrintedLog capture() {
        return new PrintedLog();
    }

    /** The lines so far; without a console appender, each event's message and stack trace. */
    public List<String> lines() {
        synchronized (events) {
            return List.copyOf(events.list).stream().map(this::printed).toList();
        }
    }

    private String printed(ILoggingEvent event) {
        if (console != null) {
            return new String(console.encode(event), StandardCharsets.UTF_8);
        }
        return event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy()));
    }

    @Override
    public void close() {
        root.detachAppender(events);
        events.stop();
    }
}
