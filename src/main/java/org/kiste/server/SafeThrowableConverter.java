package org.kiste.server;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/**
 * {@code %safeEx} in {@code logback.xml}: a stack trace whose exception messages (which may quote a request: a
 * path, a header, a name) went through {@link LogRedaction}; the trace keeps its own lines.
 */
public final class SafeThrowableConverter extends ThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        return super.throwableProxyToString(Cleaned.of(tp));
    }

    private record Cleaned(IThrowableProxy raw) implements IThrowableProxy {
        static IThrowableProxy of(IThrowableProxy tp) {
            return tp == null || tp instanceof Cleaned ? tp : new Cleaned(tp);
        }

        @Override
        public String getOverridingMessage() {
            return LogRedaction.clean(raw.getOverridingMessage());
        }

        @Override
        public String getMessage() {
            return LogRedaction.clean(raw.getMessage());
        }

        @Override
        public String getClassName() {
            return raw.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return raw.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return raw.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return of(raw.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] s = raw.getSuppressed();
            if (s == null) {
                return null;
            }
            IThrowableProxy[] out = new IThrowableProxy[s.length];
            for (int i = 0; i < s.length; i++) {
                out[i] = of(s[i]);
            }
            return out;
        }

        @Override
        public boolean isCyclic() {
            return raw.isCyclic();
        }
    }
}
