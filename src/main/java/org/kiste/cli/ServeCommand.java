package org.kiste.cli;

import java.util.concurrent.Callable;
import org.kiste.config.ConfigException;
import org.kiste.server.KisteServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kiste serve}: runs the server in the foreground until SIGTERM or Ctrl-C. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Start Kiste in the foreground (embedded MariaDB unless KISTE_DB_URL is set).",
            "Settings come from conf/kiste.properties (or KISTE_CONF) and KISTE_* environment variables."
        })
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try {
            return KisteServer.runForeground();
        } catch (ConfigException e) {
            // the message names the setting and what to do; a stack trace would only bury it
            spec.commandLine().getErr().println("kiste: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }
}
