package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.files.FilesService;
import org.kiste.files.Resolved;
import org.kiste.model.FilePath;
import org.kiste.model.Node;
import org.kiste.model.Principal;
import org.kiste.testing.Dav;
import org.kiste.testing.TestServer;

/**
 * A listing read page by page gives every child once, in name order, in pages of at most the page size, none of them
 * empty: whether the folder's size is a multiple of the page (the last page full, no page after it) or not.
 */
class ListingPagesTest {
    private static final int ENTRIES = 12;

    private static final TestServer s = TestServer.get();
    private static String login;

    @BeforeAll
    static void folder() throws Exception {
        login = s.newUser("pages");
        Dav dav = s.dav(login).in("paged");
        dav.mkcol("d05");
        for (int i = 0; i < ENTRIES; i++) {
            if (i != 5) {
                dav.put(String.format("f%02d.txt", i), "content " + i);
            }
        }
    }

    @Test
    void everyPageSizeGivesEveryChildOnceInOrder() throws Exception {
        FilesService files = s.backend.files();
        Principal p = s.users().find(login).orElseThrow().principal();
        Resolved folder = files.resolve(p, FilePath.parse("paged"));
        List<String> expected = new ArrayList<>(List.of("d05")); // by name: the folder first
        for (int i = 0; i < ENTRIES; i++) {
            if (i != 5) {
                expected.add(String.format("f%02d.txt", i));
            }
        }
        for (int size = 1; size <= ENTRIES + 2; size++) {
            List<String> names = new ArrayList<>();
            List<Integer> pages = new ArrayList<>();
            int pageSize = size;
            files.list(p, folder, pageSize, page -> {
                pages.add(page.size());
                page.stream().map(Node::name).forEach(names::add);
            });
            assertThat(names).as("page size %d", size).isEqualTo(expected);
            assertThat(pages).as("page size %d", size).hasSize((ENTRIES + size - 1) / size);
            assertThat(pages).as("page size %d", size).allMatch(n -> n > 0 && n <= pageSize);
        }
    }
}
