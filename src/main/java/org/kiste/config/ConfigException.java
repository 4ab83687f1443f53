package org.kiste.config;

/** A setting is missing or malformed; the message names the key and is meant for the operator. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
