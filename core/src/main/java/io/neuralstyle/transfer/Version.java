package io.neuralstyle.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** This library's version, as the build wrote it (the project version in .mvn/maven.config). */
public final class Version {
    private static final String CURRENT = read();

    private Version() {
    }

    /** The version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String current() {
        return CURRENT;
    }

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream("/io/neuralstyle/version.properties")) {
            if (in == null) {
                throw new IllegalStateException("io/neuralstyle/version.properties is missing from the core jar:"
                        + " rebuild it with Maven");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the core's version.properties", e);
        }
    }
}
