package io.blufio.tools;

import io.blufio.config.ConfigException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address block such as {@code 10.0.0.0/8} or {@code fd00::/8} (RFC 4632, RFC 4291); a bare address
 * means that address alone. IPv4 blocks match IPv4 addresses only, IPv6 blocks IPv6 addresses only.
 *
 * @param network the block's first address bytes (4 or 16)
 * @param prefix leading bits that must match
 */
record Cidr(byte[] network, int prefix) {
    /**
     * Parses {@code text} (a literal address, never a host name: nothing is resolved).
     *
     * @param key config key named in the error, e.g. {@code tools.http_allow_private}
     * @throws ConfigException when it is not an address with an optional prefix length in range
     */
    static Cidr parse(String key, String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        if (!addr.matches("[0-9a-fA-F:.]+")) throw new ConfigException(key, "has \"" + text + "\", which is not an IP address or CIDR block like 10.0.0.0/8");
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException(key, "has \"" + text + "\", which is not an IP address or CIDR block like 10.0.0.0/8");
        }
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max) {
                throw new ConfigException(key, "has \"" + text + "\": the prefix length must be 0.." + max);
            }
        }
        return new Cidr(bytes, prefix);
    }

    /** Returns true when {@code a} lies in this block. */
    boolean contains(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length != network.length) return false;
        BigInteger mask = BigInteger.ONE.shiftLeft(b.length * 8).subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(b.length * 8 - prefix).subtract(BigInteger.ONE));
        return new BigInteger(1, b).and(mask).equals(new BigInteger(1, network).and(mask));
    }
}
