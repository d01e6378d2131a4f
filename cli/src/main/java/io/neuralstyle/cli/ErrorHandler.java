package io.neuralstyle.cli;

import io.neuralstyle.image.ImageException;
import io.neuralstyle.model.WeightsException;
import picocli.CommandLine;

/**
 * Turns a failure into one line on standard error and exit code 1: users see what went wrong and
 * what to do, not a stack trace. NEURAL_STYLE_DEBUG=1 adds the trace for bug reports.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
        cl.getErr().println("neural-style: " + message(e));
        if (System.getenv("NEURAL_STYLE_DEBUG") != null) {
            e.printStackTrace(cl.getErr());
        }
        cl.getErr().flush();
        return 1;
    }

    static String message(Throwable e) {
        if (e instanceof ImageException || e instanceof WeightsException || e instanceof IllegalArgumentException
                || e instanceof UserException) {
            return e.getMessage();
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
                .orElse("");
        return "unexpected error: " + detail + " (set NEURAL_STYLE_DEBUG=1 and run again for details to report)";
    }
}
