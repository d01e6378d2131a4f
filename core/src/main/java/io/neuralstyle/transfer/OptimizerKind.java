package io.neuralstyle.transfer;

import java.util.Locale;

/** The optimizers a run can use. */
public enum OptimizerKind {
    /** L-BFGS with a line search, as in the paper. */
    LBFGS,
    /** Adam: less memory, steadier on very large images, usually needs more iterations. */
    ADAM;

    /**
     * Parses "lbfgs" (or "l-bfgs") or "adam", any case.
     *
     * @throws SettingsException naming the setting {@code optimizer} for anything else
     */
    public static OptimizerKind parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "lbfgs", "l-bfgs" -> LBFGS;
            case "adam" -> ADAM;
            default -> throw SettingKey.OPTIMIZER.invalid("unknown optimizer '" + s + "': use lbfgs or adam");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
