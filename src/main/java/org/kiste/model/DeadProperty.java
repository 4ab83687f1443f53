package org.kiste.model;

/** A client-defined property: its qualified name and its value as an XML fragment (text or child elements). */
public record DeadProperty(String namespace, String localName, String valueXml) {}
