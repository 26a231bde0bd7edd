package io.gitcollector.collect;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

/** A {@code collect:<resource>} endpoint: producer only; sending to it collects the resource. */
public class ResourceEndpoint extends DefaultEndpoint {

    private final ResourceSpec spec;
    private final ResourceCollector collector;

    ResourceEndpoint(String uri, CollectComponent component, ResourceSpec spec, ResourceCollector collector) {
        super(uri, component);
        this.spec = spec;
        this.collector = collector;
    }

    @Override
    public Producer createProducer() {
        return new DefaultProducer(this) {
            @Override
            public void process(org.apache.camel.Exchange exchange) throws Exception {
                collector.collect(spec, exchange);
            }
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("collect: endpoints can only be sent to");
    }

    @Override
    public boolean isRemote() {
        return true;
    }
}
