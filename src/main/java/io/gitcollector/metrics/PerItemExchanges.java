package io.gitcollector.metrics;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.micrometer.eventnotifier.MicrometerExchangeEventNotifier;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/**
 * Camel's per-endpoint exchange timer ({@code camel_exchange_event_notifier_seconds}) leaves out the exchanges the
 * collector makes per item (a mapper run on one pull request, the child resources read for one pull request):
 * looking its meters up in the registry on every exchange cost a fifth of a large sync's CPU. Their routes' {@code camel_route_policy_seconds} and
 * {@code camel_exchanges_*} still count them; every other endpoint (collect:, the API client, Kafka) is timed.
 */
@Component
public class PerItemExchanges implements CamelContextConfiguration {

    /** Set on an exchange made for one item; its value is ignored. */
    public static final String MARK = "collector.perItem";

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        // the starter adds its notifier while the context starts
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        camelContext.getManagementStrategy().getEventNotifiers().stream()
                .filter(MicrometerExchangeEventNotifier.class::isInstance)
                .map(MicrometerExchangeEventNotifier.class::cast)
                .forEach(notifier -> {
                    java.util.function.Predicate<Exchange> ignored = notifier.getIgnoreExchanges();
                    notifier.setIgnoreExchanges(ignored == null ? PerItemExchanges::perItem
                            : ignored.or(PerItemExchanges::perItem));
                });
    }

    private static boolean perItem(Exchange exchange) {
        return exchange.getProperty(MARK) != null;
    }
}
