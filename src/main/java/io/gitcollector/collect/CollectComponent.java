package io.gitcollector.collect;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.springframework.stereotype.Component;

/**
 * The {@code collect:} component: a source's YAML names a resource and its parameters, and the
 * engine fetches, pages, maps, dedups and publishes it.
 */
@Component("collect")
public class CollectComponent extends DefaultComponent {

    private final ResourceCollector collector;

    public CollectComponent(ResourceCollector collector) {
        this.collector = collector;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        ResourceSpec spec = ResourceSpec.fromParameters(remaining, new LinkedHashMap<>(parameters));
        parameters.clear();
        return new ResourceEndpoint(uri, this, spec, collector);
    }
}
