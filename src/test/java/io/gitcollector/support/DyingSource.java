package io.gitcollector.support;

import io.gitcollector.collect.JobContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The one step of the test-only source test-sources/faulty.yaml: the job dies of a real Error, chosen by its
 * repository's name: {@code …/out-of-memory-…} asks for an array larger than any heap, anything else recurses
 * without end.
 */
public class DyingSource implements Processor {

    @Override
    public void process(Exchange exchange) {
        String url = JobContext.from(exchange).job().repositoryUrl();
        if (url.contains("out-of-memory")) {
            long[] tooLarge = new long[Integer.MAX_VALUE - 8]; // 16 GB: refused at once, the heap is not filled
            exchange.getMessage().setBody(tooLarge.length);
            return;
        }
        exchange.getMessage().setBody(descend(0));
    }

    private static long descend(long depth) {
        return descend(depth + 1) + 1;
    }
}
