package io.neuralstyle.cli;

import picocli.CommandLine;

/** The version shown by --version and written into outputs. */
final class Version implements CommandLine.IVersionProvider {
    static final String VERSION = "0.1.0";

    @Override
    public String[] getVersion() {
        return new String[] {"neural-style " + VERSION};
    }
}
