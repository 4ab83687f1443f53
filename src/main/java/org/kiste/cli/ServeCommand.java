package org.kiste.cli;

import java.util.concurrent.Callable;
import org.kiste.server.KisteServer;
import picocli.CommandLine.Command;

/** {@code kiste serve}: runs the server in the foreground until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Start Kiste in the foreground (embedded MariaDB unless KISTE_DB_URL is set).",
                "Settings come from conf/kiste.properties (or KISTE_CONF) and KISTE_* environment variables."})
public final class ServeCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        return KisteServer.runForeground();
    }
}
