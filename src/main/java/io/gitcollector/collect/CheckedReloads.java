package io.gitcollector.collect;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;
import org.springframework.stereotype.Component;

/** Puts {@link CheckedRoutesLoader} in front of Camel's routes loader, which the live reload of routes/ calls. */
@Component
public class CheckedReloads implements CamelContextConfiguration {

    private final RefusedSources refused;

    public CheckedReloads(RefusedSources refused) {
        this.refused = refused;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        RoutesLoader loader = PluginHelper.getRoutesLoader(camelContext);
        if (!(loader instanceof CheckedRoutesLoader)) {
            camelContext.getCamelContextExtension().addContextPlugin(RoutesLoader.class, new CheckedRoutesLoader(loader, refused));
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        // installed before the start, so that no reload goes around it
    }
}
