package org.kiste.cli;

import org.kiste.model.Subject;
import picocli.CommandLine.Option;

/** {@code --group G | --user U}: exactly one, as a picocli exclusive group. */
final class FolderSubject {
    @Option(
            names = "--group",
            paramLabel = "GROUP",
            required = true,
            description = "A group: applies to all its members.")
    String group;

    @Option(names = "--user", paramLabel = "USER", required = true, description = "A single user (login name).")
    String user;

    Subject.Type type() {
        return group != null ? Subject.Type.GROUP : Subject.Type.USER;
    }

    String name() {
        return group != null ? group : user;
    }

    String describe() {
        return type().label() + " '" + name() + "'";
    }
}
