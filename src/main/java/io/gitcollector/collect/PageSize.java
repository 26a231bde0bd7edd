package io.gitcollector.collect;

/**
 * The page size of a query that the platform may find too large to answer in time: halved after such an answer
 * (down to 1), and doubled back after each answer that came, up to the size the source asks for.
 */
final class PageSize {

    private final int max;
    private int current;

    PageSize(int max) {
        this.max = Math.max(1, max);
        this.current = this.max;
    }

    int current() {
        return current;
    }

    /** @return false when the page is already 1 item: nothing smaller to ask for */
    boolean shrink() {
        if (current == 1) {
            return false;
        }
        current = Math.max(1, current / 2);
        return true;
    }

    void answered() {
        current = Math.min(max, current * 2);
    }
}
