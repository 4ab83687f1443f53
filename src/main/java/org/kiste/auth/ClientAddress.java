package org.kiste.auth;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The address a throttle counts a client under: an IPv4 address as it is, an IPv6 address by its /64 (one
 * subscriber usually holds a whole /64, so counting single IPv6 addresses would count nothing). The address is
 * the one the server sees, or the client's as told by a trusted proxy.
 */
public final class ClientAddress {
    private ClientAddress() {}

    public static String of(String remoteAddr) {
        if (remoteAddr == null || remoteAddr.isEmpty()) {
            return "unknown";
        }
        if (canonicalIpv4(remoteAddr)) {
            return remoteAddr; // what the parse below would give back (the common case, every request)
        }
        String a = remoteAddr;
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        int zone = a.indexOf('%');
        if (zone >= 0) {
            a = a.substring(0, zone);
        }
        // only literals reach InetAddress: a name would be looked up in DNS
        if (a.isEmpty() || a.length() > 45 || !a.chars().allMatch(ClientAddress::literalChar)) {
            return clip(remoteAddr);
        }
        InetAddress ip;
        try {
            ip = InetAddress.getByName(a);
        } catch (UnknownHostException e) {
            return clip(remoteAddr);
        }
        if (ip instanceof Inet6Address) {
            byte[] b = ip.getAddress();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                sb.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff)))
                        .append(':');
            }
            return sb.append(":/64").toString();
        }
        return ip.getHostAddress(); // IPv4, including IPv4-mapped IPv6, which Java turns into IPv4
    }

    /** Four decimal parts of 0 to 255 without leading zeros, as {@link InetAddress#getHostAddress} writes them. */
    static boolean canonicalIpv4(String a) {
        int parts = 0;
        int i = 0;
        int n = a.length();
        while (i < n) {
            int start = i;
            int value = 0;
            while (i < n && a.charAt(i) >= '0' && a.charAt(i) <= '9' && i - start < 3) {
                value = value * 10 + (a.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && a.charAt(start) == '0')) {
                return false;
            }
            parts++;
            if (i == n) {
                break;
            }
            if (a.charAt(i) != '.' || parts == 4) {
                return false;
            }
            i++;
            if (i == n) {
                return false;
            }
        }
        return parts == 4;
    }

    private static boolean literalChar(int ch) {
        return ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f' || ch >= 'A' && ch <= 'F' || ch == ':' || ch == '.';
    }

    private static String clip(String s) {
        return s.length() > 64 ? s.substring(0, 64) : s;
    }
}
