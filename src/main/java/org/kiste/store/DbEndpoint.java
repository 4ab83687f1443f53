package org.kiste.store;

/** Where the metadata database is: a JDBC URL and credentials. */
public record DbEndpoint(String url, String user, String password) {
    @Override
    public String toString() {
        return url + " (user " + user + ")";
    }
}
