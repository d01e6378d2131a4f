package io.neuralstyle.cli;

import io.neuralstyle.image.ImageException;
import io.neuralstyle.model.WeightsException;
import io.neuralstyle.transfer.SettingsException;
import io.neuralstyle.transfer.TransferException;
import picocli.CommandLine;

/**
 * Turns a failure into one line on standard error and exit code 1. The user's problems (an image,
 * the weights, a setting, a run that cannot go on, or what the command line itself refuses) are
 * shown as their messages say, a setting named by its option ({@code style-weight} as
 * {@code --style-weight}); a setting that reaches here came from an option (a settings file's are
 * reported as the file's before), so it is a bad option: exit code 2, as picocli's own. Anything else is a bug and says so, IllegalArgumentException included:
 * NEURAL_STYLE_DEBUG=1 adds the stack trace for the report.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
        cl.getErr().println("neural-style: " + message(e));
        if (System.getenv("NEURAL_STYLE_DEBUG") != null) {
            e.printStackTrace(cl.getErr());
        }
        cl.getErr().flush();
        return e instanceof SettingsException ? cl.getCommandSpec().exitCodeOnInvalidInput() : 1;
    }

    static String message(Throwable e) {
        if (e instanceof SettingsException s) {
            return s.message(key -> "--" + key);
        }
        if (e instanceof ImageException || e instanceof WeightsException || e instanceof UserException
                || e instanceof TransferException) {
            return e.getMessage();
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
                .orElse("");
        return "unexpected error: " + detail + " (set NEURAL_STYLE_DEBUG=1 and run again for details to report)";
    }
}
