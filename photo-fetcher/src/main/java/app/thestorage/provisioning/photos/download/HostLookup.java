package app.thestorage.provisioning.photos.download;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Finds a host's addresses, once per request: the addresses found are vetted and the connection goes to one of them,
 * never to a second lookup's answer. The system resolver in production; tests substitute one.
 */
@FunctionalInterface
public interface HostLookup {

    HostLookup SYSTEM = InetAddress::getAllByName;

    InetAddress[] addressesOf(String host) throws UnknownHostException;
}
