package io.neuralstyle.web;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What keeps other web pages out of a studio on the person's own machine. Listening on loopback
 * is not enough: every page the person opens can send requests to 127.0.0.1.
 * <ul>
 * <li>Host allow-list on every request: a page that rebinds its own DNS name to 127.0.0.1 (DNS
 * rebinding) reaches the server under its own name, which is refused here, so it reads nothing.
 * <li>Origin check on every request to the API: a page of another origin (another port of
 * 127.0.0.1 included) can send a POST without reading its answer ({@code mode: 'no-cors'}, a form);
 * browsers mark such requests with {@code Origin} and {@code Sec-Fetch-Site}, and they are refused
 * before anything is read. Clients that are not browsers (curl, scripts) send neither and pass.
 * <li>Protective headers on every answer: the page cannot be framed, types are not sniffed, no
 * script but the page's own runs, and other sites cannot embed its pictures.
 * </ul>
 */
final class RequestGuard {
    /** The page uses its own script, style sheet and images, previews as blob: URLs, nothing else. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' blob: data:; object-src 'none';"
            + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final Set<String> hosts;

    /** @param configuredHost the address the server listens on, allowed as a name besides loopback's */
    RequestGuard(String configuredHost) {
        this.hosts = allowedHosts(configuredHost);
    }

    /** The host names requests may carry, lower case, IPv6 without brackets. */
    Set<String> hosts() {
        return hosts;
    }

    /** Adds the protective headers, then refuses a foreign Host or a cross-origin request to the API. */
    void check(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");

        String host = ctx.header("Host");
        if (host == null || !hosts.contains(hostName(host))) {
            throw new ApiException(403, "this studio answers only under the names of this machine (" + String.join(", ",
                    hosts) + "), not " + (host == null ? "a request without a Host header" : "'" + host + "'")
                    + ": open it at the address the server printed");
        }
        if (!ctx.path().startsWith("/api/")) {
            return; // the page itself may be opened from a link on any site
        }
        String site = ctx.header("Sec-Fetch-Site");
        String origin = ctx.header("Origin");
        boolean foreignSite = site != null && !site.equals("same-origin") && !site.equals("none");
        boolean foreignOrigin = origin != null && !sameOrigin(origin, host);
        if (foreignSite || foreignOrigin) {
            throw new ApiException(403, "refused a request that another site's page sent (origin "
                    + (origin == null ? site : origin) + "): the studio's API takes requests only from its own page"
                    + " or from programs such as curl");
        }
    }

    /** Whether {@code origin} is this server as the request's Host names it: same scheme, name and port. */
    private boolean sameOrigin(String origin, String host) {
        try {
            URI o = new URI(origin);
            String authority = o.getRawAuthority();
            return "http".equals(o.getScheme()) && authority != null
                    && authority.toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT))
                    && hosts.contains(hostName(authority));
        } catch (URISyntaxException e) {
            return false; // "null" (a sandboxed frame, a file: page) and anything unreadable
        }
    }

    /** The name part of a Host header or an origin's authority: lower case, no port, no IPv6 brackets. */
    static String hostName(String authority) {
        String a = authority.trim().toLowerCase(Locale.ROOT);
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            return end < 0 ? a : a.substring(1, end);
        }
        int colon = a.indexOf(':');
        return colon < 0 ? a : a.substring(0, colon);
    }

    /**
     * A name for {@code configuredHost} that a browser can open: the host itself, or for a wildcard
     * address (0.0.0.0, ::) this machine's first address that is not loopback, else its name.
     */
    static String openableName(String configuredHost) {
        try {
            if (!InetAddress.getByName(configuredHost).isAnyLocalAddress()) {
                return configuredHost;
            }
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof java.net.Inet4Address) {
                        return a.getHostAddress();
                    }
                }
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException | SocketException e) {
            return configuredHost;
        }
    }

    private static Set<String> allowedHosts(String configuredHost) {
        Set<String> names = new TreeSet<>(Set.of("localhost", "127.0.0.1", "::1", "0:0:0:0:0:0:0:1"));
        String configured = hostName(configuredHost.contains(":") && !configuredHost.startsWith("[")
                ? "[" + configuredHost + "]" : configuredHost);
        try {
            InetAddress address = InetAddress.getByName(configured);
            if (address.isAnyLocalAddress()) {
                // Listening on every address: each of this machine's own addresses and names is a way in.
                names.addAll(machineNames());
            } else {
                names.add(configured);
                names.add(address.getHostAddress().toLowerCase(Locale.ROOT));
            }
        } catch (UnknownHostException e) {
            names.add(configured);
        }
        return Collections.unmodifiableSet(names);
    }

    private static Set<String> machineNames() {
        Set<String> names = new TreeSet<>();
        try {
            InetAddress local = InetAddress.getLocalHost();
            names.add(local.getHostName().toLowerCase(Locale.ROOT));
            names.add(local.getCanonicalHostName().toLowerCase(Locale.ROOT));
        } catch (UnknownHostException e) {
            // No name for this machine: its addresses still work.
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    String text = a.getHostAddress().toLowerCase(Locale.ROOT);
                    int zone = text.indexOf('%');
                    names.add(zone < 0 ? text : text.substring(0, zone));
                }
            }
        } catch (SocketException e) {
            // No interface list: loopback and the machine's name remain.
        }
        return names;
    }
}
