package org.kiste.model;

/** The method does not apply to this resource (405); {@link #allow()} names the ones that do. */
public class MethodNotAllowedException extends FilesException {
    private final String allow;

    public MethodNotAllowedException(String message, String allow) {
        super(message);
        this.allow = allow;
    }

    public String allow() {
        return allow;
    }

    @Override
    public int httpStatus() {
        return 405;
    }
}
