package org.kiste.cli;

import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The environment the {@code kiste} command reads its settings from ({@code KISTE_*}, {@code KISTE_CONF}): the
 * process environment when run as a program, another map when the command line is run within a program.
 */
public interface CliEnvironment {
    Map<String, String> variables();

    /** The environment of the root command of {@code spec}, or the process environment. */
    static Map<String, String> of(CommandSpec spec) {
        return spec.root().userObject() instanceof CliEnvironment e ? e.variables() : System.getenv();
    }
}
