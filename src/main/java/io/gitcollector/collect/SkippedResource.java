package io.gitcollector.collect;

/** A part of a resource (an embedded list) answered one of the resource's skipOnStatus statuses. */
final class SkippedResource extends RuntimeException {

    SkippedResource(String message) {
        super(message, null, false, false);
    }
}
