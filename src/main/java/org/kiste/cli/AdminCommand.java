package org.kiste.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.kiste.Backend;
import org.kiste.auth.UserService;
import org.kiste.config.ConfigException;
import org.kiste.config.KisteConfig;
import org.kiste.groups.GroupException;
import org.kiste.store.StoreException;
import org.kiste.teamfolders.TeamFolderException;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * An admin subcommand: opens the backend (attaching to a running server's database), runs, and turns an
 * operator error into {@code kiste: <message>} on stderr and exit code 1.
 */
abstract class AdminCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILED = 1;

    @Spec
    CommandSpec spec;

    /** The exit status of a run that finished: a command that reports problems (fsck) sets {@link #FAILED}. */
    int status = OK;

    /** Runs before the backend opens: reading a password or a confirmation must not wait for the database. */
    void prepare() {}

    abstract void run(Backend backend) throws IOException;

    @Override
    public final Integer call() {
        try {
            prepare();
            quietLogging();
            try (Backend backend = Backend.open(KisteConfig.load(CliEnvironment.of(spec)), true)) {
                run(backend);
            }
            out().flush();
            return status;
        } catch (OperatorError | UserService.UserException | GroupException | TeamFolderException | ConfigException e) {
            return fail(e.getMessage(), null);
        } catch (IOException | StoreException e) {
            return fail(e.getMessage(), e);
        } catch (RuntimeException e) {
            // the pool or Flyway failing to reach the database: the message is the useful part
            return fail(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private int fail(String message, Exception cause) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("kiste: " + message);
        if (cause != null && verbose()) {
            cause.printStackTrace(err);
        }
        err.flush();
        return FAILED;
    }

    private static boolean verbose() {
        String level = System.getProperty("kiste.log.level", "");
        return level.equalsIgnoreCase("DEBUG") || level.equalsIgnoreCase("TRACE");
    }

    /**
     * Admin commands print their own output only: logs drop to WARN (unless {@code -Dkiste.log.level} asks
     * otherwise) and go to stderr, so {@code kiste user list} can be piped.
     */
    static void quietLogging() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (System.getProperty("kiste.log.level") == null) {
            root.setLevel(Level.WARN);
            // pool-sizing advice is for the server; a short-lived CLI pool is fine as it is
            context.getLogger("com.zaxxer.hikari").setLevel(Level.ERROR);
        }
        root.iteratorForAppenders().forEachRemaining(a -> {
            if (a instanceof ConsoleAppender<?> console && !"System.err".equals(console.getTarget())) {
                console.stop();
                console.setTarget("System.err");
                console.start();
            }
        });
    }

    /** A refusal the operator can fix (no terminal, passwords differ, deletion not confirmed). */
    static final class OperatorError extends RuntimeException {
        OperatorError(String message) {
            super(message);
        }
    }
}
