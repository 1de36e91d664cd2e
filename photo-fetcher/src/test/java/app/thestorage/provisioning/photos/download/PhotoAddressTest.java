package app.thestorage.provisioning.photos.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhotoAddressTest {

    /** A DNS of our own: names the tests give, and IP literals as the system reads them (no lookup for those). */
    private static final HostLookup DNS = host -> switch (host) {
        case "photos.example.com" -> new InetAddress[] {InetAddress.getByName("93.184.216.34")};
        case "internal.example.com" -> new InetAddress[] {InetAddress.getByName("10.1.2.3")};
        case "mixed.example.com" -> new InetAddress[] {InetAddress.getByName("93.184.216.34"),
                InetAddress.getByName("192.168.1.10")};
        case "v6.example.com" -> new InetAddress[] {InetAddress.getByName("2606:2800:220:1:248:1893:25c8:1946")};
        case "nowhere.example.com" -> throw new UnknownHostException(host);
        default -> {
            if (host.matches("[0-9.]+|.*:.*")) {
                yield new InetAddress[] {InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        }
    };

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.0.1", "172.31.255.254", "192.168.0.1",
            "169.254.169.254", "169.254.1.1", "100.64.0.1", "100.127.255.254", "0.0.0.0", "224.0.0.1",
            "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1", "fec0::1",
            "::ffff:10.0.0.1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::10.0.0.1", "64:ff9b::a00:1",
            "2002:a00:1::1"})
    void an_address_that_is_not_public_is_refused(String address) throws Exception {
        assertThat(AddressRules.isPublic(InetAddress.getByName(address))).isFalse();
        assertThat(vet("https://" + (address.contains(":") ? "[" + address + "]" : address) + "/photo.png"))
                .isEqualTo(new PhotoAddress.Refused(Refusal.PRIVATE_ADDRESS,
                        address + " leads to an address that is not public"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "169.253.1.1",
            "2606:2800:220:1:248:1893:25c8:1946", "::ffff:93.184.216.34", "2002:5db8:d822::1"})
    void a_public_address_is_allowed(String address) throws Exception {
        assertThat(AddressRules.isPublic(InetAddress.getByName(address))).isTrue();
    }

    @Test
    void a_name_is_looked_up_once_and_the_connection_goes_to_the_address_found() throws Exception {
        PhotoAddress.Vetting vetting = vet("https://photos.example.com/u/ada.png");

        assertThat(vetting).isEqualTo(new PhotoAddress.Vetted(new PhotoAddress(
                URI.create("https://photos.example.com/u/ada.png"), "photos.example.com", 443,
                InetAddress.getByName("93.184.216.34"))));
    }

    @Test
    void a_name_leading_to_a_private_address_is_refused() {
        assertThat(vet("https://internal.example.com/ada.png")).isInstanceOfSatisfying(PhotoAddress.Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo(Refusal.PRIVATE_ADDRESS));
    }

    @Test
    void a_name_with_any_private_address_among_public_ones_is_refused() {
        assertThat(vet("https://mixed.example.com/ada.png")).isInstanceOfSatisfying(PhotoAddress.Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo(Refusal.PRIVATE_ADDRESS));
    }

    @Test
    void a_public_ipv6_name_is_allowed_and_an_unknown_name_refused() {
        assertThat(vet("https://v6.example.com:8443/a.png")).isInstanceOfSatisfying(PhotoAddress.Vetted.class,
                vetted -> assertThat(vetted.address().port()).isEqualTo(8443));
        assertThat(vet("https://nowhere.example.com/a.png")).isEqualTo(
                new PhotoAddress.Refused(Refusal.UNKNOWN_HOST, "nowhere.example.com has no address"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://photos.example.com/ada.png", "ftp://photos.example.com/ada.png",
            "file:///etc/passwd", "/relative/ada.png", "https://user:secret@photos.example.com/ada.png",
            "gopher://127.0.0.1:6379/_INFO"})
    void only_https_without_user_information_is_fetched(String uri) {
        assertThat(vet(uri)).isInstanceOfSatisfying(PhotoAddress.Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo(Refusal.NOT_HTTPS));
    }

    @Test
    void the_test_only_host_list_lets_a_named_host_lead_to_a_private_address_and_nothing_else() throws Exception {
        HostLookup local = host -> host.equals("photos.test")
                ? new InetAddress[] {InetAddress.getByName("127.0.0.1")} : DNS.addressesOf(host);

        assertThat(PhotoAddress.vet(URI.create("https://photos.test:8443/a.png"), local, Set.of("photos.test")))
                .isInstanceOf(PhotoAddress.Vetted.class);
        assertThat(PhotoAddress.vet(URI.create("https://photos.test:8443/a.png"), local, Set.of()))
                .isInstanceOf(PhotoAddress.Refused.class);
        assertThat(PhotoAddress.vet(URI.create("https://127.0.0.1:8443/a.png"), local, Set.of("photos.test")))
                .isInstanceOf(PhotoAddress.Refused.class);
    }

    private static PhotoAddress.Vetting vet(String uri) {
        return PhotoAddress.vet(URI.create(uri), DNS, Set.of());
    }
}
