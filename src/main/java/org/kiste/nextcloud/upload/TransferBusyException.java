package org.kiste.nextcloud.upload;

import org.kiste.files.FilesException;

/** The transfer is being assembled right now, by this or another server process: 423, try again later. */
public final class TransferBusyException extends FilesException {
    public TransferBusyException(String transfer) {
        super("upload " + transfer + " is being assembled");
    }
}
