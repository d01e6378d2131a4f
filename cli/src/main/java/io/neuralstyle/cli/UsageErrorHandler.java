package io.neuralstyle.cli;

import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A command line that cannot be understood (an unknown option, a missing or malformed value, a
 * missing --content or --style): one line on standard error that says what is wrong and where the
 * help is, and exit code 2. The help itself is not printed: hundreds of lines would push the one
 * that matters off the screen.
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        cl.getErr().println("neural-style: " + message(e) + "; see '" + cl.getCommandSpec().qualifiedName()
                + " --help'");
        cl.getErr().flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    static String message(ParameterException e) {
        if (e instanceof UnmatchedArgumentException u) {
            return unmatched(u);
        }
        String m = e.getMessage();
        return m.isEmpty() ? m : m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1);
    }

    /**
     * Names the unknown options, not the values after them: in {@code --stlye x.jpg}, x.jpg is the
     * value of the misspelt option, not a second mistake.
     */
    private static String unmatched(UnmatchedArgumentException u) {
        List<String> options = u.getUnmatched().stream().filter(a -> a.startsWith("-") && a.length() > 1)
                .map(a -> a.contains("=") ? a.substring(0, a.indexOf('=')) : a).distinct().toList();
        // Picocli puts the closest first; the others are only as near as a shared prefix.
        List<String> suggestions = u.getSuggestions();
        String didYouMean = suggestions.isEmpty() ? "" : " (did you mean " + suggestions.get(0) + "?)";
        if (!options.isEmpty()) {
            return (options.size() == 1 ? "unknown option " : "unknown options ") + String.join(", ", options)
                    + didYouMean;
        }
        String first = u.getUnmatched().get(0);
        return suggestions.isEmpty()
                ? "unexpected argument '" + first + "': files go after their options, e.g. --content " + first
                : "unknown command '" + first + "'" + didYouMean;
    }
}
