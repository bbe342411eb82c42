package io.blufio.tools;

import io.blufio.ErrorCode;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides which addresses {@code http_fetch} may connect to (OWASP SSRF Prevention Cheat Sheet). The host
 * of every URL, including each redirect target, is resolved and every address it resolves to is checked;
 * the fetch then connects to the checked address itself, so a second DNS answer (rebinding) is never
 * used. Refused unless inside a block of {@code tools.http_allow_private}: loopback, unspecified, private
 * (RFC 1918, IPv6 unique local), link-local (with the cloud metadata address 169.254.169.254), CGNAT
 * (100.64.0.0/10, RFC 6598), multicast, broadcast and reserved, documentation and benchmarking blocks,
 * and IPv6 forms that carry an IPv4 address (IPv4-mapped and -compatible, NAT64, 6to4, Teredo).
 * Host names {@code localhost} and {@code *.localhost} (RFC 6761) are refused without a lookup, and IPv4
 * literals in any form but plain dotted decimal (decimal, octal, hex, short forms) are refused, since
 * resolvers disagree on what they mean.
 */
final class SsrfGuard {
    private final List<Cidr> allowed;
    private final HostResolver resolver;

    /** @param allowPrivate {@code tools.http_allow_private}: CIDR blocks exempt from the guard */
    SsrfGuard(List<String> allowPrivate, HostResolver resolver) {
        this.allowed = allowPrivate.stream().map(c -> Cidr.parse("tools.http_allow_private", c)).toList();
        this.resolver = resolver;
    }

    /**
     * Returns the address to connect to for {@code uri}'s host: the first it resolves to, once all of
     * them passed the guard.
     *
     * @throws ToolRefusal {@code fetch_refused} naming the host, the address and its kind
     */
    InetAddress check(URI uri) {
        String host = uri.getHost();
        if (host == null || host.isBlank()) throw refused(uri, "it has no host name that can be parsed");
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        while (host.endsWith(".")) host = host.substring(0, host.length() - 1);
        if (host.equals("localhost") || host.endsWith(".localhost")) throw refused(uri, host + " is a loopback name");
        InetAddress[] addresses;
        if (host.contains(":")) {
            addresses = new InetAddress[] {literal(uri, host)};
        } else if (looksNumeric(host)) {
            if (!host.matches("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}")) {
                throw refused(uri, host + " is an IPv4 address in a non-standard form (octal, hex, decimal or short)");
            }
            addresses = new InetAddress[] {literal(uri, host)};
        } else {
            try {
                addresses = resolver.resolve(host);
            } catch (UnknownHostException e) {
                throw new ToolRefusal(ErrorCode.FETCH_FAILED, "cannot resolve " + host + ": unknown host");
            }
        }
        if (addresses.length == 0) throw new ToolRefusal(ErrorCode.FETCH_FAILED, "cannot resolve " + host + ": no address");
        for (InetAddress a : addresses) {
            Optional<String> kind = kind(a);
            if (kind.isPresent() && allowed.stream().noneMatch(c -> c.contains(a))) {
                throw refused(uri, host + " resolves to " + a.getHostAddress() + ", a " + kind.get()
                        + " address; add its block to tools.http_allow_private to allow it");
            }
        }
        return addresses[0];
    }

    private static boolean looksNumeric(String host) {
        for (String part : host.split("\\.", -1)) {
            if (!part.matches("0x[0-9a-f]*|[0-9]+")) return false;
        }
        return true;
    }

    private static InetAddress literal(URI uri, String text) {
        try {
            return InetAddress.getByName(text);  // a literal: no lookup
        } catch (UnknownHostException e) {
            throw refused(uri, text + " is not a valid IP address");
        }
    }

    private static ToolRefusal refused(URI uri, String why) {
        return new ToolRefusal(ErrorCode.FETCH_REFUSED, "refused to fetch " + uri + ": " + why);
    }

    /** Returns what kind of non-public address {@code a} is, or empty for a public one. */
    static Optional<String> kind(InetAddress a) {
        byte[] b = a.getAddress();
        return Optional.ofNullable(b.length == 4 ? kind4(b[0] & 0xff, b[1] & 0xff, b[2] & 0xff, b[3] & 0xff) : kind6(b));
    }

    private static String kind4(int a, int b, int c, int d) {
        if (a == 169 && b == 254 && c == 169 && d == 254) return "cloud metadata (link-local)";
        if (a == 0) return "unspecified ('this network', 0.0.0.0/8)";
        if (a == 127) return "loopback";
        if (a == 10 || (a == 172 && (b & 0xf0) == 16) || (a == 192 && b == 168)) return "private (RFC 1918)";
        if (a == 100 && (b & 0xc0) == 64) return "CGNAT (100.64.0.0/10)";
        if (a == 169 && b == 254) return "link-local";
        if (a == 192 && b == 0 && c == 0) return "IETF protocol assignment (192.0.0.0/24)";
        if ((a == 192 && b == 0 && c == 2) || (a == 198 && b == 51 && c == 100) || (a == 203 && b == 0 && c == 113)) return "documentation";
        if (a == 198 && (b & 0xfe) == 18) return "benchmarking (198.18.0.0/15)";
        if (a >= 224 && a <= 239) return "multicast";
        if (a >= 240) return "reserved or broadcast";
        return null;
    }

    private static String kind6(byte[] b) {
        int w0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        int w1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        boolean first80Zero = true;
        for (int i = 0; i < 10; i++) first80Zero &= b[i] == 0;
        if (first80Zero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) return "IPv4-mapped IPv6";
        if (first80Zero && b[10] == 0 && b[11] == 0) {
            boolean rest = b[12] == 0 && b[13] == 0 && b[14] == 0;
            if (rest && b[15] == 0) return "unspecified";
            if (rest && b[15] == 1) return "loopback";
            return "IPv4-compatible IPv6";
        }
        if (w0 == 0x0064 && w1 == 0xff9b) return "NAT64 (64:ff9b::/96)";
        if (w0 == 0x2002) return "6to4 (2002::/16)";
        if (w0 == 0x2001 && w1 == 0x0000) return "Teredo (2001::/32)";
        if (w0 == 0x2001 && w1 == 0x0db8) return "documentation";
        if ((w0 & 0xfe00) == 0xfc00) return "unique local (fc00::/7)";
        if ((w0 & 0xffc0) == 0xfe80) return "link-local";
        if ((w0 & 0xffc0) == 0xfec0) return "site-local";
        if ((w0 & 0xff00) == 0xff00) return "multicast";
        return null;
    }
}
