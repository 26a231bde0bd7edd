package io.gitcollector.collect;

import java.util.ArrayList;
import java.util.List;

/**
 * The repository URLs a discovery resource ({@code discover:}) read from an organization's listing, in the order the
 * platform listed them; the discovery that started the run schedules them once every page was read.
 */
public final class DiscoveredRepositories {

    private final List<String> urls = new ArrayList<>();

    synchronized void add(String url) {
        urls.add(url);
    }

    public synchronized List<String> urls() {
        return List.copyOf(urls);
    }
}
