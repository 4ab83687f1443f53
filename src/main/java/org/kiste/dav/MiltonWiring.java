package org.kiste.dav;

import io.milton.config.HttpManagerBuilder;
import io.milton.http.Handler;
import io.milton.http.HttpExtension;
import io.milton.http.HttpManager;
import io.milton.http.http11.CustomPostHandler;
import java.util.List;
import java.util.Set;

/**
 * Builds Milton's {@link HttpManager} with CE's unsafe defaults turned off (JSON, form, cookie and digest auth,
 * compression) and Kiste's handlers registered after CE's own, so they replace them for every method.
 */
public final class MiltonWiring {
    private MiltonWiring() {}

    public static List<DavHandler> handlers() {
        return List.of(
                new OptionsHandler(),
                new GetHandler(),
                new PutHandler(),
                new MkcolHandler(),
                new DeleteHandler(),
                new CopyMoveHandler(),
                new PropFindHandler(),
                new PropPatchHandler(),
                new LockHandler(),
                new UnlockHandler(),
                new ReportHandler());
    }

    /** @param tree the resource factory: every request's node comes from it */
    public static HttpManager build(DavTree tree) {
        HttpManagerBuilder b = new HttpManagerBuilder();
        b.setEnabledJson(false);
        b.setEnableFormAuth(false);
        b.setEnableCookieAuth(false);
        b.setEnableDigestAuth(false);
        b.setEnableCompression(false);
        b.setEnableOptionsAuth(false);
        b.setMainResourceFactory(tree);
        b.init();
        List<DavHandler> ours = handlers();
        b.getProtocols().add(new HttpExtension() {
            @Override
            public Set<Handler> getHandlers() {
                return Set.copyOf(ours);
            }

            @Override
            public List<CustomPostHandler> getCustomPostHandlers() {
                return List.of();
            }
        });
        return b.buildHttpManager();
    }
}
