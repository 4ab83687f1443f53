package org.kiste.server;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %safeMsg} in {@code logback.xml}: the message of a log event through {@link LogRedaction}, so no call site
 * can log a token or a line break that came in with a request.
 */
public final class SafeMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return LogRedaction.clean(super.convert(event));
    }
}
