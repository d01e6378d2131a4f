package io.neuralstyle.batch;

/**
 * How one item of a batch ended.
 *
 * @param item    the item
 * @param status  what happened
 * @param seconds wall time spent on it, reading and writing included
 * @param loss    the final loss of a painted item, NaN otherwise
 * @param message why it failed or stopped, in one line; empty otherwise
 */
public record ItemResult(BatchItem item, Status status, double seconds, double loss, String message)
        implements java.io.Serializable {
    /** An item the batch has not reached (yet). */
    public static ItemResult pending(BatchItem item) {
        return new ItemResult(item, Status.PENDING, 0, Double.NaN, "");
    }

    /** What happened to an item. */
    public enum Status {
        /** Painted and written. */
        DONE,
        /** Its output was already written with the same settings and inputs. */
        SKIPPED,
        /** It could not be painted; the message says why and what to do. */
        FAILED,
        /** Stopped part way (Ctrl-C); its checkpoint is kept, so the same batch run again goes on from it. */
        STOPPED,
        /** Not reached yet: the batch is still going, or was stopped or killed before it. */
        PENDING;

        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
