package fr.isoloir.limits;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The network a request comes from, as limits count it: an IPv4 address on its own, an IPv6 address by
 * its /64 (one subscriber, one LAN: a single host gets a whole /64 and can pick any address in it, so
 * counting exact IPv6 addresses would give an attacker unlimited budgets). IPv4-mapped IPv6 addresses
 * count as the IPv4 address. Anything unparsable counts as one shared "unknown" network.
 */
public final class ClientNetwork {

    /** Dotted quad, each part 0-255: Java would look anything else up as a host name. */
    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)");

    /** Where Keycloak gave no parsable address. */
    public static final String UNKNOWN = "unknown";

    private ClientNetwork() {}

    /**
     * The key of the network of {@code remoteAddress} (Keycloak's {@code ClientConnection.getRemoteAddr()}):
     * {@code 203.0.113.7}, {@code 2001:db8:1:2::/64}, or {@link #UNKNOWN}. Never resolves a host name.
     */
    public static String of(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.isBlank() || !remoteAddress.matches("[0-9A-Fa-f:.%a-zA-Z]{2,64}")) {
            return UNKNOWN;
        }
        String literal = remoteAddress.strip();
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        if (!literal.contains(":") && !IPV4.matcher(literal).matches()) {
            return UNKNOWN; // a host name or a damaged address: never looked up
        }
        try {
            byte[] bytes = InetAddress.getByName(literal).getAddress();
            if (bytes.length == 4) {
                return InetAddress.getByAddress(bytes).getHostAddress();
            }
            byte[] prefix = Arrays.copyOf(bytes, 8);
            return HexFormat.ofDelimiter(":").formatHex(prefix) + "::/64";
        } catch (UnknownHostException | IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
