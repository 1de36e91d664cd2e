package app.thestorage.provisioning.photos.download;

import app.thestorage.provisioning.photos.store.ImageType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Whether downloaded bytes are an image TheStorage keeps: PNG, JPEG, GIF or WebP recognised by their first bytes (never
 * by the Content-Type a server claims), with a readable header whose width and height are within the bound. PNG, JPEG
 * and GIF headers are read by ImageIO without decoding the pixels; WebP's by its VP8, VP8L or VP8X header.
 */
public final class ImageCheck {

    /** What the check found. */
    public sealed interface Verdict {
    }

    /** An image of a known format within the bound. */
    public record Image(String contentType, int width, int height) implements Verdict {
    }

    public record Refused(Refusal reason, String detail) implements Verdict {
    }

    private ImageCheck() {
    }

    public static Verdict check(byte[] bytes, int maxSide) {
        Optional<String> type = ImageType.of(bytes);
        if (type.isEmpty()) {
            return new Refused(Refusal.NOT_AN_IMAGE, "not a PNG, JPEG, GIF or WebP image");
        }
        int[] size = type.get().equals("image/webp") ? webpSize(bytes) : imageIoSize(bytes);
        if (size == null) {
            return new Refused(Refusal.TOO_MANY_PIXELS, "the " + type.get() + " header cannot be read");
        }
        if (size[0] < 1 || size[1] < 1 || size[0] > maxSide || size[1] > maxSide) {
            return new Refused(Refusal.TOO_MANY_PIXELS, size[0] + "x" + size[1] + " pixels, at most " + maxSide
                    + " per side");
        }
        return new Image(type.get(), size[0], size[1]);
    }

    private static int[] imageIoSize(byte[] bytes) {
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /** Width and height from the first chunk of a WebP file (RIFF, "WEBP", then VP8X, VP8 or VP8L). */
    private static int[] webpSize(byte[] b) {
        if (b.length < 30) {
            return null;
        }
        String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        return switch (chunk) {
            case "VP8X" -> new int[] {1 + u24(b, 24), 1 + u24(b, 27)};
            case "VP8 " -> (b[23] & 0xFF) == 0x9D && (b[24] & 0xFF) == 0x01 && (b[25] & 0xFF) == 0x2A
                    ? new int[] {u16(b, 26) & 0x3FFF, u16(b, 28) & 0x3FFF} : null;
            case "VP8L" -> {
                if ((b[20] & 0xFF) != 0x2F) {
                    yield null;
                }
                long bits = (b[21] & 0xFFL) | (b[22] & 0xFFL) << 8 | (b[23] & 0xFFL) << 16 | (b[24] & 0xFFL) << 24;
                yield new int[] {1 + (int) (bits & 0x3FFF), 1 + (int) ((bits >> 14) & 0x3FFF)};
            }
            default -> null;
        };
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static int u24(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16;
    }
}
