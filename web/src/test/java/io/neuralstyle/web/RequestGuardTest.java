package io.neuralstyle.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The guard's names, without a server. */
class RequestGuardTest {
    @Test
    void hostNamesLoseTheirPortAndBrackets() {
        assertEquals("127.0.0.1", RequestGuard.hostName("127.0.0.1:8080"));
        assertEquals("::1", RequestGuard.hostName("[::1]:8080"));
        assertEquals("attacker.example", RequestGuard.hostName("Attacker.Example:8080"));
        assertEquals("localhost", RequestGuard.hostName("localhost"));
    }

    @Test
    void aWildcardHostPrintsAnAddressAPersonCanOpenAndTheGuardAllows() {
        String name = RequestGuard.openableName("0.0.0.0");
        assertNotEquals("0.0.0.0", name, "0.0.0.0 is not an address another machine can open");
        assertTrue(new RequestGuard("0.0.0.0").hosts().contains(name.toLowerCase(java.util.Locale.ROOT)),
                name + " in " + new RequestGuard("0.0.0.0").hosts());
        assertEquals("127.0.0.1", RequestGuard.openableName("127.0.0.1"));
        assertTrue(!new RequestGuard("127.0.0.1").hosts().contains("attacker.example"));
    }
}
