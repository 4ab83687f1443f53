package org.kiste.cli;

import org.kiste.config.Version;
import picocli.CommandLine;

/** {@code kiste --version}. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {Version.PRODUCT + " " + Version.get()};
    }
}
