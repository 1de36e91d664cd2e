package app.thestorage.provisioning.photos.download;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * A photo URL checked before anything is sent: an absolute https URI without credentials in it, whose host's
 * addresses, looked up once, are all public ({@link AddressRules}). The connection then goes to {@link #address()},
 * with the host name kept for TLS (SNI, certificate check) and the Host header.
 *
 * @param uri     the URL as asked for
 * @param host    its host name (an IPv6 literal without brackets)
 * @param port    its port (443 when none is given)
 * @param address the vetted address the connection goes to
 */
public record PhotoAddress(URI uri, String host, int port, InetAddress address) {

    /** What vetting a URL gave: the address to connect to, or why there is none. */
    public sealed interface Vetting {
    }

    public record Vetted(PhotoAddress address) implements Vetting {
    }

    public record Refused(Refusal reason, String detail) implements Vetting {
    }

    /**
     * @param privateHostsForTests host names whose addresses may be private: the test suite's own local server;
     *                             empty outside tests
     */
    public static Vetting vet(URI uri, HostLookup lookup, Set<String> privateHostsForTests) {
        if (uri == null || !uri.isAbsolute() || !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null
                || uri.getRawUserInfo() != null) {
            return new Refused(Refusal.NOT_HTTPS, "only https addresses without user information are fetched");
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        host = host.toLowerCase(Locale.ROOT);
        InetAddress[] addresses;
        try {
            addresses = lookup.addressesOf(host);
        } catch (UnknownHostException e) {
            return new Refused(Refusal.UNKNOWN_HOST, host + " has no address");
        }
        if (addresses == null || addresses.length == 0) {
            return new Refused(Refusal.UNKNOWN_HOST, host + " has no address");
        }
        if (!privateHostsForTests.contains(host)) {
            for (InetAddress address : addresses) {
                if (!AddressRules.isPublic(address)) {
                    return new Refused(Refusal.PRIVATE_ADDRESS, host + " leads to an address that is not public");
                }
            }
        }
        int port = uri.getPort() == -1 ? 443 : uri.getPort();
        return new Vetted(new PhotoAddress(uri, host, port, addresses[0]));
    }
}
