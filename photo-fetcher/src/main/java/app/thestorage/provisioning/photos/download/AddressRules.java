package app.thestorage.provisioning.photos.download;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which addresses a photo may be fetched from: only public ones. The address a tenant's URL leads to is data the
 * tenant controls, so everything that reaches into TheStorage's own network or the machine itself is refused:
 * loopback, unspecified, private (10/8, 172.16/12, 192.168/16), carrier-grade NAT (100.64/10), link-local
 * (169.254/16 with the cloud metadata address 169.254.169.254, fe80::/10), unique-local (fc00::/7, with the metadata
 * address fd00:ec2::254), site-local (fec0::/10), multicast, broadcast and reserved ranges, benchmarking (198.18/15),
 * and IPv6 forms embedding an IPv4 address (mapped ::ffff:0:0/96, compatible ::/96, NAT64 64:ff9b::/96, 6to4
 * 2002::/16) judged by the IPv4 address they embed.
 */
public final class AddressRules {

    private AddressRules() {
    }

    /** Whether a photo may be fetched from this address. */
    public static boolean isPublic(InetAddress address) {
        return switch (address) {
            case Inet4Address v4 -> isPublicV4(v4.getAddress());
            case Inet6Address v6 -> isPublicV6(v6.getAddress());
            default -> false;
        };
    }

    private static boolean isPublicV4(byte[] a) {
        int b0 = a[0] & 0xFF;
        int b1 = a[1] & 0xFF;
        return !(b0 == 0                                   // 0/8 "this network", 0.0.0.0 unspecified
                || b0 == 10                                // 10/8 private
                || b0 == 127                               // 127/8 loopback
                || (b0 == 100 && (b1 & 0xC0) == 64)        // 100.64/10 carrier-grade NAT
                || (b0 == 169 && b1 == 254)                // 169.254/16 link-local, cloud metadata
                || (b0 == 172 && (b1 & 0xF0) == 16)        // 172.16/12 private
                || (b0 == 192 && b1 == 168)                // 192.168/16 private
                || (b0 == 192 && b1 == 0 && (a[2] & 0xFF) == 0) // 192.0.0/24 protocol assignments
                || (b0 == 198 && (b1 & 0xFE) == 18)        // 198.18/15 benchmarking
                || b0 >= 224);                             // 224/4 multicast, 240/4 reserved, broadcast
    }

    private static boolean isPublicV6(byte[] a) {
        if (leadingZeroBytes(a, 10) && (a[10] & 0xFF) == 0xFF && (a[11] & 0xFF) == 0xFF) {
            return isPublicV4(last4(a));                   // ::ffff:a.b.c.d mapped
        }
        if (leadingZeroBytes(a, 12)) {
            return false;                                  // ::, ::1 and the deprecated compatible ::a.b.c.d
        }
        if ((a[0] & 0xFF) == 0x00 && (a[1] & 0xFF) == 0x64 && (a[2] & 0xFF) == 0xFF && (a[3] & 0xFF) == 0x9B
                && leadingZeroBytesFrom(a, 4, 12)) {
            return isPublicV4(last4(a));                   // 64:ff9b::a.b.c.d NAT64
        }
        if ((a[0] & 0xFF) == 0x20 && (a[1] & 0xFF) == 0x02) {
            return isPublicV4(new byte[] {a[2], a[3], a[4], a[5]}); // 2002:a.b.c.d::/48 6to4
        }
        int b0 = a[0] & 0xFF;
        int b1 = a[1] & 0xFF;
        return !((b0 & 0xFE) == 0xFC                       // fc00::/7 unique-local (fd00:ec2::254 metadata)
                || (b0 == 0xFE && (b1 & 0xC0) == 0x80)     // fe80::/10 link-local
                || (b0 == 0xFE && (b1 & 0xC0) == 0xC0)     // fec0::/10 site-local
                || b0 == 0xFF);                            // ff00::/8 multicast
    }

    private static boolean leadingZeroBytes(byte[] a, int count) {
        return leadingZeroBytesFrom(a, 0, count);
    }

    private static boolean leadingZeroBytesFrom(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] last4(byte[] a) {
        return new byte[] {a[12], a[13], a[14], a[15]};
    }
}
