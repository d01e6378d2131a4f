package io.neuralstyle.cli;

import picocli.CommandLine;

/** Entry point of the {@code neural-style} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args);
        if (!StopOnSignal.signalled()) {
            // After Ctrl-C the JVM is already shutting down; calling exit would block forever.
            System.exit(code);
        }
    }

    /** Runs the command line and returns its exit code, without exiting: the tests call this. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new TransferCommand());
        // Added before the handlers below are set, so that they apply to the subcommands too.
        cl.addSubcommand(new ReconstructCommand());
        cl.addSubcommand(new FigureCommand());
        cl.addSubcommand("bench", new BenchCommand());
        cl.addSubcommand("serve", new ServeCommand());
        cl.addSubcommand(new BatchCommand());
        cl.addSubcommand(new VideoCommand());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler(new UsageErrorHandler());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        HelpLayout.apply(cl);
        return cl;
    }
}
