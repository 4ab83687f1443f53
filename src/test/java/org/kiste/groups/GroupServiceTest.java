package org.kiste.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kiste.model.AuditEvent;
import org.kiste.model.Group;
import org.kiste.testing.TestServer;

/** Groups against the real database: CRUD, membership, and one audit event per change. */
class GroupServiceTest {
    private final TestServer ts = TestServer.get();
    private final GroupService groups = ts.backend.groups();

    @Test
    void createRenameDeleteWithAuditEvents() {
        Instant start = Instant.now().minusSeconds(1);
        String g = unique("sales");
        String actor = unique("actor");
        assertThat(groups.add(actor, g, "Sales team").displayName()).isEqualTo("Sales team");
        assertThatThrownBy(() -> groups.add(actor, g, null))
                .isInstanceOf(GroupException.class)
                .hasMessage("group '" + g + "' already exists");
        assertThatThrownBy(() -> groups.add(actor, "bad/name", null))
                .isInstanceOf(GroupException.class)
                .hasMessageContaining("invalid group name");
        String renamed = g + "-new";
        groups.rename(actor, g, renamed);
        assertThat(groups.list()).extracting(Group::name).contains(renamed).doesNotContain(g);
        assertThatThrownBy(() -> groups.rename(actor, g, "x" + g)).hasMessage("no such group '" + g + "'");
        groups.delete(actor, renamed);
        assertThat(groups.list()).extracting(Group::name).doesNotContain(renamed);
        assertThatThrownBy(() -> groups.delete(actor, renamed)).hasMessage("no such group '" + renamed + "'");

        List<AuditEvent> mine = events(start, actor);
        assertThat(mine).extracting(AuditEvent::action).containsExactly("group.delete", "group.rename", "group.add");
        assertThat(mine.get(1).subject()).isEqualTo(g);
        assertThat(mine.get(1).target()).isEqualTo(renamed);
        assertThat(mine.get(2).detail()).isEqualTo("{\"displayName\":\"Sales team\"}");
    }

    @Test
    void membershipAndAUserInManyGroups() {
        Instant start = Instant.now().minusSeconds(1);
        String actor = unique("actor");
        String alice = ts.newUser("gm");
        String bob = ts.newUser("gm");
        List<String> names = List.of(unique("a"), unique("b"), unique("c"));
        for (String n : names) {
            groups.add(actor, n, null);
            assertThat(groups.addMember(actor, n, alice)).isTrue();
        }
        assertThat(groups.addMember(actor, names.get(0), alice))
                .as("already a member")
                .isFalse();
        groups.addMember(actor, names.get(0), bob);
        long aliceId = ts.users().find(alice).orElseThrow().id();
        assertThat(groups.groupsOf(aliceId)).extracting(Group::name).containsExactlyInAnyOrderElementsOf(names);
        assertThat(groups.members(names.get(0))).containsExactlyInAnyOrder(alice, bob);
        assertThat(groups.list())
                .filteredOn(x -> x.name().equals(names.get(0)))
                .extracting(Group::members)
                .containsExactly(2);
        assertThatThrownBy(() -> groups.addMember(actor, names.get(0), "nobody-" + actor))
                .isInstanceOf(GroupException.class)
                .hasMessage("no such user 'nobody-" + actor + "'");
        assertThatThrownBy(() -> groups.addMember(actor, "none-" + actor, alice))
                .hasMessage("no such group 'none-" + actor + "'");

        assertThat(groups.removeMember(actor, names.get(1), alice)).isTrue();
        assertThat(groups.removeMember(actor, names.get(1), alice)).isFalse();
        assertThat(groups.groupsOf(aliceId))
                .extracting(Group::name)
                .containsExactlyInAnyOrder(names.get(0), names.get(2));

        // deleting the account takes it out of its groups
        ts.users().delete(bob);
        assertThat(groups.members(names.get(0))).containsExactly(alice);

        List<AuditEvent> mine = events(start, actor);
        assertThat(mine)
                .extracting(AuditEvent::action)
                .filteredOn(a -> a.equals("group.add-member"))
                .hasSize(4);
        assertThat(mine)
                .extracting(AuditEvent::action)
                .filteredOn(a -> a.equals("group.remove-member"))
                .hasSize(1);
        assertThat(mine.get(0).target()).isEqualTo("user:" + alice);
    }

    private List<AuditEvent> events(Instant since, String actor) {
        return ts.backend.audit().list(since, 1000).stream()
                .filter(e -> e.actor().equals(actor))
                .toList();
    }

    static String unique(String prefix) {
        return prefix + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    }
}
