package io.gitcollector.collect;

/** The run cannot go on at all (its lock went to another run): no resource may continue after it. */
public class RunAbortedException extends IllegalStateException {

    public RunAbortedException(String message) {
        super(message);
    }
}
