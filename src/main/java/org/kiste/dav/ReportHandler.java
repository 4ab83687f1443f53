package org.kiste.dav;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.kiste.dav.xml.FilterFilesRequest;
import org.kiste.dav.xml.PropFindRequest;
import org.kiste.dav.xml.XmlBodyException;
import org.kiste.files.Located;

/**
 * REPORT {@code oc:filter-files} (Nextcloud's favourites list): every favourite at or below the requested
 * folder, anywhere in depth, as one flat multistatus with the asked-for properties. Other report types are
 * refused with 403 {@code supported-report} (RFC 3253 §3.6).
 */
public final class ReportHandler extends DavHandler {

    @Override
    public String[] getMethods() {
        return new String[] {"REPORT"};
    }

    @Override
    protected void handle(DavExchange x, DavNode target) throws IOException, XmlBodyException {
        if (!(existing(target) instanceof TreeNode node)) {
            throw target.refused("REPORT");
        }
        FilterFilesRequest request;
        try {
            InputStream body = Bodies.readCapped(x.req(), x.maxXmlBody());
            if (body == null) {
                throw new XmlBodyException("REPORT needs a body");
            }
            request = FilterFilesRequest.parse(body);
        } catch (XmlBodyException e) {
            if (e.getMessage().startsWith("this REPORT")) {
                DavErrors.sendCondition(x.resp(), 403, "supported-report");
                return;
            }
            throw e;
        }
        // no system tags exist, so a tag rule matches nothing; without a favourite rule nothing is filtered in
        List<Located> found = request.favoritesOnly() && !request.anyTagRule()
                ? x.files().favorites().list(x.principal(), node.path())
                : List.of();
        PropFindRequest props = request.props().isEmpty()
                ? PropFindRequest.ALL
                : new PropFindRequest(PropFindRequest.Kind.PROP, request.props());
        PropFindHandler.writeFlat(x, Found.nodes(x, node.location(), found), props, PropContext.of(x, node.location()));
    }
}
