package org.kiste.dav;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body opened on its first read: Jetty answers {@code Expect: 100-continue} when the body is opened, so
 * a write refused before it reads (507 by the announced length, 403, 409 …) gets its final status without a
 * {@code 100 Continue} first.
 */
final class LazyRequestBody extends InputStream {
    private final HttpServletRequest req;
    private InputStream in;

    LazyRequestBody(HttpServletRequest req) {
        this.req = req;
    }

    private InputStream in() throws IOException {
        if (in == null) {
            in = req.getInputStream();
        }
        return in;
    }

    @Override
    public int read() throws IOException {
        return in().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return in().read(b, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
        return in().skip(n);
    }

    @Override
    public int available() throws IOException {
        return in == null ? 0 : in.available();
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
        }
    }
}
