package org.intranet.connector.store;

/** Counts of the changes made by applying one page of users. */
public record PageCounts(int created, int updated, int unchanged, int deactivated) {

    public static final PageCounts NONE = new PageCounts(0, 0, 0, 0);

    public PageCounts plus(PageCounts other) {
        return new PageCounts(created + other.created, updated + other.updated,
                unchanged + other.unchanged, deactivated + other.deactivated);
    }
}
