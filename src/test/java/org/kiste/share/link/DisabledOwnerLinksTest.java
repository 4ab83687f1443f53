package org.kiste.share.link;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kiste.model.Share;
import org.kiste.testing.Browser;
import org.kiste.testing.Dav;
import org.kiste.testing.Links;
import org.kiste.testing.TestServer;

/**
 * A disabled account's public links answer like deleted ones on every door (the page, its download, the public
 * WebDAV), and serve again once the account is enabled.
 */
class DisabledOwnerLinksTest {
    private final TestServer ts = TestServer.get();
    private final Links links = new Links(ts);

    @Test
    void linksOfADisabledAccountAnswer404UntilItIsEnabledAgain() {
        String owner = ts.newUser("dlo");
        Dav dav = ts.dav(owner);
        dav.mkcol("Pub");
        dav.put("Pub/a.txt", "alpha");
        Share link = links.create(owner, "/Pub", Links.READ_WRITE, null);
        String page = ts.baseUrl + "/s/" + link.token();
        String davUrl = ts.baseUrl + "/public.php/dav/files/" + link.token() + "/a.txt";
        Dav visitor = new Dav(ts.baseUrl, "anonymous", null);
        Browser b = new Browser("Accept-Language", "en");

        assertThat(b.get(page).statusCode()).isEqualTo(200);
        assertThat(b.getBytes(page + "/download?path=/a.txt").statusCode()).isEqualTo(200);
        assertThat(visitor.send("GET", davUrl, null).statusCode()).isEqualTo(200);

        ts.users().setEnabled(owner, false);
        assertThat(b.get(page).statusCode()).isEqualTo(404);
        assertThat(b.getBytes(page + "/download?path=/a.txt").statusCode()).isEqualTo(404);
        assertThat(b.getBytes(page + "/download").statusCode()).isEqualTo(404);
        assertThat(visitor.send("GET", davUrl, null).statusCode()).isEqualTo(404);
        assertThat(visitor.send("PUT", davUrl, "overwritten").statusCode()).isEqualTo(404);
        assertThat(visitor.send(
                                "PROPFIND",
                                ts.baseUrl + "/public.php/dav/files/" + link.token() + "/",
                                null,
                                "Depth",
                                "1")
                        .statusCode())
                .isEqualTo(404);

        ts.users().setEnabled(owner, true);
        assertThat(b.get(page).statusCode()).isEqualTo(200);
        assertThat(visitor.send("GET", davUrl, null).body()).isEqualTo("alpha");
    }
}
