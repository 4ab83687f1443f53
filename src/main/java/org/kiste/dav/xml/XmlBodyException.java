package org.kiste.dav.xml;

/** A request body that is not acceptable XML (malformed, DTD, wrong root): answered 400. */
public class XmlBodyException extends Exception {
    public XmlBodyException(String message) {
        super(message);
    }
}
