package org.kiste.dav.xml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8WriterTest {

    @Test
    void encodesLikeTheJdkWhateverTheSplitsAndBufferSize() throws IOException {
        Random rnd = new Random(7);
        char[] alphabet = "aZ<&é€ß\u0800\uFFFD".toCharArray();
        for (int round = 0; round < 300; round++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(200);
            for (int i = 0; i < len; i++) {
                if (rnd.nextInt(10) == 0) {
                    sb.appendCodePoint(0x1F600 + rnd.nextInt(50)); // a surrogate pair
                } else {
                    sb.append(alphabet[rnd.nextInt(alphabet.length)]);
                }
            }
            String s = sb.toString();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (Utf8Writer w = new Utf8Writer(bytes, 16 + rnd.nextInt(40))) {
                int at = 0;
                while (at < s.length()) {
                    int n = Math.min(s.length() - at, 1 + rnd.nextInt(7));
                    switch (rnd.nextInt(3)) {
                        case 0 -> w.write(s, at, n);
                        case 1 -> w.write(s.toCharArray(), at, n);
                        default -> {
                            n = 1;
                            w.write(s.charAt(at));
                        }
                    }
                    at += n;
                }
            }
            assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), bytes.toByteArray(), s);
        }
    }

    @Test
    void aLoneSurrogateBecomesAQuestionMarkAsWithTheJdk() throws IOException {
        for (String s : new String[] {"a\uD83Db", "a\uDE00b", "end\uD83D", "\uDE00\uD83D\uDE00"}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (Utf8Writer w = new Utf8Writer(bytes, 16)) {
                w.write(s);
            }
            assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), bytes.toByteArray(), s);
        }
    }

    @Test
    void escapedNumbersAndPreparedBytesComeOutAsTheWriterPathWritesThem() throws IOException {
        Random rnd = new Random(11);
        char[] alphabet = "aZ<&>\"\r\n\t\u0001é€\uFFFE\uFFFF\uD83D\uDE00".toCharArray();
        for (int round = 0; round < 300; round++) {
            ByteArrayOutputStream fast = new ByteArrayOutputStream();
            ByteArrayOutputStream slow = new ByteArrayOutputStream();
            int size = 16 + rnd.nextInt(40);
            try (Utf8Writer f = new Utf8Writer(fast, size);
                    java.io.Writer w = new java.io.OutputStreamWriter(slow, StandardCharsets.UTF_8)) {
                for (int part = 0; part < 6; part++) {
                    switch (rnd.nextInt(3)) {
                        case 0 -> {
                            StringBuilder sb = new StringBuilder();
                            for (int i = rnd.nextInt(60); i > 0; i--) {
                                sb.append(alphabet[rnd.nextInt(alphabet.length)]);
                            }
                            boolean attribute = rnd.nextBoolean();
                            f.writeEscaped(sb.toString(), attribute);
                            w.write(XmlWriter.escape(sb.toString(), attribute));
                        }
                        case 1 -> {
                            long v = rnd.nextInt(4) == 0 ? rnd.nextLong() : rnd.nextInt(100_000);
                            f.writeDecimal(v);
                            w.write(Long.toString(v));
                        }
                        default -> {
                            String tag = rnd.nextBoolean() ? "<d:getetag>" : "<x:ä xmlns:x=\"urn:é\"/>";
                            f.writeUtf8(tag.getBytes(StandardCharsets.UTF_8));
                            w.write(tag);
                        }
                    }
                }
            }
            assertArrayEquals(slow.toByteArray(), fast.toByteArray(), "round " + round);
        }
    }
}
