package org.kiste.dav.xml;

import java.io.InputStream;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.namespace.QName;
import org.kiste.model.SearchQuery;
import org.kiste.model.SearchQuery.Compare;
import org.kiste.model.SearchQuery.Condition;
import org.kiste.model.SearchQuery.Field;
import org.kiste.model.SearchQuery.Op;
import org.w3c.dom.Element;

/**
 * A SEARCH body (RFC 5323 {@code basicsearch}) as the Nextcloud apps send it: properties to return, one scope
 * (an href below {@code /files/{user}} and a depth), a where clause over name, type, times, size, id and
 * favourite mark, an order and a limit. Anything else is a 400, which the apps report as a failed search.
 */
public record SearchRequest(
        List<QName> props,
        String scopeHref,
        boolean allDepths,
        Condition where,
        List<SearchQuery.Order> order,
        int limit) {
    private static final String DAV = DavXml.DAV;
    private static final String OC = "http://owncloud.org/ns";
    private static final String NC = "http://nextcloud.org/ns";

    public static SearchRequest parse(InputStream in) throws XmlBodyException {
        Element root = SafeDom.root(in);
        if (!SafeDom.is(root, DAV, "searchrequest")) {
            throw new XmlBodyException("expected DAV:searchrequest");
        }
        Element basic = SafeDom.child(root, DAV, "basicsearch");
        if (basic == null) {
            throw new XmlBodyException("only DAV:basicsearch is supported");
        }
        List<QName> props = new ArrayList<>();
        Element select = SafeDom.child(basic, DAV, "select");
        Element selectProp = select == null ? null : SafeDom.child(select, DAV, "prop");
        if (selectProp != null) {
            for (Element p : SafeDom.children(selectProp)) {
                props.add(name(p));
            }
        }
        Element from = SafeDom.child(basic, DAV, "from");
        Element scope = from == null ? null : SafeDom.child(from, DAV, "scope");
        Element href = scope == null ? null : SafeDom.child(scope, DAV, "href");
        if (href == null || href.getTextContent().isBlank()) {
            throw new XmlBodyException("the search needs DAV:from/DAV:scope/DAV:href");
        }
        Element depth = SafeDom.child(scope, DAV, "depth");
        String d = depth == null ? "infinity" : depth.getTextContent().trim();
        boolean all;
        if (d.equalsIgnoreCase("infinity")) {
            all = true;
        } else if (d.equals("1")) {
            all = false;
        } else {
            throw new XmlBodyException("search depth must be 1 or infinity");
        }
        Element where = SafeDom.child(basic, DAV, "where");
        Condition cond = new SearchQuery.All();
        if (where != null) {
            List<Element> parts = SafeDom.children(where);
            if (parts.size() > 1) {
                throw new XmlBodyException("DAV:where holds one expression");
            }
            if (parts.size() == 1) {
                cond = condition(parts.get(0), 0);
            }
        }
        List<SearchQuery.Order> order = new ArrayList<>();
        Element orderby = SafeDom.child(basic, DAV, "orderby");
        if (orderby != null) {
            for (Element o : SafeDom.children(orderby)) {
                if (!SafeDom.is(o, DAV, "order")) {
                    continue;
                }
                Element prop = SafeDom.child(o, DAV, "prop");
                if (prop == null || SafeDom.children(prop).size() != 1) {
                    throw new XmlBodyException("DAV:order needs one property");
                }
                Field f = field(name(SafeDom.children(prop).get(0)));
                if (f == Field.FAVORITE) {
                    continue; // Nextcloud orders favourites first in its web view; a flat order ignores it
                }
                order.add(new SearchQuery.Order(f, SafeDom.child(o, DAV, "descending") == null));
            }
        }
        int limit = SearchQuery.MAX_RESULTS;
        Element lim = SafeDom.child(basic, DAV, "limit");
        Element n = lim == null ? null : SafeDom.child(lim, DAV, "nresults");
        if (n != null) {
            try {
                limit = Math.min(Integer.parseInt(n.getTextContent().trim()), SearchQuery.MAX_RESULTS);
            } catch (NumberFormatException e) {
                throw new XmlBodyException("DAV:nresults must be a number");
            }
            if (limit < 0) {
                throw new XmlBodyException("DAV:nresults must not be negative");
            }
        }
        return new SearchRequest(props, href.getTextContent().trim(), all, cond, order, limit);
    }

    private static QName name(Element e) {
        return new QName(e.getNamespaceURI() == null ? "" : e.getNamespaceURI(), e.getLocalName());
    }

    private static Condition condition(Element e, int depth) throws XmlBodyException {
        if (depth > 32) {
            throw new XmlBodyException("the where clause is nested too deeply");
        }
        if (!DAV.equals(e.getNamespaceURI())) {
            throw new XmlBodyException("unsupported search operator " + e.getLocalName());
        }
        switch (e.getLocalName()) {
            case "and", "or" -> {
                List<Condition> parts = new ArrayList<>();
                for (Element c : SafeDom.children(e)) {
                    parts.add(condition(c, depth + 1));
                }
                return e.getLocalName().equals("and") ? new SearchQuery.And(parts) : new SearchQuery.Or(parts);
            }
            case "not" -> {
                List<Element> parts = SafeDom.children(e);
                if (parts.size() != 1) {
                    throw new XmlBodyException("DAV:not holds one expression");
                }
                return new SearchQuery.Not(condition(parts.get(0), depth + 1));
            }
            case "is-collection" -> {
                return new SearchQuery.IsFolder();
            }
            case "eq", "lt", "lte", "gt", "gte", "like" -> {
                Op op = Op.valueOf(e.getLocalName().toUpperCase(java.util.Locale.ROOT));
                Element prop = SafeDom.child(e, DAV, "prop");
                Element literal = SafeDom.child(e, DAV, "literal");
                if (prop == null || literal == null || SafeDom.children(prop).size() != 1) {
                    throw new XmlBodyException("DAV:" + e.getLocalName() + " needs one DAV:prop and a DAV:literal");
                }
                Field f = field(name(SafeDom.children(prop).get(0)));
                return new Compare(f, op, value(f, op, literal.getTextContent().trim()));
            }
            default -> throw new XmlBodyException("unsupported search operator " + e.getLocalName());
        }
    }

    private static Field field(QName q) throws XmlBodyException {
        String ns = q.getNamespaceURI();
        String l = q.getLocalPart();
        if (DAV.equals(ns)) {
            switch (l) {
                case "displayname":
                    return Field.NAME;
                case "getcontenttype":
                    return Field.MIME;
                case "getlastmodified":
                    return Field.MTIME;
                case "getcontentlength":
                    return Field.SIZE;
                case "creationdate":
                    return Field.CREATED;
                default:
                    break;
            }
        } else if (OC.equals(ns)) {
            switch (l) {
                case "fileid":
                    return Field.FILEID;
                case "favorite":
                    return Field.FAVORITE;
                case "size":
                    return Field.SIZE;
                default:
                    break;
            }
        } else if (NC.equals(ns) && (l.equals("creation_time") || l.equals("upload_time"))) {
            return Field.CREATED;
        }
        throw new XmlBodyException("cannot search on {" + ns + "}" + l);
    }

    private static Object value(Field f, Op op, String literal) throws XmlBodyException {
        switch (f) {
            case NAME, MIME -> {
                return literal;
            }
            case FAVORITE -> {
                return literal.equals("1") || literal.equalsIgnoreCase("true") || literal.equalsIgnoreCase("yes");
            }
            case MTIME, CREATED -> {
                if (op == Op.LIKE) {
                    throw new XmlBodyException("LIKE applies to text properties");
                }
                return time(literal);
            }
            default -> {
                if (op == Op.LIKE) {
                    throw new XmlBodyException("LIKE applies to text properties");
                }
                try {
                    return Long.parseLong(literal);
                } catch (NumberFormatException e) {
                    throw new XmlBodyException("not a number: " + literal);
                }
            }
        }
    }

    /** Unix seconds (Android) or ISO 8601 (iOS, web) as milliseconds. */
    private static long time(String literal) throws XmlBodyException {
        try {
            return (long) (Double.parseDouble(literal) * 1000);
        } catch (NumberFormatException ignored) {
            // not a number: try a date
        }
        try {
            return OffsetDateTime.parse(literal).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(literal)
                        .toInstant(java.time.ZoneOffset.UTC)
                        .toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new XmlBodyException("not a time: " + literal);
            }
        }
    }
}
