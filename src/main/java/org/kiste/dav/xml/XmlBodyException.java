package org.kiste.dav.xml;

import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamException;
import org.xml.sax.SAXParseException;

/** A request body that is not acceptable XML (malformed, DTD, wrong root): answered 400. */
public class XmlBodyException extends Exception {
    public XmlBodyException(String message) {
        super(message);
    }

    /**
     * A body the parser refused, told by where it failed: the parser's own message names the parser, its features
     * and its limits, and is not for the client.
     */
    static XmlBodyException malformed(Exception parserError) {
        int line = -1;
        int column = -1;
        if (parserError instanceof SAXParseException e) {
            line = e.getLineNumber();
            column = e.getColumnNumber();
        } else if (parserError instanceof XMLStreamException e && e.getLocation() != null) {
            Location at = e.getLocation();
            line = at.getLineNumber();
            column = at.getColumnNumber();
        }
        return new XmlBodyException(
                line > 0 ? "malformed XML body at line " + line + ", column " + column : "malformed XML body");
    }
}
