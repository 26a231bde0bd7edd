package io.gitcollector.collect;

/** The resource's first page, or a list it embeds, answered one of its skipOnStatus statuses. */
final class SkippedResource extends RuntimeException {

    SkippedResource(String message) {
        super(message, null, false, false);
    }
}
