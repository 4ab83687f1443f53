package org.kiste.files;

/** One PROPPATCH instruction: set (value non-null) or remove a dead property. */
public record PropPatch(String namespace, String localName, String valueXml) {
    public boolean isRemove() {
        return valueXml == null;
    }
}
