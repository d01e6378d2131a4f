package io.neuralstyle.cli;

import io.neuralstyle.transfer.Version;
import picocli.CommandLine;

/** What --version shows. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"neural-style " + Version.current()};
    }
}
