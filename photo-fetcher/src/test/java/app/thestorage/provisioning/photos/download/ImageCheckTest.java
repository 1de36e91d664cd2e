package app.thestorage.provisioning.photos.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpg", "gif"})
    void a_real_image_is_accepted_with_its_size(String format) {
        assertThat(ImageCheck.check(image(format, 320, 200), 4096)).isEqualTo(new ImageCheck.Image(
                format.equals("jpg") ? "image/jpeg" : "image/" + format, 320, 200));
    }

    @Test
    void html_is_refused_whatever_it_is_served_as() {
        byte[] html = "<!doctype html><html><body>not a photo</body></html>".getBytes(StandardCharsets.UTF_8);

        assertThat(ImageCheck.check(html, 4096)).isInstanceOfSatisfying(ImageCheck.Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo(Refusal.NOT_AN_IMAGE));
    }

    @Test
    void an_image_beyond_the_pixel_bound_is_refused_from_its_header() {
        assertThat(ImageCheck.check(image("png", 4097, 8), 4096)).isEqualTo(
                new ImageCheck.Refused(Refusal.TOO_MANY_PIXELS, "4097x8 pixels, at most 4096 per side"));
        assertThat(ImageCheck.check(image("gif", 8, 5000), 4096)).isInstanceOf(ImageCheck.Refused.class);
        assertThat(ImageCheck.check(image("png", 4096, 8), 4096)).isInstanceOf(ImageCheck.Image.class);
    }

    @Test
    void a_png_signature_with_a_broken_header_is_refused() {
        byte[] broken = Arrays.copyOf(image("png", 64, 64), 12);

        assertThat(ImageCheck.check(broken, 4096)).isInstanceOfSatisfying(ImageCheck.Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo(Refusal.TOO_MANY_PIXELS));
    }

    @Test
    void webp_sizes_are_read_from_each_kind_of_header() {
        assertThat(ImageCheck.check(webpExtended(640, 480), 4096)).isEqualTo(new ImageCheck.Image("image/webp", 640, 480));
        assertThat(ImageCheck.check(webpLossless(300, 200), 4096)).isEqualTo(new ImageCheck.Image("image/webp", 300, 200));
        assertThat(ImageCheck.check(webpLossy(120, 90), 4096)).isEqualTo(new ImageCheck.Image("image/webp", 120, 90));
        assertThat(ImageCheck.check(webpExtended(16000, 16000), 4096)).isInstanceOfSatisfying(ImageCheck.Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo(Refusal.TOO_MANY_PIXELS));
    }

    static byte[] image(String format, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0x3366CC);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static byte[] webp(String chunk, byte[] data) {
        byte[] file = new byte[20 + data.length];
        System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, file, 0, 4);
        int size = file.length - 8;
        file[4] = (byte) size;
        file[5] = (byte) (size >> 8);
        System.arraycopy("WEBP".getBytes(StandardCharsets.US_ASCII), 0, file, 8, 4);
        System.arraycopy(chunk.getBytes(StandardCharsets.US_ASCII), 0, file, 12, 4);
        file[16] = (byte) data.length;
        System.arraycopy(data, 0, file, 20, data.length);
        return file;
    }

    private static byte[] webpExtended(int width, int height) {
        byte[] data = new byte[10];
        put24(data, 4, width - 1);
        put24(data, 7, height - 1);
        return webp("VP8X", data);
    }

    private static byte[] webpLossless(int width, int height) {
        byte[] data = new byte[10];
        data[0] = 0x2F;
        long bits = (width - 1) | ((long) (height - 1) << 14);
        data[1] = (byte) bits;
        data[2] = (byte) (bits >> 8);
        data[3] = (byte) (bits >> 16);
        data[4] = (byte) (bits >> 24);
        return webp("VP8L", data);
    }

    private static byte[] webpLossy(int width, int height) {
        byte[] data = new byte[10];
        data[3] = (byte) 0x9D;
        data[4] = 0x01;
        data[5] = 0x2A;
        data[6] = (byte) width;
        data[7] = (byte) (width >> 8);
        data[8] = (byte) height;
        data[9] = (byte) (height >> 8);
        return webp("VP8 ", data);
    }

    private static void put24(byte[] data, int at, int value) {
        data[at] = (byte) value;
        data[at + 1] = (byte) (value >> 8);
        data[at + 2] = (byte) (value >> 16);
    }
}
